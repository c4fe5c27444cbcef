package org.oncotwin.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentProvisionType;
import org.hl7.fhir.r4.model.Consent.ConsentState;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.oncotwin.centre.Centre;
import org.oncotwin.process.ConsentDecision;

class ConsentMappingTest {

    private static final Centre LEIPZIG = new Centre("leipzig", "Leipzig University Hospital", "http://l/fhir", "DE");
    private static final String TWIN = "4a1d6c1e-0f0e-4a55-9d1c-2b8b5f1a7c11";
    private static final LocalDate DECIDED = LocalDate.of(2026, 11, 2);

    @Test
    void anAgreedResearchConsentIsValidActiveAndCarriesTheContract() {
        Consent consent = consent(ConsentDecision.RESEARCH, true);

        assertThat(R4Validator.errors(consent)).isEmpty();
        assertThat(consent.getStatus()).isEqualTo(ConsentState.ACTIVE);
        assertThat(consent.getIdentifierFirstRep().getSystem()).isEqualTo("urn:oncotwin:consent");
        assertThat(consent.getIdentifierFirstRep().getValue()).isEqualTo(TWIN + ".research");
        assertThat(consent.getScope().getCodingFirstRep().getSystem())
                .isEqualTo("http://terminology.hl7.org/CodeSystem/consentscope");
        assertThat(consent.getScope().getCodingFirstRep().getCode()).isEqualTo("research");
        assertThat(consent.getCategoryFirstRep().getCodingFirstRep().getSystem()).isEqualTo("http://loinc.org");
        assertThat(consent.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("59284-0");
        assertThat(consent.getPatient().getReference()).isEqualTo("urn:uuid:patient");
        assertThat(consent.getPerformerFirstRep().getReference()).isEqualTo("urn:uuid:patient");
        assertThat(consent.getDateTimeElement().getValueAsString()).isEqualTo("2026-11-02");
        assertThat(consent.getOrganizationFirstRep().getReference()).as("logical, by identifier").isNull();
        assertThat(consent.getOrganizationFirstRep().getIdentifier().getValue()).isEqualTo("leipzig");
        assertThat(consent.getPolicyFirstRep().getUri()).isEqualTo(ConsentMapping.MII_BROAD_CONSENT_POLICY);
        assertThat(consent.getProvision().getType()).isEqualTo(ConsentProvisionType.PERMIT);
        assertThat(consent.getProvision().getPeriod().getStartElement().getValueAsString()).isEqualTo("2026-11-02");
        assertThat(consent.getProvision().getPeriod().hasEnd()).isFalse();
        assertThat(consent.getProvision().getPurposeFirstRep().getCode()).isEqualTo("HRESCH");
        assertThat(consent.getProvision().getPurposeFirstRep().getSystem())
                .isEqualTo("http://terminology.hl7.org/CodeSystem/v3-ActReason");
    }

    @Test
    void aDeclinedCareSharingConsentIsRejectedAndDenies() {
        Consent consent = consent(ConsentDecision.PATIENT_PRIVACY, false);

        assertThat(R4Validator.errors(consent)).isEmpty();
        assertThat(consent.getStatus()).as("asked and said no").isEqualTo(ConsentState.REJECTED);
        assertThat(consent.getIdentifierFirstRep().getValue()).isEqualTo(TWIN + ".patient-privacy");
        assertThat(consent.getScope().getCodingFirstRep().getCode()).isEqualTo("patient-privacy");
        assertThat(consent.getProvision().getType()).isEqualTo(ConsentProvisionType.DENY);
        assertThat(consent.getProvision().getPurposeFirstRep().getCode()).isEqualTo("TREAT");
        assertThat(consent.getPolicyFirstRep().getUri()).isEqualTo(ConsentMapping.CARE_SHARING_POLICY);
    }

    @Test
    void withdrawalMakesTheConsentInactiveAndEndsThePermission() {
        Consent consent = consent(ConsentDecision.RESEARCH, true);
        ConsentMapping.withdraw(consent, LocalDate.of(2026, 11, 30));

        assertThat(R4Validator.errors(consent)).isEmpty();
        assertThat(consent.getStatus()).isEqualTo(ConsentState.INACTIVE);
        assertThat(consent.getProvision().getPeriod().getEndElement().getValueAsString()).isEqualTo("2026-11-30");
        assertThat(ConsentMapping.withdrawalDate(consent)).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(ConsentMapping.decisionDate(consent)).isEqualTo(DECIDED);
        assertThat(ConsentMapping.isAgreed(consent)).isFalse();
    }

    @Test
    void onlyAnAgreementCanBeWithdrawn() {
        assertThatThrownBy(() -> ConsentMapping.withdraw(consent(ConsentDecision.RESEARCH, false), DECIDED))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("rejected");
    }

    @Test
    void theTwinIdIsReadBackFromTheConsentOrItsIdentifierValue() {
        assertThat(ConsentMapping.twinIdOf(consent(ConsentDecision.RESEARCH, true))).isEqualTo(TWIN);
        assertThat(ConsentMapping.twinIdOf(TWIN + ".patient-privacy")).isEqualTo(TWIN);
        assertThat(ConsentMapping.twinIdOf(TWIN + ".marketing")).isNull();
        assertThat(ConsentMapping.twinIdOf(".research")).isNull();
        assertThat(ConsentMapping.twinIdOf(new Consent())).isNull();
        assertThat(ConsentMapping.scopeOf(consent(ConsentDecision.PATIENT_PRIVACY, true))).isEqualTo("patient-privacy");
    }

    private static Consent consent(String scope, boolean permit) {
        return ConsentMapping.toConsent(TWIN, new ConsentDecision(scope, permit, DECIDED),
                new Reference("urn:uuid:patient").setType("Patient"), LEIPZIG, ConsentMapping.MII_BROAD_CONSENT_POLICY);
    }
}
