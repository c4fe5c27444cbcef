package org.oncotwin.research;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.oncotwin.centre.CareStepKinds;

/**
 * What a researcher asks for; every criterion is optional and all given ones must hold.
 *
 * @param diagnosis ICD-10 code or prefix of the diagnosis, e.g. {@code C50} or {@code C50.4}
 * @param t         TNM T category or its start, e.g. {@code T2} (also matches cT2a, pT2b)
 * @param n         TNM N category, e.g. {@code N1}
 * @param m         TNM M category, e.g. {@code M0}
 * @param modality  a kind of care received (completed), e.g. {@code radiotherapy}
 * @param from      first day of the period (of the treatment when a modality is asked for, else of the diagnosis)
 * @param to        last day of the period
 * @param minAge    youngest age at diagnosis, in completed years
 * @param maxAge    oldest age at diagnosis
 * @param sex       administrative gender: female, male, other, unknown
 */
public record ResearchCriteria(String diagnosis, String t, String n, String m, String modality, LocalDate from,
                               LocalDate to, Integer minAge, Integer maxAge, String sex) {

    private static final Pattern ICD10_PREFIX = Pattern.compile("[A-Z](\\d{1,2}(\\.\\d{0,2})?)?");
    private static final Set<String> SEXES = Set.of("female", "male", "other", "unknown");
    private static final int OLDEST = 130;

    /**
     * @return the criteria normalised (upper-case codes, TNM without the c/p/y prefix, lower-case modality and sex)
     * @throws InvalidCriteriaException naming every problem
     */
    ResearchCriteria validated(CareStepKinds kinds, TnmCategories tnm) {
        List<String> problems = new ArrayList<>();
        String diagnosisPrefix = upper(diagnosis);
        if (diagnosisPrefix != null && !ICD10_PREFIX.matcher(diagnosisPrefix).matches()) {
            problems.add("Diagnosis must be an ICD-10 code or its start, e.g. C50 or C50.4; was '" + diagnosis + "'");
        }
        String tCategory = tnm.normalised('T', t, problems);
        String nCategory = tnm.normalised('N', n, problems);
        String mCategory = tnm.normalised('M', m, problems);
        String kind = lower(modality);
        if (kind != null && !kinds.contains(kind)) {
            problems.add("Unknown treatment modality '" + modality + "'");
        }
        String gender = lower(sex);
        if (gender != null && !SEXES.contains(gender)) {
            problems.add("Sex must be one of female, male, other, unknown; was '" + sex + "'");
        }
        if (from != null && to != null && from.isAfter(to)) {
            problems.add("The period starts (" + from + ") after it ends (" + to + ")");
        }
        checkAge("Youngest age", minAge, problems);
        checkAge("Oldest age", maxAge, problems);
        if (minAge != null && maxAge != null && minAge > maxAge) {
            problems.add("The youngest age (" + minAge + ") is above the oldest (" + maxAge + ")");
        }
        if (!problems.isEmpty()) {
            throw new InvalidCriteriaException(problems);
        }
        return new ResearchCriteria(diagnosisPrefix, tCategory, nCategory, mCategory, kind, from, to, minAge,
                maxAge, gender);
    }

    boolean asksForStage() {
        return t != null || n != null || m != null;
    }

    boolean asksForDiagnosis() {
        return diagnosis != null || minAge != null || maxAge != null || (modality == null && hasPeriod());
    }

    boolean hasPeriod() {
        return from != null || to != null;
    }

    boolean inPeriod(LocalDate date) {
        if (!hasPeriod()) {
            return true;
        }
        return date != null && (from == null || !date.isBefore(from)) && (to == null || !date.isAfter(to));
    }

    /** The criteria as given, for the audit and the answer (only those set). */
    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        put(map, "diagnosis", diagnosis);
        put(map, "t", t);
        put(map, "n", n);
        put(map, "m", m);
        put(map, "modality", modality);
        put(map, "from", from == null ? null : from.toString());
        put(map, "to", to == null ? null : to.toString());
        put(map, "minAge", minAge);
        put(map, "maxAge", maxAge);
        put(map, "sex", sex);
        return map;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static void checkAge(String what, Integer age, List<String> problems) {
        if (age != null && (age < 0 || age > OLDEST)) {
            problems.add(what + " at diagnosis must lie between 0 and " + OLDEST + "; was " + age);
        }
    }

    private static String upper(String value) {
        return value == null || value.isBlank() ? null : value.trim().toUpperCase(Locale.ROOT);
    }

    private static String lower(String value) {
        return value == null || value.isBlank() ? null : value.trim().toLowerCase(Locale.ROOT);
    }
}
