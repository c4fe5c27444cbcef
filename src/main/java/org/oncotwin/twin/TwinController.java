package org.oncotwin.twin;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.Principal;
import org.oncotwin.security.PatientAccess;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import ca.uhn.fhir.context.FhirContext;

/**
 * {@code GET /api/twins/{twinId}}: the patient's twin, assembled now from every centre — as JSON for people (timeline)
 * or, with {@code Accept: application/fhir+json}, as a FHIR R4 collection Bundle. Every access is logged (audit).
 */
@RestController
@RequestMapping("/api/twins")
class TwinController {

    private static final Logger audit = LoggerFactory.getLogger("org.oncotwin.audit");
    static final String FHIR_JSON = "application/fhir+json";
    static final String FHIR_XML = "application/fhir+xml";
    static final String FHIR_NDJSON = "application/fhir+ndjson";

    private final TwinAssembler twins;
    private final RecordImport imports;
    private final FhirContext fhirContext;
    private final PatientAccess access;

    TwinController(TwinAssembler twins, RecordImport imports, FhirContext fhirContext, PatientAccess access) {
        this.twins = twins;
        this.imports = imports;
        this.fhirContext = fhirContext;
        this.access = access;
    }

    /**
     * Imports a patient's existing records (a FHIR R4 Bundle) into a centre, linked to the twin; then
     * {@code POST /api/pathways} with this {@code twinId} starts a pathway for the patient. {@code dryRun=true}
     * answers the report without writing. When the centre holds records that may be the patient (409 with the
     * candidates), {@code centrePatient=Patient/<id>} links the one that is, {@code centrePatient=new} creates one.
     */
    @PostMapping(value = "/{twinId}/records", consumes = {FHIR_JSON, MediaType.APPLICATION_JSON_VALUE, FHIR_XML,
            MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE, FHIR_NDJSON, MediaType.APPLICATION_NDJSON_VALUE,
            "application/ndjson"})
    ResponseEntity<RecordImport.Imported> importRecords(@PathVariable String twinId, @RequestParam String centre,
            @RequestParam(defaultValue = "false") boolean dryRun, @RequestParam(required = false) String centrePatient,
            Principal user, HttpServletRequest request)
            throws IOException {
        String id = twinIdOf(twinId);
        access.requireRead(PatientAccess.reader(request), id, "record import into " + centre);
        // read as a stream: a hospital's export may hold 10,000 resources (oncotwin.api.max-import-size)
        String contentType = request.getContentType() == null ? "" : request.getContentType();
        var format = contentType.contains("ndjson") ? RecordImport.Format.NDJSON
                : contentType.contains("xml") ? RecordImport.Format.XML : RecordImport.Format.JSON;
        var imported = imports.importRecords(id, centre, request.getInputStream(), format,
                user == null ? null : user.getName(), dryRun, centrePatient);
        audit.info("Records {} for twin {} into {} by {}: {}", dryRun ? "checked (dry run)" : "imported", id, centre,
                user == null ? "unknown" : user.getName(), imported.importedByType());
        return ResponseEntity.status(dryRun ? HttpStatus.OK : HttpStatus.CREATED).body(imported);
    }


    @GetMapping(value = "/{twinId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TwinView> view(@PathVariable String twinId, Principal user, HttpServletRequest request) {
        var twin = assemble(twinId, user, "twin timeline", request);
        if (twin.resources().isEmpty() && twin.records().stream().allMatch(CentreRecord::answered)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND,
                    "No centre holds records of twin " + twinId);
        }
        return ResponseEntity.ok(twins.view(twin));
    }

    @GetMapping(value = "/{twinId}", produces = FHIR_JSON)
    ResponseEntity<String> bundle(@PathVariable String twinId, Principal user, HttpServletRequest request) {
        var twin = assemble(twinId, user, "twin FHIR bundle", request);
        Bundle bundle = twins.bundle(twin);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(FHIR_JSON))
                .body(fhirContext.newJsonParser().encodeResourceToString(bundle));
    }

    private static String twinIdOf(String twinId) {
        try {
            return UUID.fromString(twinId).toString();
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "A twin id is a UUID, was '" + twinId + "'");
        }
    }

    private TwinAssembler.Twin assemble(String twinId, Principal user, String form, HttpServletRequest request) {
        String id = twinIdOf(twinId);
        var twin = access.readWhileRecording(PatientAccess.reader(request), id, form, () -> twins.assembleAsync(id));
        audit.info("Twin {} read by {} as {}: {} resources, missing centres {}", id,
                user == null ? "unknown" : user.getName(), form, twin.resources().size(),
                twin.records().stream().filter(r -> !r.answered()).map(CentreRecord::centreId).toList());
        return twin;
    }
}
