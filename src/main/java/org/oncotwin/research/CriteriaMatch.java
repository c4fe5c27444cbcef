package org.oncotwin.research;

import java.time.LocalDate;
import java.time.Period;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Whether a patient's facts, gathered from every centre, meet all given criteria. */
final class CriteriaMatch {

    private CriteriaMatch() {
    }

    static boolean matches(ResearchCriteria criteria, PatientFacts patient) {
        if (criteria.sex() != null && !criteria.sex().equals(patient.sex())) {
            return false;
        }
        if (criteria.asksForDiagnosis() && !diagnosisMatches(criteria, patient)) {
            return false;
        }
        if (!stageMatches(criteria.t(), patient) || !stageMatches(criteria.n(), patient)
                || !stageMatches(criteria.m(), patient)) {
            return false;
        }
        return criteria.modality() == null
                || patient.treatments().stream().anyMatch(criteria::inPeriod);
    }

    private static boolean diagnosisMatches(ResearchCriteria criteria, PatientFacts patient) {
        List<PatientFacts.Diagnosis> matching = patient.diagnoses().stream()
                .filter(diagnosis -> criteria.diagnosis() == null
                        || icd10(diagnosis.code()).startsWith(icd10(criteria.diagnosis())))
                .toList();
        if (matching.isEmpty()) {
            return false;
        }
        if (criteria.modality() == null && criteria.hasPeriod()
                && matching.stream().noneMatch(diagnosis -> criteria.inPeriod(diagnosis.date()))) {
            return false;
        }
        if (criteria.minAge() == null && criteria.maxAge() == null) {
            return true;
        }
        LocalDate diagnosed = matching.stream().map(PatientFacts.Diagnosis::date).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        if (diagnosed == null || patient.birthDate() == null) {
            return false;
        }
        int age = Period.between(patient.birthDate(), diagnosed).getYears();
        return (criteria.minAge() == null || age >= criteria.minAge())
                && (criteria.maxAge() == null || age <= criteria.maxAge());
    }

    private static boolean stageMatches(String asked, PatientFacts patient) {
        return asked == null || patient.stages().stream().anyMatch(stage -> stage.startsWith(asked));
    }

    /** ICD-10 codes compared without the dot: C50.4, C504 and c50.4 are one code. */
    private static String icd10(String code) {
        return code == null ? "" : code.replace(".", "").trim().toUpperCase(Locale.ROOT);
    }
}
