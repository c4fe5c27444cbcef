package org.oncotwin.referral;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.oncotwin.process.PatientDetails;

/**
 * Whether a centre's Patient record is probably the referred patient, by name, birth date and sex: the birth date
 * must be the same; the sex must not differ where both are known; family and given names must be alike (the same
 * after removing case, accents and punctuation, or one letter typed wrong, two in names longer than six letters),
 * given names in any order, or family and given name swapped. Never certain: only an identifier is.
 */
final class DemographicMatch {

    private DemographicMatch() {
    }

    /** @return why the record is a probable match, or empty when it is not one */
    static Optional<String> probable(PatientDetails ours, Patient theirs) {
        if (ours.birthDate() == null || !theirs.hasBirthDate()
                || !ours.birthDate().toString().equals(theirs.getBirthDateElement().getValueAsString())) {
            return Optional.empty();
        }
        if (ours.gender() != null && theirs.hasGender() && ours.gender() != AdministrativeGender.UNKNOWN
                && theirs.getGender() != AdministrativeGender.UNKNOWN && ours.gender() != theirs.getGender()) {
            return Optional.empty();
        }
        List<String> ourGiven = tokens(ours.givenName());
        String ourFamily = normalized(ours.familyName());
        for (HumanName name : theirs.getName()) {
            String theirFamily = normalized(name.getFamily());
            List<String> theirGiven = new ArrayList<>();
            name.getGiven().forEach(given -> theirGiven.addAll(tokens(given.getValue())));
            if (alike(ourFamily, theirFamily) && anyAlike(ourGiven, theirGiven)) {
                return Optional.of("same birth date, " + (ourFamily.equals(theirFamily) ? "same" : "similar")
                        + " family name, " + (sameTokens(ourGiven, theirGiven) ? "same" : "similar")
                        + " given name" + (theirs.hasGender() ? "" : ", no sex recorded"));
            }
            if (anyAlike(List.of(ourFamily), theirGiven) && anyAlike(ourGiven, List.of(theirFamily))) {
                return Optional.of("same birth date, family and given name swapped");
            }
        }
        return Optional.empty();
    }

    static boolean alike(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        if (a.equals(b)) {
            return true;
        }
        int allowed = Math.max(a.length(), b.length()) > 6 ? 2 : 1;
        return Math.abs(a.length() - b.length()) <= allowed && editDistance(a, b) <= allowed;
    }

    private static boolean anyAlike(List<String> ours, List<String> theirs) {
        return ours.stream().anyMatch(a -> theirs.stream().anyMatch(b -> alike(a, b)));
    }

    private static boolean sameTokens(List<String> a, List<String> b) {
        return a.stream().sorted().toList().equals(b.stream().sorted().toList());
    }

    static List<String> tokens(String names) {
        List<String> tokens = new ArrayList<>();
        if (names != null) {
            for (String token : names.split("[\\s\\-]+")) {
                String normalized = normalized(token);
                if (!normalized.isEmpty()) {
                    tokens.add(normalized);
                }
            }
        }
        return tokens;
    }

    static String normalized(String text) {
        if (text == null) {
            return "";
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return decomposed.toLowerCase(Locale.ROOT).replace("ß", "ss").replaceAll("[^a-z]", "");
    }

    /** Damerau-Levenshtein (optimal string alignment): a swap of two neighbouring letters is one typo. */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
