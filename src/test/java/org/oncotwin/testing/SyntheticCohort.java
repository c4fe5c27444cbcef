package org.oncotwin.testing;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Synthetic oncology patients with known diagnoses, stages, treatments and consents, written straight into the
 * centres' FHIR servers as a hospital's own systems would hold them; and the ground truth of any research question
 * about them, computed from what was generated (not from what the centres answer).
 */
public final class SyntheticCohort {

    public enum ConsentState { PERMIT, DENY, WITHDRAWN, NONE }

    public record Treatment(String modality, String snomedCode, String centre, LocalDate date, boolean done) {
    }

    public record SyntheticPatient(String twinId, String mrn, String givenName, String familyName, String phone,
                                   String street, String sex, LocalDate birthDate, String homeCentre,
                                   ConsentState consent, String diagnosis, LocalDate diagnosedOn, String t, String n,
                                   String m, List<Treatment> treatments) {

        /** Every centre that holds a record of the patient. */
        public Set<String> centres() {
            Set<String> centres = new LinkedHashSet<>();
            centres.add(homeCentre);
            treatments.forEach(treatment -> centres.add(treatment.centre()));
            return centres;
        }

        public int ageAtDiagnosis() {
            return Period.between(birthDate, diagnosedOn).getYears();
        }
    }

    /** A research question as the API takes it (nulls are not asked). */
    public record Question(String diagnosis, String t, String n, String m, String modality, LocalDate from,
                           LocalDate to, Integer minAge, Integer maxAge, String sex) {
    }

    /** The true answer: consenting patients meeting the question, in all and per centre holding their records. */
    public record Truth(int total, Map<String, Integer> perCentre, List<SyntheticPatient> patients) {
    }

    private static final String[] DIAGNOSES = {"C50.1", "C50.4", "C50.9", "C34.1", "C18.7", "C61", "C43.5", "C25.0"};
    private static final String[] T = {"T1", "T1a", "T1b", "T2", "T2a", "T3", "T4", "Tis"};
    private static final String[] N = {"N0", "N0", "N1", "N1a", "N2", "N3"};
    private static final String[] M = {"M0", "M0", "M0", "M1"};
    private static final String[] GIVEN = {"Anna", "Jana", "Petra", "Marie", "Karel", "Jan", "Lukas", "Eva", "Ida"};
    private static final String[] FAMILY = {"Novak", "Schmidt", "Dvorak", "Weber", "Horak", "Fischer", "Kral"};
    public static final Map<String, String> SNOMED = Map.of("surgery", "387713003", "radiotherapy", "108290001",
            "chemotherapy", "367336001", "immunotherapy", "76334006");
    private static final String TNM_SYSTEM = "http://www.uicc.org/tnm";

    private SyntheticCohort() {
    }

