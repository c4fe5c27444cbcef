package org.oncotwin.research;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the centres hold about one patient, reduced to what research criteria ask: sex, date of birth, diagnoses with
 * their date, TNM categories, treatments with their date, and the patient's record id at each centre. Lives only while
 * a query is answered; never stored, never shown.
 */
final class PatientFacts {

    record Diagnosis(String code, LocalDate date) {
    }

    private final String twinId;
    private String sex;
    private LocalDate birthDate;
    private final List<Diagnosis> diagnoses = new ArrayList<>();
    private final List<String> stages = new ArrayList<>();
    private final List<LocalDate> treatments = new ArrayList<>();
    private final Map<String, String> patientIdByCentre = new LinkedHashMap<>();

    PatientFacts(String twinId) {
        this.twinId = twinId;
    }

    String twinId() {
        return twinId;
    }

    String sex() {
        return sex;
    }

    LocalDate birthDate() {
        return birthDate;
    }

    List<Diagnosis> diagnoses() {
        return diagnoses;
    }

    List<String> stages() {
        return stages;
    }

    /** Dates of the treatments of the modality asked for (null where a centre recorded none). */
    List<LocalDate> treatments() {
        return treatments;
    }

    Map<String, String> patientIdByCentre() {
        return patientIdByCentre;
    }

    void recordedAt(String centreId, String patientId, String recordedSex, LocalDate recordedBirthDate) {
        patientIdByCentre.put(centreId, patientId);
        if (sex == null || "unknown".equals(sex)) {
            sex = recordedSex;
        }
        if (birthDate == null) {
            birthDate = recordedBirthDate;
        }
    }

    /** Adds what another centre holds about the same patient. */
    void merge(PatientFacts other) {
        other.patientIdByCentre.forEach((centre, id) -> recordedAt(centre, id, other.sex, other.birthDate));
        diagnoses.addAll(other.diagnoses);
        stages.addAll(other.stages);
        treatments.addAll(other.treatments);
    }
}
