package org.oncotwin.research;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.BackboneElement;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MarkdownType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

/**
 * Turns a centre's resource into its pseudonymised copy for one research project; the one place of that mapping
 * (docs/research.md, "Pseudonymised export").
 * <ul>
 *   <li>pseudonym = HMAC-SHA256(key, project NUL twinId), base32, 20 characters; other resources' ids are
 *       HMAC(key, project NUL centre NUL Type/id), so they are stable per project and reveal no centre id;</li>
 *   <li>Patient keeps only gender, the year of birth and whether the patient died;</li>
 *   <li>every resource loses identifiers, narrative, meta (but profiles), extensions, contained resources,
 *       annotations, attachments and free text (a string outside a Coding, CodeableConcept or Quantity);</li>
 *   <li>references to the patient become {@code Patient/<pseudonym>}, references to other exported types their
 *       pseudonymous ids, any other reference is removed;</li>
 *   <li>every date, dateTime and instant is shifted by the patient's offset: whole days in −180..+180, from the
 *       HMAC, stable per project and patient.</li>
 * </ul>
 * Thread-safe; one instance per export.
 */
final class Pseudonymiser {

    static final int MAX_SHIFT_DAYS = 180;
    private static final int PSEUDONYM_LENGTH = 20;
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final byte[] key;
    private final String project;
    private final Set<String> exportedTypes;

