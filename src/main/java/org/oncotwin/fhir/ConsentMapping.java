package org.oncotwin.fhir;

import java.time.LocalDate;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentProvisionType;
import org.hl7.fhir.r4.model.Consent.ConsentState;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.oncotwin.centre.Centre;
import org.oncotwin.process.ConsentDecision;

/**
 * The patient's Consent, one per twin and scope, at the coordinating centre. Its states: {@code active} the patient
 * agreed, {@code rejected} the patient declined (asked and said no), {@code inactive} the patient withdrew an agreement
 * (the same resource updated; the centre keeps the earlier version). Only an agreed, not withdrawn research consent is
 * {@code active} with scope {@code research}: research searches
 * {@code Consent?identifier=urn:oncotwin:consent|&scope=research&status=active}.
 */
public final class ConsentMapping {

    /** {@code Consent.identifier.system}; the value is {@code <twinId>.<scope>}. */
    public static final String IDENTIFIER_SYSTEM = "urn:oncotwin:consent";
    public static final String SCOPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentscope";
    public static final String RESEARCH = ConsentDecision.RESEARCH;
    public static final String PATIENT_PRIVACY = ConsentDecision.PATIENT_PRIVACY;
    public static final String CATEGORY_SYSTEM = "http://loinc.org";
    public static final String CATEGORY_CODE = "59284-0";
    public static final String PURPOSE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    public static final String RESEARCH_PURPOSE = "HRESCH";
    public static final String CARE_PURPOSE = "TREAT";
    /** MII Broad Consent 1.6f (the default of {@code oncotwin.research.consent-policy}). */
    public static final String MII_BROAD_CONSENT_POLICY = "urn:oid:2.16.840.1.113883.3.1937.777.24.2.1791";
    /** The policy of care sharing across the network's centres (OncoTwin's own, no national one exists). */
    public static final String CARE_SHARING_POLICY = "urn:oncotwin:policy:care-sharing";

    private ConsentMapping() {
    }

    public static Identifier identifier(String twinId, String scope) {
        return new Identifier().setSystem(IDENTIFIER_SYSTEM).setValue(twinId + "." + scope);
    }

    /** The twin id of a Consent OncoTwin wrote, or null when it carries no OncoTwin consent identifier. */
    public static String twinIdOf(Consent consent) {
        return consent.getIdentifier().stream().filter(i -> IDENTIFIER_SYSTEM.equals(i.getSystem()))
                .map(i -> twinIdOf(i.getValue())).filter(id -> id != null).findFirst().orElse(null);
    }

    /** The twin id in an identifier value {@code <twinId>.<scope>}, or null when the value has no known scope. */
    public static String twinIdOf(String identifierValue) {
        if (identifierValue == null) {
            return null;
        }
        for (String scope : new String[] {RESEARCH, PATIENT_PRIVACY}) {
            String suffix = "." + scope;
            if (identifierValue.endsWith(suffix) && identifierValue.length() > suffix.length()) {
                return identifierValue.substring(0, identifierValue.length() - suffix.length());
            }
        }
        return null;
    }

    /** {@code research} or {@code patient-privacy}, or null. */
    public static String scopeOf(Consent consent) {
        return consent.getScope().getCoding().stream().filter(c -> SCOPE_SYSTEM.equals(c.getSystem()))
                .map(Coding::getCode).findFirst().orElse(null);
    }

    /**
     * The Consent recording a decision.
     *
     * @param patient the Patient at the coordinating centre (a reference within the same transaction)
     * @param researchPolicy the policy a research consent is given under (e.g. the MII Broad Consent)
     */
    public static Consent toConsent(String twinId, ConsentDecision decision, Reference patient, Centre centre,
                                    String researchPolicy) {
        boolean research = RESEARCH.equals(decision.scope());
        Consent consent = new Consent();
        consent.addIdentifier(identifier(twinId, decision.scope()));
        consent.setStatus(decision.permit() ? ConsentState.ACTIVE : ConsentState.REJECTED);
        consent.setScope(new CodeableConcept(new Coding(SCOPE_SYSTEM, decision.scope(),
                research ? "Research" : "Privacy Consent")));
        consent.addCategory(new CodeableConcept(new Coding(CATEGORY_SYSTEM, CATEGORY_CODE, "Patient Consent")));
        consent.setPatient(patient.copy());
        consent.setDateTimeElement(day(decision.date()));
        consent.addPerformer(patient.copy());
        consent.addOrganization(BusinessIdentifiers.centreOrganization(centre.id(), centre.name()));
        consent.addPolicy().setUri(research ? researchPolicy : CARE_SHARING_POLICY);
        var provision = consent.getProvision();
        provision.setType(decision.permit() ? ConsentProvisionType.PERMIT : ConsentProvisionType.DENY);
        provision.setPeriod(new Period().setStartElement(day(decision.date())));
        provision.addPurpose(research
                ? new Coding(PURPOSE_SYSTEM, RESEARCH_PURPOSE, "health research")
                : new Coding(PURPOSE_SYSTEM, CARE_PURPOSE, "treatment"));
        return consent;
    }

    /** Whether the patient agreed and has not withdrawn (what research may count on). */
    public static boolean isAgreed(Consent consent) {
        return consent.getStatus() == ConsentState.ACTIVE;
    }

    public static boolean isWithdrawn(Consent consent) {
        return consent.getStatus() == ConsentState.INACTIVE;
    }

    /**
     * The patient withdrew their agreement on {@code date}: the Consent becomes {@code inactive}, its permission ends.
     *
     * @throws IllegalStateException when the Consent is not an agreement in force
     */
    public static void withdraw(Consent consent, LocalDate date) {
        if (!isAgreed(consent)) {
            throw new IllegalStateException("Only an agreed consent can be withdrawn; this one is "
                    + consent.getStatus().toCode());
        }
        consent.setStatus(ConsentState.INACTIVE);
        consent.getProvision().getPeriod().setEndElement(day(date));
    }

    /** The day the decision was made, as recorded. */
    public static LocalDate decisionDate(Consent consent) {
        return consent.hasDateTime() ? localDate(consent.getDateTimeElement()) : null;
    }

    /** The day the patient withdrew, or null. */
    public static LocalDate withdrawalDate(Consent consent) {
        return isWithdrawn(consent) && consent.getProvision().getPeriod().hasEnd()
                ? localDate(consent.getProvision().getPeriod().getEndElement()) : null;
    }

    private static DateTimeType day(LocalDate date) {
        return new DateTimeType(date.toString());
    }

    private static LocalDate localDate(DateTimeType value) {
        return LocalDate.parse(value.getValueAsString().substring(0, 10));
    }
}
