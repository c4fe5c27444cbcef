package org.oncotwin.demo;

/** A synthetic demo patient (no real person), coordinated by one of the demo centres. */
record DemoPatient(String family, String given, String birthDate, String gender, String mrn,
                   String coordinatingCentre, boolean urgent) {

    private static final String[][] NAMES = {
        {"Novak", "Jana", "female"}, {"Horvat", "Eva", "female"}, {"Schmidt", "Karl", "male"},
        {"Dvorak", "Petr", "male"}, {"Weber", "Anna", "female"}, {"Kral", "Tomas", "male"},
        {"Fischer", "Lena", "female"}, {"Svoboda", "Marie", "female"}, {"Becker", "Jonas", "male"},
        {"Cerny", "Lukas", "male"}, {"Hoffmann", "Greta", "female"}, {"Prochazka", "Ivana", "female"},
        {"Wagner", "Paul", "male"}, {"Kucera", "Hana", "female"}, {"Richter", "Emil", "male"},
        {"Vesela", "Tereza", "female"}, {"Klein", "Ida", "female"}, {"Horak", "Jakub", "male"},
        {"Wolf", "Frieda", "female"}, {"Nemec", "Ondrej", "male"}, {"Schulz", "Martha", "female"},
        {"Pokorny", "Milan", "male"}, {"Neumann", "Heinz", "male"}, {"Marek", "Zuzana", "female"},
        {"Zimmermann", "Ruth", "female"}, {"Pospisil", "Karel", "male"}, {"Braun", "Otto", "male"},
        {"Hajek", "Lenka", "female"}, {"Krueger", "Sabine", "female"}, {"Jelinek", "Vaclav", "male"},
        {"Hartmann", "Uwe", "male"}, {"Ruzicka", "Eliska", "female"}, {"Lange", "Britta", "female"},
        {"Benes", "Radek", "male"}, {"Schmitt", "Carla", "female"}, {"Fiala", "Jiri", "male"},
        {"Krause", "Dieter", "male"}, {"Sedlacek", "Alena", "female"}, {"Meier", "Hanna", "female"},
        {"Dolezal", "Pavel", "male"}, {"Koch", "Rita", "female"}, {"Zeman", "Libor", "male"},
        {"Vogel", "Nina", "female"}, {"Kolar", "Bohdan", "male"}, {"Roth", "Elke", "female"},
        {"Navratil", "Dana", "female"}, {"Frank", "Gerd", "male"}, {"Urban", "Olga", "female"}};

    static int count() {
        return NAMES.length;
    }

    /** The n-th demo patient: a name of the list, a birth date of her own, a demo MRN. */
    static DemoPatient number(int n, String coordinatingCentre) {
        String[] name = NAMES[n % NAMES.length];
        String birthDate = String.format("19%02d-%02d-%02d", 40 + n % 45, 1 + n % 12, 1 + (n * 7) % 28);
        return new DemoPatient(name[0], name[1], birthDate, name[2], String.format("DEMO-%04d", n),
                coordinatingCentre, n % 7 == 3);
    }

    /** Most demo patients agree to research use of their data; every fifth declines. */
    String consentResearch() {
        return number() % 5 == 4 ? "deny" : "permit";
    }

    /** Nearly all agree to sharing their data for care across the centres. */
    String consentCareSharing() {
        return number() % 13 == 7 ? "deny" : "permit";
    }

    private int number() {
        return Integer.parseInt(mrn.substring("DEMO-".length()));
    }

    String displayName() {
        return given + " " + family;
    }
}