    /**
     * @param exportedTypes resource types in the export: references to them are rewritten, others removed
     */
    Pseudonymiser(String key, String project, Set<String> exportedTypes) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
        this.project = project;
        this.exportedTypes = Set.copyOf(exportedTypes);
    }

    String pseudonym(String twinId) {
        return base32(hmac(project + "\u0000" + twinId));
    }

    String resourceId(String centreId, String type, String id) {
        return base32(hmac(project + "\u0000" + centreId + "\u0000" + type + "/" + id));
    }

    /** Whole days in −180..+180, the same for every resource of the patient in the project. */
    int dayShift(String twinId) {
        byte[] mac = hmac("date-shift\u0000" + project + "\u0000" + twinId);
        int value = ((mac[0] & 0xff) << 24) | ((mac[1] & 0xff) << 16) | ((mac[2] & 0xff) << 8) | (mac[3] & 0xff);
        return Math.floorMod(value, 2 * MAX_SHIFT_DAYS + 1) - MAX_SHIFT_DAYS;
    }

    /**
     * @param twinByPatientId the centre's Patient ids of the cohort to their twin ids
     * @return the pseudonymised copy, or empty when the resource belongs to none of the cohort's patients
     */
    Optional<Resource> pseudonymised(String centreId, Resource resource, Map<String, String> twinByPatientId) {
        Optional<String> twin = twinOf(resource, twinByPatientId);
        if (twin.isEmpty()) {
            return Optional.empty();
        }
        if (resource instanceof Patient patient) {
            return Optional.of(patient(patient, twin.get()));
        }
        Resource copy = resource.copy();
        copy.setId(resource.fhirType() + "/" + resourceId(centreId, resource.fhirType(),
                resource.getIdElement().getIdPart()));
        copy.setMeta(profilesOnly(resource.getMeta()));
        copy.setImplicitRules(null);
        copy.setLanguage(null);
        if (copy instanceof DomainResource domain) {
            domain.setText(null);
            domain.getContained().clear();
        }
        new Walk(centreId, twinByPatientId, dayShift(twin.get())).visit(copy, null);
        return Optional.of(copy);
    }

    private Patient patient(Patient source, String twinId) {
        Patient patient = new Patient();
        patient.setId("Patient/" + pseudonym(twinId));
        patient.setMeta(profilesOnly(source.getMeta()));
        patient.setGender(source.getGender());
        if (source.hasBirthDate()) {
            DateType year = new DateType(source.getBirthDateElement().getValueAsString().substring(0, 4));
            patient.setBirthDateElement(year);
        }
        if (source.hasDeceased()) {
            patient.setDeceased(new BooleanType(!(source.getDeceased() instanceof BooleanType dead)
                    || dead.booleanValue()));
        }
        return patient;
    }

    private static Meta profilesOnly(Meta meta) {
        return meta == null || !meta.hasProfile() ? null : new Meta().setProfile(meta.getProfile());
    }

    /** The twin of the resource: itself for a Patient, else the cohort patient its first Patient reference names. */
    private static Optional<String> twinOf(Resource resource, Map<String, String> twinByPatientId) {
        if (resource instanceof Patient) {
            return Optional.ofNullable(twinByPatientId.get(resource.getIdElement().getIdPart()));
        }
        return referencesIn(resource).stream()
                .map(reference -> new IdType(reference.getReference()))
                .filter(id -> "Patient".equals(id.getResourceType()) && !id.hasBaseUrl())
                .map(id -> twinByPatientId.get(id.getIdPart()))
                .filter(twin -> twin != null)
                .findFirst();
    }

    private static List<Reference> referencesIn(Base element) {
        if (element instanceof Reference reference) {
            return reference.hasReference() ? List.of(reference) : List.of();
        }
        List<Reference> found = new java.util.ArrayList<>();
        for (Property property : element.children()) {
            property.getValues().forEach(child -> found.addAll(referencesIn(child)));
        }
        return found;
    }

    /** One pass over a copied resource, clearing and rewriting in place (an emptied element is not serialised). */
    private final class Walk {

        private final String centreId;
        private final Map<String, String> twinByPatientId;
        private final int shift;

        Walk(String centreId, Map<String, String> twinByPatientId, int shift) {
            this.centreId = centreId;
            this.twinByPatientId = twinByPatientId;
            this.shift = shift;
        }

        void visit(Base element, Base parent) {
            if (element instanceof Element plain) {
                plain.getExtension().clear();
            }
            if (element instanceof DomainResource domain) {
                domain.getExtension().clear();
                domain.getModifierExtension().clear();
            }
            if (element instanceof BackboneElement backbone) {
                backbone.getModifierExtension().clear();
            }
            if (element instanceof Identifier identifier) {
                clear(identifier);
            } else if (element instanceof Annotation annotation) {
                clear(annotation);
            } else if (element instanceof Attachment attachment) {
                clear(attachment);
            } else if (element instanceof Reference reference) {
                rewrite(reference);
            } else if (element instanceof BaseDateTimeType date) {
                shift(date);
            } else if (element instanceof StringType text) {
                if (isFreeText(text, parent)) {
                    text.setValue(null);
                }
            } else {
                for (Property property : element.children()) {
                    for (Base child : new java.util.ArrayList<>(property.getValues())) {
                        visit(child, element);
                    }
                }
            }
        }

        private boolean isFreeText(StringType text, Base parent) {
            boolean plainText = text.getClass() == StringType.class || text instanceof MarkdownType;
            return plainText && !(parent instanceof Coding || parent instanceof CodeableConcept
                    || parent instanceof Quantity);
        }

        private void shift(BaseDateTimeType date) {
            if (date.getValue() != null) {
                date.add(Calendar.DATE, shift);
            }
        }

        private void rewrite(Reference reference) {
            String target = reference.getReference();
            reference.setDisplay(null).setIdentifier(null).setType(null).setExtension(null);
            reference.setReference(null);
            if (target == null) {
                return;
            }
            IdType id = new IdType(target);
            if (id.hasBaseUrl() || !id.hasResourceType() || !id.hasIdPart()) {
                return;
            }
            if ("Patient".equals(id.getResourceType())) {
                String twin = twinByPatientId.get(id.getIdPart());
                if (twin != null) {
                    reference.setReference("Patient/" + pseudonym(twin));
                }
            } else if (exportedTypes.contains(id.getResourceType())) {
                reference.setReference(id.getResourceType() + "/"
                        + resourceId(centreId, id.getResourceType(), id.getIdPart()));
            }
        }

        private void clear(Identifier identifier) {
            identifier.setUse(null).setSystem(null).setValue(null).setType(null).setPeriod(null).setAssigner(null);
            identifier.setId(null);
        }

        private void clear(Annotation annotation) {
            annotation.setAuthor(null).setTime(null).setTextElement(null);
        }

        private void clear(Attachment attachment) {
            attachment.setContentType(null).setLanguage(null).setData(null).setUrl(null).setSize(0).setHash(null)
                    .setTitle(null).setCreationElement(null);
            attachment.setSizeElement(null);
        }
    }

    private byte[] hmac(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder(PSEUDONYM_LENGTH);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5 && out.length() < PSEUDONYM_LENGTH) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
            if (out.length() == PSEUDONYM_LENGTH) {
                break;
            }
        }
        return out.toString();
    }
}
