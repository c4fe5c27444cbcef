package org.oncotwin.twin;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.oncotwin.fhir.BusinessIdentifiers;
import org.oncotwin.fhir.CentreCallException;
import org.oncotwin.fhir.CentreClients;
import org.oncotwin.fhir.PatientMapping;
import org.oncotwin.process.PatientDetails;
import org.oncotwin.referral.IdentityMatch;
import org.oncotwin.referral.PatientMatching;
import org.springframework.stereotype.Component;

/**
 * The centre's own record of an imported patient, so that an import does not give a hospital a second record of a
 * patient it knows. Found by the export Patient's identifiers (the hospital's MRN: certain); else, as for referrals
 * ({@link PatientMatching}), by {@code Patient/$match} or by name, birth date and sex: a certain match is linked, a
 * probable one is not decided here (409 with the candidates, side by side) but by the coordinator, who imports again
 * naming the record to link ({@code centrePatient=Patient/<id>}) or asking for a new one ({@code centrePatient=new}).
 */
@Component
public class CentresOwnRecord {

    /** The coordinator's answer to a probable match: a new record at the centre. */
    static final String NEW_RECORD = "new";
    private static final Pattern RECORD = Pattern.compile("Patient/[A-Za-z0-9\\-.]{1,64}");

    private final CentreClients clients;
    private final PatientMatching matching;

    CentresOwnRecord(CentreClients clients, PatientMatching matching) {
        this.clients = clients;
        this.matching = matching;
    }

    /** Records at the centre that may be the export's patient (HTTP 409): the coordinator chooses. */
    public static class ProbableMatchException extends RuntimeException {
        private final transient List<IdentityMatch.Candidate> candidates;

        ProbableMatchException(String message, List<IdentityMatch.Candidate> candidates) {
            super(message);
            this.candidates = List.copyOf(candidates);
        }

        public List<IdentityMatch.Candidate> candidates() {
            return candidates;
        }
    }

    /** Checks the coordinator's choice before anything is read: {@code new} or {@code Patient/<id>}. */
    static void requireValidChoice(String centrePatient) {
        if (centrePatient != null && !NEW_RECORD.equals(centrePatient) && !RECORD.matcher(centrePatient).matches()) {
            throw new RecordImport.InvalidImportException("centrePatient is '" + NEW_RECORD
                    + "' or the centre's record as Patient/<id>");
        }
    }

    /**
     * The record to link the export's Patient to, with the version it was read at; null if the import creates the
     * Patient (none found, the coordinator asked for a new one, or the centre's record is linked to this twin
     * already, which the import's create by twin identifier finds).
     *
     * @param centrePatient the coordinator's choice after a probable match, or null
     */
    Patient find(String centreId, Patient exported, String twinId, String centrePatient) {
        requireValidChoice(centrePatient);
        if (centrePatient != null && !NEW_RECORD.equals(centrePatient)) {
            return chosen(centreId, centrePatient, twinId);
        }
        Patient byIdentifier = byIdentifier(centreId, exported, twinId);
        if (byIdentifier != null || NEW_RECORD.equals(centrePatient)) {
            return byIdentifier;
        }
        PatientDetails details = detailsOf(exported, twinId);
        if (details == null) {
            return null;
        }
        IdentityMatch match = matching.find(centreId, details, centreId);
        if (IdentityMatch.CERTAIN.equals(match.grade())) {
            Patient record = read(centreId, match.patientId());
            return twinId.equals(PatientMapping.twinIdOf(record)) ? null : linkable(centreId, record, twinId);
        }
        if (IdentityMatch.PROBABLE.equals(match.grade())) {
            throw new ProbableMatchException("Centre " + centreId + " holds " + match.candidates().size()
                    + " record(s) that may be this patient: " + match.candidates().stream()
                    .map(IdentityMatch.Candidate::patientId).toList() + ". Import again with centrePatient="
                    + "Patient/<id> to link the record that is the patient, or centrePatient=" + NEW_RECORD
                    + " if none is; nothing was written", match.candidates());
        }
        return null;
    }

    private Patient chosen(String centreId, String centrePatient, String twinId) {
        Patient record;
        try {
            record = read(centreId, centrePatient);
        } catch (CentreCallException e) {
            if (e.httpStatus() == 404 || e.httpStatus() == 410) {
                throw new RecordImport.InvalidImportException("Centre " + centreId + " holds no " + centrePatient);
            }
            throw e;
        }
        return twinId.equals(PatientMapping.twinIdOf(record)) ? null : linkable(centreId, record, twinId);
    }

    /**
     * Found by one of the export Patient's identifiers (the hospital's MRN, say): certain. A record of another twin,
     * or several records with the patient's identifiers, are a conflict (409): never merge two patients.
     */
    private Patient byIdentifier(String centreId, Patient exported, String twinId) {
        Map<String, Patient> found = new LinkedHashMap<>();
        for (Identifier identifier : exported.getIdentifier()) {
            if (!identifier.hasSystem() || !identifier.hasValue()
                    || BusinessIdentifiers.TWIN_SYSTEM.equals(identifier.getSystem())) {
                continue;
            }
            Bundle matches = clients.call(centreId, "find the patient's own record", client -> client.search()
                    .forResource(Patient.class).where(Patient.IDENTIFIER.exactly().systemAndIdentifier(
                            identifier.getSystem(), identifier.getValue()))
                    .cacheControl(CentreClients.FRESH).returnBundle(Bundle.class).execute());
            for (var entry : matches.getEntry()) {
                if (entry.getResource() instanceof Patient patient) {
                    found.putIfAbsent(patient.getIdElement().getIdPart(), patient);
                }
            }
        }
        if (found.values().stream().anyMatch(patient -> twinId.equals(PatientMapping.twinIdOf(patient)))) {
            return null;
        }
        for (Patient patient : found.values()) {
            linkable(centreId, patient, twinId);
        }
        if (found.size() > 1) {
            throw new RecordImport.ConflictingTwinException("Centre " + centreId + " holds " + found.size()
                    + " records with the patient's identifiers (" + found.keySet() + "); merge them there before "
                    + "importing");
        }
        return found.isEmpty() ? null : versioned(found.values().iterator().next());
    }

    private static Patient linkable(String centreId, Patient record, String twinId) {
        String other = PatientMapping.twinIdOf(record);
        if (other != null && !other.equals(twinId)) {
            throw new RecordImport.ConflictingTwinException("Centre " + centreId + "'s record Patient/"
                    + record.getIdElement().getIdPart() + " belongs to another twin (" + other + "); it is not "
                    + "linked to " + twinId);
        }
        return versioned(record);
    }

    private static Patient versioned(Patient record) {
        record.setId(new IdType("Patient", record.getIdElement().getIdPart(), record.getMeta().getVersionId()));
        return record;
    }

    private Patient read(String centreId, String patientId) {
        return clients.call(centreId, "read " + patientId, client -> client.read().resource(Patient.class)
                .withId(patientId.substring("Patient/".length())).cacheControl(CentreClients.FRESH).execute());
    }

    /** What matching compares; null if the export says too little of the patient to compare (no family name). */
    private static PatientDetails detailsOf(Patient exported, String twinId) {
        var name = exported.getNameFirstRep();
        if (!name.hasFamily()) {
            return null;
        }
        var birthDate = exported.getBirthDateElement();
        return new PatientDetails(twinId, null, name.getGivenAsSingleString(), name.getFamily(),
                birthDate.hasValue() && birthDate.getPrecision() == TemporalPrecisionEnum.DAY
                        ? LocalDate.parse(birthDate.getValueAsString()) : null, exported.getGender());
    }
}
