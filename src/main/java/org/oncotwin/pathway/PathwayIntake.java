package org.oncotwin.pathway;

import static org.oncotwin.process.VariableNames.*;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.oncotwin.centre.CentreDirectory;

/**
 * What a coordinator enters to start a pathway: the patient, where to refer for which treatment and why. The same
 * rules apply whether the pathway starts from Tasklist's start form or from {@code POST /api/pathways}.
 */
public record PathwayIntake(String twinId, String patientMrn, String patientGivenName, String patientFamilyName,
                            String patientBirthDate, String patientGender, String patientCountry,
                            String coordinatingCentre, String diagnosticsCentre, String referralReason,
                            String urgency) {

    private static final Set<String> GENDERS = Set.of("female", "male", "other", "unknown");
    private static final Set<String> URGENCIES = Set.of("routine", "urgent");
    private static final int MAX_TEXT = 2000;

    static PathwayIntake fromVariables(Map<String, Object> variables, String businessKey) {
        return new PathwayIntake(text(variables.get(TWIN_ID), businessKey), text(variables.get(PATIENT_MRN)),
                text(variables.get(PATIENT_GIVEN_NAME)), text(variables.get(PATIENT_FAMILY_NAME)),
                text(variables.get(PATIENT_BIRTH_DATE)), text(variables.get(PATIENT_GENDER)),
                text(variables.get(PATIENT_COUNTRY)), text(variables.get(COORDINATING_CENTRE)),
                text(variables.get(DIAGNOSTICS_CENTRE)), text(variables.get(REFERRAL_REASON)),
                text(variables.get(URGENCY)));
    }

    /**
     * Checks the intake and fills in defaults (new twin id, coordinating centre, routine urgency).
     *
     * @throws InvalidIntakeException listing every problem in words a coordinator understands
     */
    PathwayIntake validated(CentreDirectory centres) {
        List<String> problems = new ArrayList<>();
        String twin = blank(twinId) ? UUID.randomUUID().toString() : twinId.trim();
        if (!blank(twinId)) {
            try {
                twin = UUID.fromString(twinId.trim()).toString();
            } catch (IllegalArgumentException e) {
                problems.add("Twin id must be a UUID, was '" + twinId + "'");
            }
        }
        require(problems, patientFamilyName, "Family name");
        require(problems, patientGivenName, "Given name");
        require(problems, patientMrn, "Medical record number");
        if (!blank(patientMrn) && !patientMrn.trim().matches("[A-Za-z0-9\\-./]{1,64}")) {
            problems.add("Medical record number may hold only letters, digits and - . / (at most 64)");
        }
        if (require(problems, patientBirthDate, "Date of birth")) {
            try {
                LocalDate birth = LocalDate.parse(patientBirthDate.trim());
                if (birth.isAfter(LocalDate.now()) || birth.isBefore(LocalDate.of(1900, 1, 1))) {
                    problems.add("Date of birth must lie between 1900-01-01 and today");
                }
            } catch (DateTimeParseException e) {
                problems.add("Date of birth must be a date like 1961-04-23, was '" + patientBirthDate + "'");
            }
        }
        String gender = blank(patientGender) ? "unknown" : patientGender.trim().toLowerCase();
        if (!GENDERS.contains(gender)) {
            problems.add("Gender must be one of " + GENDERS);
        }
        String coordinating = blank(coordinatingCentre) ? centres.coordinatingCentre().id() : coordinatingCentre.trim();
        if (!centres.contains(coordinating)) {
            problems.add("Unknown coordinating centre '" + coordinating + "'");
        }
        if (!blank(diagnosticsCentre) && !centres.contains(diagnosticsCentre.trim())) {
            problems.add("Unknown diagnostics centre '" + diagnosticsCentre + "'");
        }
        String country = blank(patientCountry)
                ? (centres.contains(coordinating) ? centres.require(coordinating).country() : null)
                : patientCountry.trim().toUpperCase();
        if (country != null && !country.matches("[A-Z]{2}")) {
            problems.add("Country must be a two-letter ISO code such as DE or CZ");
        }
        String urgencyValue = blank(urgency) ? "routine" : urgency.trim().toLowerCase();
        if (!URGENCIES.contains(urgencyValue)) {
            problems.add("Urgency must be routine or urgent");
        }
        for (String text : new String[] {patientGivenName, patientFamilyName, referralReason}) {
            if (text != null && text.length() > MAX_TEXT) {
                problems.add("Texts may be at most " + MAX_TEXT + " characters long");
                break;
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidIntakeException(problems);
        }
        return new PathwayIntake(twin, patientMrn.trim(), patientGivenName.trim(), patientFamilyName.trim(),
                patientBirthDate.trim(), gender, country, coordinating,
                blank(diagnosticsCentre) ? null : diagnosticsCentre.trim(),
                blank(referralReason) ? null : referralReason.trim(), urgencyValue);
    }

    Map<String, Object> toVariables() {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put(TWIN_ID, twinId);
        variables.put(PATIENT_MRN, patientMrn);
        variables.put(PATIENT_GIVEN_NAME, patientGivenName);
        variables.put(PATIENT_FAMILY_NAME, patientFamilyName);
        variables.put(PATIENT_BIRTH_DATE, patientBirthDate);
        variables.put(PATIENT_GENDER, patientGender);
        variables.put(PATIENT_COUNTRY, patientCountry);
        variables.put(COORDINATING_CENTRE, coordinatingCentre);
        variables.put(DIAGNOSTICS_CENTRE, diagnosticsCentre);
        variables.put(REFERRAL_REASON, referralReason);
        variables.put(URGENCY, urgency);
        return variables;
    }

    private static boolean require(List<String> problems, String value, String label) {
        if (blank(value)) {
            problems.add(label + " is required");
            return false;
        }
        return true;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String text(Object value, String fallback) {
        return value == null ? fallback : value.toString();
    }
}
