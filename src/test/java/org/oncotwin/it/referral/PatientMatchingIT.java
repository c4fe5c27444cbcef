package org.oncotwin.it.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oncotwin.process.Activities.*;
import static org.oncotwin.process.VariableNames.*;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.oncotwin.testing.AbstractPathwayIT;
import org.oncotwin.testing.CentreRecords;
import org.springframework.http.HttpStatus;

/**
 * Patients referred to a centre that already knows some of them, under noisy demographics: a fifth of the generated
 * patients exist at the receiving centre before (some with the referrer's MRN, the rest only with typos, swapped
 * given names or no sex recorded), and others share a birth date with someone else there. Each referral must end up
 * in the centre's own record of that person, or in one new record: no duplicate, no wrong link.
 */
class PatientMatchingIT extends AbstractPathwayIT {

    private static final int PATIENTS = 20;
    private static final String CENTRE = "dresden";
    private static final List<String> FAMILY = List.of("Schneider", "Fischer", "Weber", "Becker", "Hoffmann",
            "Schulz", "Koch", "Richter", "Wolf", "Neumann", "Schwarz", "Zimmermann", "Braun", "Hartmann", "Lange",
            "Werner", "Krause", "Lehmann", "Schmitt", "Walter");
    private static final List<String> GIVEN = List.of("Anna Maria", "Jonas", "Lena Sophie", "Lukas", "Marie",
            "Felix Johann", "Emma", "Paul", "Mia Luise", "Elias", "Hanna Luise", "Noah", "Lea", "Ben Oskar", "Clara",
            "Emil", "Ida", "Theo", "Greta Marie", "Anton");

    record Person(String family, String given, LocalDate birthDate, AdministrativeGender gender, String mrn) {
    }

    /** The truth of one generated patient: who they are, and their record at the centre before the referral. */
    record Case(Person person, String knownAs, String decoy, String noise) {
    }

    @Test
    void knownPatientsAreLinkedNeverDuplicatedAndOthersAreNeverTakenForThem() {
        Random random = new Random(20261202);
        CentreRecords dresden = records(CENTRE);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < PATIENTS; i++) {
            var person = new Person(FAMILY.get(i) + suffix(random), GIVEN.get(i),
                    LocalDate.of(1935 + random.nextInt(55), 1 + random.nextInt(12), 1 + random.nextInt(28)),
                    i % 2 == 0 ? AdministrativeGender.FEMALE : AdministrativeGender.MALE,
                    "LE-" + Integer.toHexString(random.nextInt(1 << 24)));
            String knownAs = null;
            String decoy = null;
            String noise = "not known at the centre";
            if (i % 5 == 0) {
                noise = switch ((i / 5) % 4) {
                    case 0 -> "the referrer's MRN, a typo in the family name";
                    case 1 -> "a typo in the family name";
                    case 2 -> "given names swapped, no sex recorded";
                    default -> "letters swapped in the given name, accents";
                };
                knownAs = existingRecord(dresden, person, (i / 5) % 4);
            } else if (i % 5 == 1) {
                noise = "someone else born the same day";
                decoy = decoyRecord(dresden, person);
            }
            cases.add(new Case(person, knownAs, decoy, noise));
        }

        for (Case c : cases) {
            refer(c);
        }