    /**
     * @param centres the first is the usual home centre; radiotherapy happens at the second or third
     */
    public static List<SyntheticPatient> generate(int count, long seed, int firstYear, int lastYear,
                                                  List<String> centres) {
        Random random = new Random(seed);
        List<SyntheticPatient> patients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String home = centres.get(random.nextInt(10) < 6 ? 0 : random.nextInt(centres.size()));
            LocalDate diagnosed = LocalDate.of(firstYear + random.nextInt(lastYear - firstYear + 1), 1, 1)
                    .plusDays(random.nextInt(365));
            String diagnosis = DIAGNOSES[random.nextInt(DIAGNOSES.length)];
            String sex = diagnosis.startsWith("C61") ? "male" : diagnosis.startsWith("C50")
                    ? (random.nextInt(100) == 0 ? "male" : "female") : random.nextBoolean() ? "female" : "male";
            LocalDate born = diagnosed.minusYears(25 + random.nextInt(55)).minusDays(random.nextInt(365));
            List<Treatment> treatments = new ArrayList<>();
            if (random.nextInt(10) < 7) {
                treatments.add(treatment("surgery", random.nextBoolean() ? home : centres.get(centres.size() - 1),
                        diagnosed.plusDays(14 + random.nextInt(60)), random));
            }
            if (random.nextInt(10) < 5) {
                treatments.add(treatment("radiotherapy", centres.get(1 + random.nextInt(centres.size() - 1)),
                        diagnosed.plusDays(60 + random.nextInt(120)), random));
            }
            if (random.nextInt(10) < 4) {
                treatments.add(treatment("chemotherapy", home, diagnosed.plusDays(30 + random.nextInt(200)),
                        random));
            }
            int consent = random.nextInt(10);
            ConsentState state = consent < 7 ? ConsentState.PERMIT : consent < 8 ? ConsentState.DENY
                    : consent < 9 ? ConsentState.WITHDRAWN : ConsentState.NONE;
            patients.add(new SyntheticPatient(new UUID(random.nextLong(), random.nextLong()).toString(),
                    "SYN-" + seed + "-" + i, GIVEN[random.nextInt(GIVEN.length)],
                    FAMILY[random.nextInt(FAMILY.length)], "+49 341 " + (1000000 + random.nextInt(8999999)),
                    (1 + random.nextInt(120)) + " Karl-Liebknecht-Strasse", sex, born, home, state, diagnosis,
                    diagnosed, prefix(random) + T[random.nextInt(T.length)], prefix(random) + N[random.nextInt(N.length)],
                    "c" + M[random.nextInt(M.length)], treatments));
        }
        return patients;
    }

    private static Treatment treatment(String modality, String centre, LocalDate date, Random random) {
        return new Treatment(modality, SNOMED.get(modality), centre, date, random.nextInt(20) != 0);
    }

    private static String prefix(Random random) {
        return random.nextBoolean() ? "c" : "p";
    }

    /** Writes the patients' records into the centres, {@code batch} patients per FHIR transaction and centre. */
    public static void write(FhirContext fhir, Map<String, String> baseUrlByCentre, List<SyntheticPatient> patients,
                             int batch) {
        Map<String, IGenericClient> clients = new LinkedHashMap<>();
        baseUrlByCentre.forEach((centre, url) -> clients.put(centre, fhir.newRestfulGenericClient(url)));
        for (int from = 0; from < patients.size(); from += batch) {
            List<SyntheticPatient> slice = patients.subList(from, Math.min(patients.size(), from + batch));
            Map<String, Bundle> bundles = new LinkedHashMap<>();
            for (SyntheticPatient patient : slice) {
                for (String centre : patient.centres()) {
                    Bundle bundle = bundles.computeIfAbsent(centre,
                            c -> new Bundle().setType(Bundle.BundleType.TRANSACTION));
                    addRecords(bundle, centre, patient);
                }
            }
            bundles.forEach((centre, bundle) -> clients.get(centre).transaction().withBundle(bundle).execute());
        }
    }

    private static void addRecords(Bundle bundle, String centre, SyntheticPatient p) {
        Reference patient = add(bundle, patientAt(centre, p));
        if (centre.equals(p.homeCentre())) {
            var condition = new Condition().setSubject(patient)
                    .setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icd-10", p.diagnosis(), null)));
            condition.setOnset(new DateTimeType(p.diagnosedOn().toString()));
            condition.setRecordedDateElement(new DateTimeType(p.diagnosedOn().plusDays(3).toString()));
            add(bundle, condition);
            add(bundle, stage("21905-5", p.t(), patient, p.diagnosedOn(), 0));
            add(bundle, stage("21906-3", p.n(), patient, p.diagnosedOn(), 1));
            add(bundle, stage("21907-1", p.m(), patient, p.diagnosedOn(), 2));
            if (p.consent() != ConsentState.NONE) {
                add(bundle, consent(p, patient));
            }
        }
        for (Treatment treatment : p.treatments()) {
            if (treatment.centre().equals(centre)) {
                var procedure = new Procedure().setSubject(patient)
                        .setStatus(treatment.done() ? Procedure.ProcedureStatus.COMPLETED
                                : Procedure.ProcedureStatus.NOTDONE)
                        .setCode(new CodeableConcept(new Coding("http://snomed.info/sct", treatment.snomedCode(),
                                treatment.modality())));
                procedure.setPerformed(new DateTimeType(treatment.date().toString()));
                add(bundle, procedure);
            }
        }
    }

    private static Patient patientAt(String centre, SyntheticPatient p) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("https://" + centre + ".example.org/mrn").setValue(p.mrn() + "-" + centre);
        patient.addIdentifier().setSystem("urn:oncotwin:twin").setValue(p.twinId());
        patient.addName().setFamily(p.familyName()).addGiven(p.givenName());
        patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(p.phone());
        patient.addAddress(new Address().addLine(p.street()).setCity("Leipzig").setPostalCode("04103"));
        patient.setGender(Enumerations.AdministrativeGender.fromCode(p.sex()));
        patient.setBirthDateElement(new DateType(p.birthDate().toString()));
        return patient;
    }

    /** TNM values as hospitals record them: sometimes coded, sometimes only as text. */
    private static Observation stage(String loinc, String value, Reference patient, LocalDate on, int variant) {
        var observation = new Observation().setStatus(Observation.ObservationStatus.FINAL).setSubject(patient)
                .setCode(new CodeableConcept(new Coding("http://loinc.org", loinc, null)));
        observation.setEffective(new DateTimeType(on.toString()));
        CodeableConcept concept = new CodeableConcept();
        if (variant == 1) {
            concept.setText(value);
        } else {
            concept.addCoding(new Coding(TNM_SYSTEM, value.substring(1), value));
        }
        observation.setValue(concept);
        return observation;
    }

    private static Consent consent(SyntheticPatient p, Reference patient) {
        Consent consent = new Consent();
        consent.addIdentifier().setSystem("urn:oncotwin:consent").setValue(p.twinId() + ".research");
        consent.setStatus(switch (p.consent()) {
            case PERMIT -> Consent.ConsentState.ACTIVE;
            case DENY -> Consent.ConsentState.REJECTED;
            default -> Consent.ConsentState.INACTIVE;
        });
        consent.setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope",
                "research", "Research")));
        consent.addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", "Patient Consent")));
        consent.setPatient(patient);
        consent.setDateTimeElement(new DateTimeType(p.diagnosedOn().toString()));
        consent.getProvision().setType(p.consent() == ConsentState.DENY ? Consent.ConsentProvisionType.DENY
                : Consent.ConsentProvisionType.PERMIT);
        consent.getProvision().getPeriod().setStartElement(new DateTimeType(p.diagnosedOn().toString()));
        return consent;
    }

    private static Reference add(Bundle bundle, Resource resource) {
        String fullUrl = "urn:uuid:" + UUID.randomUUID();
        bundle.addEntry().setFullUrl(fullUrl).setResource(resource).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType());
        return new Reference(fullUrl);
    }

    /** The true answer to a question, as docs/research.md defines the criteria. */
    public static Truth truth(List<SyntheticPatient> patients, Question q, List<String> centres) {
        List<SyntheticPatient> matching = patients.stream().filter(p -> p.consent() == ConsentState.PERMIT)
                .filter(p -> q.sex() == null || q.sex().equals(p.sex()))
                .filter(p -> q.diagnosis() == null
                        || p.diagnosis().replace(".", "").startsWith(q.diagnosis().replace(".", "")))
                .filter(p -> q.minAge() == null || p.ageAtDiagnosis() >= q.minAge())
                .filter(p -> q.maxAge() == null || p.ageAtDiagnosis() <= q.maxAge())
                .filter(p -> stage(q.t(), p.t()) && stage(q.n(), p.n()) && stage(q.m(), p.m()))
                .filter(p -> q.modality() == null
                        ? inPeriod(q, p.diagnosedOn())
                        : p.treatments().stream().anyMatch(t -> t.modality().equals(q.modality()) && t.done()
                                && inPeriod(q, t.date())))
                .toList();
        Map<String, Integer> perCentre = new LinkedHashMap<>();
        centres.forEach(centre -> perCentre.put(centre,
                (int) matching.stream().filter(p -> p.centres().contains(centre)).count()));
        return new Truth(matching.size(), perCentre, matching);
    }

    private static boolean stage(String asked, String recorded) {
        return asked == null || recorded.substring(1).toUpperCase(Locale.ROOT)
                .startsWith(asked.toUpperCase(Locale.ROOT));
    }

    private static boolean inPeriod(Question q, LocalDate date) {
        return (q.from() == null || !date.isBefore(q.from())) && (q.to() == null || !date.isAfter(q.to()));
    }
}
