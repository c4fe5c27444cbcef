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
import io.swagger.v3.oas.annotations.media.Schema;
import org.oncotwin.centre.CentreDirectory;

/**
 * What a coordinator enters to start a pathway: the patient, where to refer for which treatment and why, and the
 * patient's consent decisions ({@code permit}, {@code deny}, or blank when not asked). The same
 * rules apply whether the pathway starts from Tasklist's start form or from {@code POST /api/pathways}.
 */
public record PathwayIntake(String twinId, String patientMrn, String patientGivenName, String patientFamilyName,
                            String patientBirthDate, String patientGender, String patientCountry,
                            String coordinatingCentre, String diagnosticsCentre, String referralReason,
                            String urgency,
                            @Schema(description = "The patient's decision on sharing their data for care across "
                                    + "centres; blank: not asked (no Consent)", allowableValues = {"permit", "deny"})
                            String consentCareSharing,
                            @Schema(description = "The patient's decision on research use of their data (broad "
                                    + "consent); blank: not asked (no Consent)", allowableValues = {"permit", "deny"})
                            String consentResearch,
                            @Schema(description = "The day the patient decided (ISO date, not in the future); "
                                    + "default: today", example = "2026-11-30")
                            String consentDate) {

    /** An intake without consent decisions (not asked). */
    public PathwayIntake(String twinId, String patientMrn, String patientGivenName, String patientFamilyName,
                         String patientBirthDate, String patientGender, String patientCountry,
                         String coordinatingCentre, String diagnosticsCentre, String referralReason, String urgency) {
        this(twinId, patientMrn, patientGivenName, patientFamilyName, patientBirthDate, patientGender, patientCountry,
                coordinatingCentre, diagnosticsCentre, referralReason, urgency, null, null, null);
    }

    /** The start form of every pathway: its field rules (required, length, pattern, options) are the intake's. */
    static final String FORM = "referral-intake";
    /** Centres come from configuration, not from the options of the demo form. */
    private static final Set<String> CHECKED_HERE = Set.of(DIAGNOSTICS_CENTRE);
    private static final LocalDate EARLIEST_BIRTH_DATE = LocalDate.of(1900, 1, 1);

    static PathwayIntake fromVariables(Map<String, Object> variables, String businessKey) {
        return new PathwayIntake(text(variables.get(TWIN_ID), businessKey), text(variables.get(PATIENT_MRN)),
                text(variables.get(PATIENT_GIVEN_NAME)), text(variables.get(PATIENT_FAMILY_NAME)),
                text(variables.get(PATIENT_BIRTH_DATE)), text(variables.get(PATIENT_GENDER)),
                text(variables.get(PATIENT_COUNTRY)), text(variables.get(COORDINATING_CENTRE)),
                text(variables.get(DIAGNOSTICS_CENTRE)), text(variables.get(REFERRAL_REASON)),
                text(variables.get(URGENCY)), text(variables.get(CONSENT_CARE_SHARING)),
                text(variables.get(CONSENT_RESEARCH)), text(variables.get(CONSENT_DATE)));
    }

    /**
     * Checks the intake against the rules of its form and the rules a form cannot state (a known centre, a plausible
     * date of birth, a UUID as twin id, a consent date not in the future), and fills in defaults (new twin id,
     * coordinating centre, routine urgency, today as the consent date when the patient was asked).
     *
     * @throws InvalidIntakeException listing every problem in words a coordinator understands
     */
    PathwayIntake validated(CentreDirectory centres, FormRules form) {
        List<String> problems = new ArrayList<>();
        String twin = blank(twinId) ? UUID.randomUUID().toString() : twinId.trim();
        if (!blank(twinId)) {
            try {
                twin = UUID.fromString(twinId.trim()).toString();
            } catch (IllegalArgumentException e) {
                problems.add("Twin id must be a UUID, was '" + twinId + "'");
            }
        }
        String coordinating = blank(coordinatingCentre) ? centres.coordinatingCentre().id() : coordinatingCentre.trim();
        String country = blank(patientCountry)
                ? (centres.contains(coordinating) ? centres.require(coordinating).country() : null)
                : patientCountry.trim().toUpperCase();
        var normalised = new PathwayIntake(twin, trimmed(patientMrn), trimmed(patientGivenName),
                trimmed(patientFamilyName), trimmed(patientBirthDate),
                blank(patientGender) ? "unknown" : patientGender.trim().toLowerCase(), country, coordinating,
                trimmed(diagnosticsCentre), trimmed(referralReason),
                blank(urgency) ? "routine" : urgency.trim().toLowerCase(), lowerCase(consentCareSharing),
                lowerCase(consentResearch), blank(consentDate) && (!blank(consentCareSharing) || !blank(consentResearch))
                        ? LocalDate.now().toString() : trimmed(consentDate));
        problems.addAll(form.problems(FORM, normalised.toVariables(), CHECKED_HERE));
        normalised.checkBirthDate(problems);
        normalised.checkConsentDate(problems);
        if (!centres.contains(coordinating)) {
            problems.add("Unknown coordinating centre '" + coordinating + "'");
        }
        if (normalised.diagnosticsCentre() != null && !centres.contains(normalised.diagnosticsCentre())) {
            problems.add("Unknown diagnostics centre '" + diagnosticsCentre + "'");
        }
        if (!problems.isEmpty()) {
            throw new InvalidIntakeException(problems);
        }
        return normalised;
    }

    private void checkBirthDate(List<String> problems) {
        try {
            LocalDate birth = blank(patientBirthDate) ? null : LocalDate.parse(patientBirthDate);
            if (birth != null && (birth.isAfter(LocalDate.now()) || birth.isBefore(EARLIEST_BIRTH_DATE))) {
                problems.add("Date of birth must lie between " + EARLIEST_BIRTH_DATE + " and today");
            }
        } catch (DateTimeParseException e) {
            // the form's rules name it
        }
    }

    private void checkConsentDate(List<String> problems) {
        try {
            LocalDate decided = blank(consentDate) ? null : LocalDate.parse(consentDate);
            if (decided != null && decided.isAfter(LocalDate.now())) {
                problems.add("Date of the consent decisions may not lie in the future");
            }
        } catch (DateTimeParseException e) {
            // the form's rules name it
        }
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
        variables.put(CONSENT_CARE_SHARING, consentCareSharing);
        variables.put(CONSENT_RESEARCH, consentResearch);
        variables.put(CONSENT_DATE, consentDate);
        return variables;
    }

    private static String trimmed(String value) {
        return blank(value) ? null : value.trim();
    }

    private static String lowerCase(String value) {
        return blank(value) ? null : value.trim().toLowerCase();
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