        for (Case c : cases) {
            String twin = twinOf(c);
            List<Patient> linked = dresden.search(Patient.class, "identifier=urn:oncotwin:twin|" + twin);
            assertThat(linked).as("%s (%s): one record at the centre", c.person().family(), c.noise()).hasSize(1);
            if (c.knownAs() != null) {
                assertThat(idOf(linked.get(0))).as("%s (%s): the centre's own record", c.person().family(),
                        c.noise()).isEqualTo(c.knownAs());
            }
            if (c.decoy() != null) {
                Patient decoy = dresden.read(Patient.class, c.decoy());
                assertThat(decoy.getIdentifier()).as("the other person born that day is left alone")
                        .noneMatch(id -> "urn:oncotwin:twin".equals(id.getSystem()));
                assertThat(idOf(linked.get(0))).isNotEqualTo(c.decoy());
            }
            List<Patient> sameBirthDate = dresden.search(Patient.class, "birthdate=" + c.person().birthDate());
            assertThat(sameBirthDate).as("%s: no duplicate", c.person().family())
                    .hasSize(c.decoy() == null ? 1 : 2);
        }
    }

    private final Map<Case, String> twins = new HashMap<>();
    private final Map<Case, String> pathways = new HashMap<>();

    private String twinOf(Case c) {
        return twins.get(c);
    }

    /** Intake, handover, and as the coordinator, Confirm identity where it is asked: the truth decides. */
    private void refer(Case c) {
        var intake = Map.<String, Object>of(PATIENT_FAMILY_NAME, c.person().family(),
                PATIENT_GIVEN_NAME, c.person().given(), PATIENT_BIRTH_DATE, c.person().birthDate().toString(),
                PATIENT_GENDER, c.person().gender().toCode(), PATIENT_MRN, c.person().mrn(),
                REFERRAL_REASON, "Staging", URGENCY, "routine", DIAGNOSTICS_CENTRE, CENTRE);
        var response = api().postForEntity("/api/pathways", intake, StartedPathway.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        twins.put(c, response.getBody().twinId());
        pathways.put(c, response.getBody().processInstanceId());
        String step = awaitStep(response.getBody().processInstanceId());
        completeAs("leipzig-physician", awaitUserTask(step, HANDOVER), Map.of(CLINICAL_SUMMARY, "Staging",
                REFERRAL_REASON, "Staging", URGENCY, "routine"));
        await("the referral of " + c.person().family() + " sent or an identity to confirm", () ->
                stepVariable(step, REFERRAL_TASK_ID) != null || tasks.createTaskQuery().processInstanceId(step)
                        .taskDefinitionKey(CONFIRM_IDENTITY).count() == 1);
        var confirm = tasks.createTaskQuery().processInstanceId(step).taskDefinitionKey(CONFIRM_IDENTITY)
                .singleResult();
        if (confirm != null) {
            List<String> candidates = List.of(((String) stepVariable(step, IDENTITY_CANDIDATES)).split(","));
            assertThat(c.decoy()).as("%s: the other person born that day is no candidate", c.person().family())
                    .isNotIn(candidates);
            String choice = c.knownAs() == null ? "new" : Integer.toString(candidates.indexOf(c.knownAs()) + 1);
            assertThat(c.knownAs() == null || candidates.contains(c.knownAs()))
                    .as("%s (%s): the centre's own record is among the candidates %s", c.person().family(),
                            c.noise(), candidates).isTrue();
            assertThat((String) stepVariable(step, IDENTITY_COMPARISON)).contains("Referred patient");
            completeAs("coordinator", confirm, Map.of(IDENTITY_CHOICE, choice));
        } else {
            assertThat(stepVariable(step, IDENTITY_MATCH)).as("%s (%s)", c.person().family(), c.noise())
                    .isIn("certain", "none");
        }
        await("the referral of " + c.person().family() + " sent", () -> stepVariable(step, REFERRAL_TASK_ID) != null);
        cleanUp(pathways.get(c));
    }

    /** The centre's own record of the person before OncoTwin refers them, with the noise of a real registry. */
    private static String existingRecord(CentreRecords centre, Person person, int noise) {
        Patient record = new Patient();
        record.addIdentifier().setSystem("urn:dresden:mrn").setValue("DD-" + person.mrn().substring(3));
        String family = person.family();
        String given = person.given();
        AdministrativeGender gender = person.gender();
        switch (noise) {
            case 0 -> {
                record.addIdentifier().setSystem("urn:oncotwin:centre:leipzig:mrn").setValue(person.mrn());
                family = typo(family);
            }
            case 1 -> family = typo(family);
            case 2 -> {
                List<String> parts = new ArrayList<>(List.of(given.split(" ")));
                java.util.Collections.reverse(parts);
                given = String.join(" ", parts);
                gender = null;
            }
            default -> {
                given = swapLetters(given);
                family = family.replace("a", "á").replace("o", "ö");
            }
        }
        var name = record.addName().setFamily(family);
        for (String part : given.split(" ")) {
            name.addGiven(part);
        }
        record.getBirthDateElement().setValueAsString(person.birthDate().toString());
        record.setGender(gender);
        record.addAddress().addLine("Fetscherstraße 74").setCity("Dresden");
        return centre.client().create().resource(record).execute().getId().toUnqualifiedVersionless().getValue();
    }

    /** Another person born the same day, with another given name and family. */
    private static String decoyRecord(CentreRecords centre, Person person) {
        Patient record = new Patient();
        record.addName().setFamily("Vogel" + person.family().substring(person.family().length() - 3))
                .addGiven("Karl");
        record.getBirthDateElement().setValueAsString(person.birthDate().toString());
        record.setGender(AdministrativeGender.MALE);
        return centre.client().create().resource(record).execute().getId().toUnqualifiedVersionless().getValue();
    }

    /** One letter typed wrong, not the first. */
    private static String typo(String name) {
        int at = 2 + (name.length() - 3) / 2;
        char wrong = name.charAt(at) == 'e' ? 'a' : 'e';
        return name.substring(0, at) + wrong + name.substring(at + 1);
    }

    private static String swapLetters(String given) {
        String first = given.split(" ")[0];
        String swapped = first.charAt(0) + "" + first.charAt(2) + first.charAt(1) + first.substring(3);
        return given.replaceFirst(first, swapped);
    }

    /** Some double-barrelled names, as in any registry. */
    private static String suffix(Random random) {
        return List.of("", "", "-Berg", "-Lind", "-Roth").get(random.nextInt(5));
    }
}
