package org.oncotwin.twin;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.Principal;
import org.oncotwin.security.PatientAccess;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
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
    private final ImportRequests requests;
    private final FhirContext fhirContext;
    private final PatientAccess access;

    TwinController(TwinAssembler twins, RecordImport imports, ImportRequests requests, FhirContext fhirContext,
                   PatientAccess access) {
        this.requests = requests;
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
    ResponseEntity<?> importRecords(@PathVariable String twinId, @RequestParam String centre,
            @RequestParam(defaultValue = "false") boolean dryRun, @RequestParam(required = false) String centrePatient,
            Principal user, HttpServletRequest request)
            throws IOException {
        String id = twinIdOf(twinId);
        access.requireRead(PatientAccess.reader(request), id, "record import into " + centre);
        // read as a stream: a hospital's export may hold 10,000 resources (oncotwin.api.max-import-size)
        String contentType = request.getContentType() == null ? "" : request.getContentType();
        var format = contentType.contains("ndjson") ? RecordImport.Format.NDJSON
                : contentType.contains("xml") ? RecordImport.Format.XML : RecordImport.Format.JSON;
        String by = user == null ? null : user.getName();
        if (!dryRun && respondAsync(request)) {
            var prepared = imports.prepare(id, centre, request.getInputStream(), format, by, centrePatient);
            String importId = requests.start(prepared);
            String state = "/api/twins/" + id + "/records/imports/" + importId;
            audit.info("Records for twin {} into {} by {}: import {} started in the background", id, centre, by,
                    importId);
            return ResponseEntity.accepted().header(HttpHeaders.CONTENT_LOCATION, state)
                    .body(Map.of("id", importId, "state", ImportRequests.RUNNING, "parts", imports.parts(prepared),
                            "stateUrl", state));
        }
        var imported = imports.importRecords(id, centre, request.getInputStream(), format, by, dryRun,
                centrePatient);
        audit.info("Records {} for twin {} into {} by {}: {}", dryRun ? "checked (dry run)" : "imported", id, centre,
                user == null ? "unknown" : user.getName(), imported.importedByType());
        return ResponseEntity.status(dryRun ? HttpStatus.OK : HttpStatus.CREATED).body(imported);
    }


    /**
     * How far an import started with {@code Prefer: respond-async} is (coordinators, for a patient they may read):
     * 202 while it runs ({@code X-Progress}, {@code Retry-After}); then 200 with the import's report, or the answer
     * a failed import would have given (422 with an OperationOutcome, 503 with a problem detail).
     */
    @GetMapping("/{twinId}/records/imports/{importId}")
    ResponseEntity<String> importState(@PathVariable String twinId, @PathVariable String importId,
                                       HttpServletRequest request) {
        String id = twinIdOf(twinId);
        access.requireRead(PatientAccess.reader(request), id, "record import state");
        ImportRequests.State state = requests.state(importId);
        if (state == null || !state.twinId().equals(id)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No import " + importId + " of twin " + id
                    + " (kept a week)");
        }
        if (ImportRequests.RUNNING.equals(state.state())) {
            return ResponseEntity.accepted().header("X-Progress", state.partsSent() + " of " + state.parts()
                    + " parts sent").header(HttpHeaders.RETRY_AFTER, "5").contentType(MediaType.APPLICATION_JSON)
                    .body("{\"id\":\"" + state.id() + "\",\"state\":\"running\",\"parts\":" + state.parts()
                            + ",\"partsSent\":" + state.partsSent() + "}");
        }
        MediaType type = state.httpStatus() == 422 ? MediaType.parseMediaType(FHIR_JSON)
                : state.httpStatus() < 300 ? MediaType.APPLICATION_JSON : MediaType.APPLICATION_PROBLEM_JSON;
        return ResponseEntity.status(state.httpStatus()).contentType(type).body(state.answer());
    }

    private static boolean respondAsync(HttpServletRequest request) {
        var prefer = request.getHeaders("Prefer");
        while (prefer.hasMoreElements()) {
            if (prefer.nextElement().toLowerCase(java.util.Locale.ROOT).contains("respond-async")) {
                return true;
            }
        }
        return false;
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
