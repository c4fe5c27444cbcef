package org.oncotwin.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** HAPI's instance validator against the FHIR R4 base definitions (offline: SNOMED CT codes are not looked up). */
public final class R4Validator {

    public static final FhirContext R4 = FhirContext.forR4Cached();
    private static FhirValidator validator;

    private R4Validator() {
    }

    /** The error-level messages for a resource; an empty list means it is valid R4. */
    public static synchronized List<String> errors(IBaseResource resource) {
        if (validator == null) {
            ValidationSupportChain chain = new ValidationSupportChain(
                    new DefaultProfileValidationSupport(R4),
                    new CommonCodeSystemsTerminologyService(R4),
                    new InMemoryTerminologyServerValidationSupport(R4),
                    new SnapshotGeneratingValidationSupport(R4));
            FhirInstanceValidator module = new FhirInstanceValidator(chain);
            module.setAnyExtensionsAllowed(true);
            validator = R4.newValidator().registerValidatorModule(module);
        }
        return validator.validateWithResult(resource).getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .map(R4Validator::describe)
                .toList();
    }

    private static String describe(SingleValidationMessage message) {
        return message.getLocationString() + ": " + message.getMessage();
    }
}
