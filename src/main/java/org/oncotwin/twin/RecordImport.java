package org.oncotwin.twin;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ScalarType;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ValueType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.oncotwin.centre.CentreDirectory;
import org.oncotwin.fhir.BusinessIdentifiers;
import org.oncotwin.fhir.CentreCallException;
import org.oncotwin.fhir.FhirStepWriter;
import org.oncotwin.fhir.PatientMapping;
import org.oncotwin.fhir.References;
import org.oncotwin.fhir.StepContext;
import org.oncotwin.fhir.StepTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Imports a patient's existing records (any FHIR R4 resources, as a Bundle a hospital exports) into a centre, linked
 * to a twin, so a pathway can start for that patient. All or nothing: one transaction, or for a large import parts
 * that are undone if one fails ({@link #inParts}); importing the same Bundle again writes nothing new: every resource is created only if absent, by its first identifier or, lacking one, by a
 * hash of its content. References are resolved as {@link ImportPlan} says.
 */
@Service
public class RecordImport {

    static final String IMPORT_SYSTEM = "urn:oncotwin:import";
    private static final Logger log = LoggerFactory.getLogger(RecordImport.class);

    private final FhirContext fhirContext;
    private final CentreDirectory centres;
    private final FhirStepWriter writer;
    private final TwinProperties properties;
    private final ImportJournal journal;
    private final ImportUndo undo;
    private final Clock clock;
    private final CentresOwnRecord centresOwnRecord;
    private final ObjectMapper json = new ObjectMapper();

    RecordImport(FhirContext fhirContext, CentreDirectory centres, FhirStepWriter writer, TwinProperties properties,
                 ImportJournal journal, ImportUndo undo, Clock clock, CentresOwnRecord centresOwnRecord) {
        this.centresOwnRecord = centresOwnRecord;
        this.fhirContext = fhirContext;
        this.centres = centres;
        this.writer = writer;
        this.properties = properties;
        this.journal = journal;
        this.undo = undo;
        this.clock = clock;
    }

    /**
     * An import failed half-way and what it wrote could not be removed yet (HTTP 503): it is removed by a later try,
     * within {@link ImportUndo#UNTOUCHED}.
     */
    public static class ImportUndoPendingException extends RuntimeException {
        ImportUndoPendingException(String message) {
            super(message);
        }
    }

    /** The Bundle's Patient already carries another twin's identifier (HTTP 409): never merge two patients. */
    public static class ConflictingTwinException extends RuntimeException {
        ConflictingTwinException(String message) {
            super(message);
        }
    }

    /** Refused input, said in words: nothing was written (HTTP 400). */
    public static class InvalidImportException extends IllegalArgumentException {
        InvalidImportException(String message) {
            super(message);
        }
    }

    /**
     * Resources of the Bundle that are invalid in themselves, or that the centre refused (HTTP 422 with an
     * OperationOutcome naming each): nothing was written.
     */
    public static class InvalidRecordsException extends RuntimeException {
        private final transient OperationOutcome outcome;

        InvalidRecordsException(String message, OperationOutcome outcome) {
            super(message);
            this.outcome = outcome;
        }

        public OperationOutcome outcome() {
            return outcome;
        }
    }

    /**
     * The answer to an import: what was (or, with {@code dryRun}, would be) written, per resource type; how many
     * references between entries were kept as links; the references to resources the export left out, kept as
     * logical references; what was skipped and why.
     */
    public record Imported(String centre, boolean dryRun, String patientId, Map<String, Integer> importedByType,
                           int referencesResolved, List<KeptReference> referencesKeptWithoutTarget,
                           List<String> skipped, List<String> written) {
    }

    /** A reference to a resource that is not in the Bundle: kept as its identifier and display. */
    public record KeptReference(String from, String target, String keptAs) {
    }

    /** How the Bundle is written. */
    public enum Format { JSON, XML, NDJSON }

    /**
     * Imports a patient's records (a FHIR R4 Bundle; JSON is read from the stream entry by entry) into a centre,
     * linked to the twin; {@code dryRun} answers the report without writing.
     */
    public Imported importRecords(String twinId, String centreId, InputStream bundleStream, Format format,
                                  String user, boolean dryRun, String centrePatient) {
        Prepared prepared = prepare(twinId, centreId, bundleStream, format, user, centrePatient);
        return dryRun ? report(prepared) : write(prepared, UUID.randomUUID().toString());
    }

    /**
     * An import read, checked and its patient found at the centre: what {@link #write} writes. Everything that can
     * refuse the import without writing has refused it by now.
     */
    record Prepared(String twinId, String centreId, String hash, String user, ImportPlan plan,
                    Map<Resource, Identifier> contentIdentifiers, Patient centresRecord, List<KeptReference> kept) {
    }

    /** Reads and checks the export, and finds the patient's record at the centre; writes nothing. */
    Prepared prepare(String twinId, String centreId, InputStream bundleStream, Format format, String user,
                     String centrePatient) {
        centres.require(centreId);
        CentresOwnRecord.requireValidChoice(centrePatient);
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        var body = new DigestInputStream(bundleStream, md5);
        Bundle bundle = switch (format) {
            case XML -> parseXml(body);
            case NDJSON -> parseNdjson(body);
            case JSON -> parse(body);
        };
        String hash = nameUuid(md5.digest());
        Map<Resource, Identifier> contentIdentifiers = contentIdentifiers(bundle, twinId);
        ImportPlan plan = ImportPlan.of(bundle);
        List<Resource> resources = plan.entries().stream().map(ImportPlan.Entry::resource).toList();
        if (resources.stream().filter(Patient.class::isInstance).count() != 1) {
            throw new InvalidImportException("The Bundle must hold exactly one Patient, the one the twin is about");
        }
        String otherTwin = PatientMapping.twinIdOf(resources.stream().filter(Patient.class::isInstance)
                .map(Patient.class::cast).findFirst().orElseThrow());
        if (otherTwin != null && !otherTwin.equals(twinId)) {
            throw new ConflictingTwinException("The Patient in the Bundle belongs to another twin (" + otherTwin
                    + "); it is not linked to " + twinId);
        }
        if (resources.size() > properties.maxImportResources()) {
            throw new InvalidImportException("At most " + properties.maxImportResources() + " resources per import, "
                    + "the Bundle holds " + resources.size());
        }
        List<KeptReference> kept = plan.keptReferences().stream()
                .map(k -> new KeptReference(k.from(), k.target(), k.keptAs())).toList();
        Patient known = centresOwnRecord.find(centreId, (Patient) patientEntry(plan).resource(), twinId,
                centrePatient);
        return new Prepared(twinId, centreId, hash, user, plan, contentIdentifiers, known, kept);
    }

    /** What the import would write: the answer of a dry run. */
    Imported report(Prepared prepared) {
        ImportPlan plan = prepared.plan();
        return new Imported(prepared.centreId(), true, null, plan.countByType(), plan.resolvedReferences(),
                prepared.kept(), plan.skipped(), List.of());
    }

    /** How many transactions the import is written in. */
    int parts(Prepared prepared) {
        List<ImportPlan.Entry> entries = prepared.plan().entries();
        return entries.size() <= properties.importPartSize() ? 1
                : ImportParts.of(entries, properties.importPartSize()).size();
    }

    /** Writes the import, all or nothing; {@code importId} names it in the journal if it goes in parts. */
    Imported write(Prepared prepared, String importId) {
        ImportPlan plan = prepared.plan();
        String twinId = prepared.twinId();
        String centreId = prepared.centreId();
        Patient known = prepared.centresRecord();
        if (known != null) {
            // the export's Patient is the centre's own record: linked to the twin, not written again
            Map<String, String> linked = new HashMap<>();
            linked.put(patientEntry(plan).placeholder(), known.getIdElement().toUnqualifiedVersionless().getValue());
            known.addIdentifier(BusinessIdentifiers.twin(twinId).setUse(Identifier.IdentifierUse.SECONDARY));
            plan.entries().forEach(entry -> pointAtWritten(entry.resource(), linked));
        }
        var writing = new Writing(twinId, prepared.contentIdentifiers(), known);
        Map<String, IdType> written = plan.entries().size() <= properties.importPartSize()
                ? inOneTransaction(centreId, prepared.hash(), prepared.user(), plan, writing)
                : inParts(importId, centreId, prepared.hash(), prepared.user(), plan, writing);
        String patientId = written.entrySet().stream().filter(e -> e.getKey().startsWith("Patient#"))
                .map(e -> e.getValue().toVersionless().getValue()).findFirst().orElseThrow();
        return new Imported(centreId, false, patientId, plan.countByType(), plan.resolvedReferences(),
                prepared.kept(), plan.skipped(), written.values().stream().map(id -> id.toVersionless().getValue())
                .toList());
    }

    private static ImportPlan.Entry patientEntry(ImportPlan plan) {
        return plan.entries().stream().filter(e -> e.resource() instanceof Patient).findFirst().orElseThrow();
    }

    /**
     * How the entries are written: the twin, the content identifiers of resources without one, and the centre's own
     * record of the patient if the export's Patient is linked to it instead of being created.
     */
    private record Writing(String twinId, Map<Resource, Identifier> contentIdentifiers, Patient centresRecord) {
    }

    private Map<String, IdType> inOneTransaction(String centreId, String hash, String user, ImportPlan plan,
                                                 Writing writing) {
        String twinId = writing.twinId();
        var step = new StepContext(twinId, "RecordImport", "import-" + hash, "ImportRecords", user);
        try {
            return writer.write(centreId, step, tx -> plan.entries().forEach(entry ->
                    createIfAbsent(tx, entry, writing))).idsByKey();
        } catch (CentreCallException e) {
            throw refusedOrUnanswered(centreId, e);
        }
    }

    /**
     * An import too large for one transaction, in parts ({@link ImportParts}): each part is entered in the journal
     * before it is sent and its new resources are tagged with it, so that a failure undoes the parts written before
     * ({@link ImportUndo}); references to entries of earlier parts name the resources the centre created for them.
     */
    private Map<String, IdType> inParts(String importId, String centreId, String hash, String user, ImportPlan plan,
                                        Writing writing) {
        String twinId = writing.twinId();
        List<List<ImportPlan.Entry>> parts = ImportParts.of(plan.entries(), properties.importPartSize());
        Map<String, IdType> written = new LinkedHashMap<>();
        Map<String, String> writtenByPlaceholder = new HashMap<>();
        journal.begin(importId, twinId, centreId, clock.instant());
        int number = 0;
        try {
            for (List<ImportPlan.Entry> part : parts) {
                int partNumber = ++number;
                var step = new StepContext(twinId, "RecordImport", "import-" + hash, "ImportRecords-part-"
                        + partNumber, user);
                var ids = writer.write(centreId, step, tx -> {
                    for (ImportPlan.Entry entry : part) {
                        pointAtWritten(entry.resource(), writtenByPlaceholder);
                        entry.resource().getMeta().addTag(ImportUndo.PART_TAG_SYSTEM,
                                ImportUndo.partTag(importId, partNumber), null);
                        createIfAbsent(tx, entry, writing);
                    }
                    journal.sending(importId, new ImportJournal.Part(partNumber, tx.provenanceId(),
                            part.stream().map(entry -> entry.resource().fhirType()).distinct().sorted().toList()),
                            clock.instant());
                }).idsByKey();
                for (ImportPlan.Entry entry : part) {
                    IdType id = ids.get(keyOf(entry));
                    written.put(keyOf(entry), id);
                    writtenByPlaceholder.put(entry.placeholder(), id.toUnqualifiedVersionless().getValue());
                }
                log.info("Import {} for twin {} into {}: part {} of {} written ({} resources)", importId, twinId,
                        centreId, partNumber, parts.size(), part.size());
            }
        } catch (RuntimeException e) {
            throw undone(importId, centreId, number, parts.size(), e);
        }
        journal.forget(importId);
        return written;
    }

    /**
     * Undoes the parts written, and says why the import failed; or that it is still to be undone. A part the centre
     * did not answer (no answer in time, 5xx) may still be committed there after an undo now had found nothing of
     * it: such an import is left to {@link ImportUndo#undoAbandoned}, {@link ImportUndo#UNTOUCHED} later.
     */
    private RuntimeException undone(String importId, String centreId, int failedPart, int parts, RuntimeException e) {
        boolean answered = !(e instanceof CentreCallException call) || (call.httpStatus() >= 400
                && call.httpStatus() < 500);
        if (!answered) {
            log.warn("Import {} into {} failed at part {} of {} without an answer from the centre; what it wrote is "
                    + "undone in {}", importId, centreId, failedPart, parts, ImportUndo.UNTOUCHED, e);
            return new ImportUndoPendingException(pendingMessage(centreId, failedPart, parts, e));
        }
        log.warn("Import {} into {} failed at part {} of {}; undoing the parts written", importId, centreId,
                failedPart, parts, e);
        try {
            undo.undo(importId);
        } catch (RuntimeException undoFailure) {
            log.error("Undoing import {} at {} failed; tried again in {}", importId, centreId, ImportUndo.UNTOUCHED,
                    undoFailure);
            return new ImportUndoPendingException(pendingMessage(centreId, failedPart, parts, e));
        }
        return e instanceof CentreCallException call ? refusedOrUnanswered(centreId, call) : e;
    }

    private static String pendingMessage(String centreId, int failedPart, int parts, RuntimeException e) {
        return "The import failed at part " + failedPart + " of " + parts + " (" + e.getMessage() + "); what it "
                + "wrote at centre " + centreId + " is removed within " + (ImportUndo.UNTOUCHED.toMinutes() + 1)
                + " minutes; import again after that";
    }

    private RuntimeException refusedOrUnanswered(String centreId, CentreCallException e) {
        if (e.httpStatus() >= 400 && e.httpStatus() < 500) {
            return new InvalidRecordsException("Centre " + centreId + " refused the records; nothing was written",
                    outcome(List.of(e.getMessage()), "Bundle"));
        }
        return e;
    }

    /**
     * Creates the entry's resource unless the centre holds it: found by the twin (the Patient), its identifier, the
     * content hash as an added identifier, or, for resource types without an identifier (Provenance, Binary), the
     * content hash as a tag.
     */
    private void createIfAbsent(StepTransaction tx, ImportPlan.Entry entry, Writing writing) {
        Resource resource = entry.resource();
        if (resource instanceof Patient && writing.centresRecord() != null) {
            tx.updateIfUnchanged(keyOf(entry), writing.centresRecord());
        } else if (!(resource instanceof Patient) && resource.getNamedProperty("identifier") == null) {
            tx.createIfAbsentTagged(keyOf(entry), resource, new Coding(IMPORT_SYSTEM,
                    writing.contentIdentifiers().get(resource).getValue(), null), entry.placeholder());
        } else {
            tx.createIfAbsent(keyOf(entry), resource, identifierFor(resource, writing.twinId(),
                    writing.contentIdentifiers()), entry.placeholder());
        }
    }

    private static String keyOf(ImportPlan.Entry entry) {
        return entry.resource().fhirType() + "#" + entry.index();
    }

    /** References to entries written in earlier parts now name the resource at the centre. */
    private static void pointAtWritten(Resource resource, Map<String, String> writtenByPlaceholder) {
        for (Reference reference : References.in(resource)) {
            String written = writtenByPlaceholder.get(reference.getReference());
            if (written != null) {
                reference.setReference(written);
            }
        }
    }

    /**
     * The Bundle, each entry's resource parsed on its own so that a problem names its entry. Collection, transaction,
     * batch, searchset and document Bundles are read alike: their entries are the records.
     */
    private Bundle parse(InputStream bundleJson) {
        Bundle bundle = new Bundle();
        List<String> problems = new ArrayList<>();
        List<String> where = new ArrayList<>();
        String resourceType = null;
        try (JsonParser parser = json.getFactory().createParser(bundleJson)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidImportException("Not a FHIR R4 Bundle (a JSON object with resourceType Bundle)");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("resourceType".equals(field)) {
                    resourceType = parser.getValueAsString();
                } else if ("entry".equals(field) && value == JsonToken.START_ARRAY) {
                    int index = 0;
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        if (index == properties.maxImportResources() + 1) {
                            // not read on: a larger Bundle is refused anyway, and need not be held in memory first
                            throw new InvalidImportException("At most " + properties.maxImportResources()
                                    + " resources per import, the Bundle holds more");
                        }
                        addEntry(bundle, json.readTree(parser), index++, problems, where);
                    }
                } else {
                    parser.skipChildren();
                }
            }
            // the rest of the stream is read too, so that the digest covers the whole body
            while (parser.nextToken() != null) {
                parser.skipChildren();
            }
        } catch (IOException e) {
            throw new InvalidImportException("Not JSON: " + e.getMessage());
        }
        if (!"Bundle".equals(resourceType)) {
            throw new InvalidImportException("Not a FHIR R4 Bundle (resourceType must be Bundle)");
        }
        requireValid(problems, where);
        return bundle;
    }

    private static void requireValid(List<String> problems, List<String> where) {
        if (!problems.isEmpty()) {
            var outcome = new OperationOutcome();
            for (int i = 0; i < problems.size(); i++) {
                outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                        .setCode(OperationOutcome.IssueType.STRUCTURE).setDiagnostics(problems.get(i))
                        .addExpression(where.get(i));
            }
            throw new InvalidRecordsException(problems.size() + " resource(s) of the Bundle are invalid; nothing "
                    + "was written", outcome);
        }
    }

    /**
     * Newline-delimited resources, as FHIR Bulk Data exports write them: read one by one, each as an entry of a
     * collection (entry n is the resource on line n + 1).
     */
    private Bundle parseNdjson(InputStream lines) {
        Bundle bundle = new Bundle();
        List<String> problems = new ArrayList<>();
        List<String> where = new ArrayList<>();
        try (var resources = json.readerFor(JsonNode.class).<JsonNode>readValues(lines)) {
            int index = 0;
            while (resources.hasNextValue()) {
                JsonNode resource = resources.nextValue();
                if (index == properties.maxImportResources()) {
                    throw new InvalidImportException("At most " + properties.maxImportResources()
                            + " resources per import, the export holds more");
                }
                addEntry(bundle, json.createObjectNode().set("resource", resource), index++, problems, where);
            }
        } catch (IOException | com.fasterxml.jackson.databind.RuntimeJsonMappingException e) {
            throw new InvalidImportException("Not NDJSON (one FHIR resource per line): " + e.getMessage());
        }
        requireValid(problems, where);
        return bundle;
    }

    /**
     * An XML Bundle, parsed whole (HAPI's XML reader refuses DTDs and external entities); its problems name the
     * element, not the entry.
     */
    private Bundle parseXml(InputStream bundleXml) {
        var errors = new CollectingErrorHandler();
        IBaseResource parsed;
        try {
            parsed = fhirContext.newXmlParser().setParserErrorHandler(errors).parseResource(
                    new java.io.InputStreamReader(bundleXml, StandardCharsets.UTF_8));
        } catch (DataFormatException | ClassCastException e) {
            // HAPI's message without its codes and the exception's name: what was wrong, as it says it last
            throw new InvalidImportException("Not a FHIR R4 Bundle in XML: "
                    + String.valueOf(e.getMessage()).replaceAll("(?s).*HAPI-\\d+: ", ""));
        }
        if (!(parsed instanceof Bundle bundle)) {
            throw new InvalidImportException("Not a FHIR R4 Bundle (the XML holds a " + parsed.fhirType() + ")");
        }
        if (bundle.getEntry().size() > properties.maxImportResources()) {
            throw new InvalidImportException("At most " + properties.maxImportResources() + " resources per import, "
                    + "the Bundle holds " + bundle.getEntry().size());
        }
        List<String> problems = new ArrayList<>(errors.problems);
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            Resource resource = bundle.getEntry().get(i).getResource();
            if (resource instanceof Bundle) {
                bundle.getEntry().get(i).setResource(null);
                problems.add("entry " + i + " (Bundle): a Bundle cannot be imported as a record");
            }
        }
        if (!problems.isEmpty()) {
            var outcome = new OperationOutcome();
            problems.forEach(problem -> outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                    .setCode(OperationOutcome.IssueType.STRUCTURE).setDiagnostics(problem).addExpression("Bundle"));
            throw new InvalidRecordsException(problems.size() + " value(s) of the Bundle are invalid; nothing was "
                    + "written", outcome);
        }
        return bundle;
    }

    private void addEntry(Bundle bundle, JsonNode entry, int i, List<String> problems, List<String> where) {
        var component = bundle.addEntry();
        if (entry.hasNonNull("fullUrl")) {
            component.setFullUrl(entry.get("fullUrl").asText());
        }
        if ("outcome".equals(entry.path("search").path("mode").asText())) {
            component.getSearch().setMode(Bundle.SearchEntryMode.OUTCOME);
        }
        if (!entry.hasNonNull("resource")) {
            return;
        }
        String type = entry.get("resource").path("resourceType").asText("?");
        var errors = new CollectingErrorHandler();
        try {
            IBaseResource resource = fhirContext.newJsonParser().setParserErrorHandler(errors)
                    .parseResource(entry.get("resource").toString());
            if (resource instanceof Resource r && !(resource instanceof Bundle)) {
                component.setResource(r);
            } else {
                errors.problems.add("a " + type + " cannot be imported as a record");
            }
        } catch (DataFormatException | ClassCastException e) {
            errors.problems.add(e.getMessage());
        }
        for (String problem : errors.problems) {
            problems.add("entry " + i + " (" + type + "): " + problem);
            where.add("Bundle.entry[" + i + "].resource");
        }
    }

    /** The same UUID as {@link UUID#nameUUIDFromBytes} of the bytes whose MD5 this is. */
    private static String nameUuid(byte[] md5) {
        md5[6] &= 0x0f;
        md5[6] |= 0x30;
        md5[8] &= 0x3f;
        md5[8] |= (byte) 0x80;
        ByteBuffer bytes = ByteBuffer.wrap(md5);
        return new UUID(bytes.getLong(), bytes.getLong()).toString();
    }

    private static OperationOutcome outcome(List<String> problems, String expression) {
        var outcome = new OperationOutcome();
        problems.forEach(problem -> outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.PROCESSING).setDiagnostics(problem).addExpression(expression));
        return outcome;
    }

    /**
     * For resources without an identifier, one derived from the twin and the resource as exported (before its
     * references are rewritten): the same export imported again finds them, another patient's identical-looking
     * record (same code, same date) does not.
     */
    private Map<Resource, Identifier> contentIdentifiers(Bundle bundle, String twinId) {
        Map<Resource, Identifier> identifiers = new IdentityHashMap<>();
        for (var entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            if (resource != null && !(resource instanceof Patient) && firstIdentifier(resource) == null) {
                String content = twinId + "\n" + fhirContext.newJsonParser().encodeResourceToString(resource);
                identifiers.put(resource, new Identifier().setSystem(IMPORT_SYSTEM).setValue(UUID.nameUUIDFromBytes(
                        content.getBytes(StandardCharsets.UTF_8)).toString()));
            }
        }
        return identifiers;
    }

    /** What makes a resource's import repeatable: the twin for the Patient, else its identifier or content hash. */
    private Identifier identifierFor(Resource resource, String twinId, Map<Resource, Identifier> contentIdentifiers) {
        if (resource instanceof Patient patient) {
            Identifier twin = BusinessIdentifiers.twin(twinId);
            if (patient.getIdentifier().stream().noneMatch(id -> BusinessIdentifiers.TWIN_SYSTEM
                    .equals(id.getSystem()))) {
                patient.addIdentifier(twin.copy().setUse(Identifier.IdentifierUse.SECONDARY));
            }
            return twin;
        }
        Identifier identifier = firstIdentifier(resource);
        if (identifier == null) {
            identifier = contentIdentifiers.get(resource);
            addIdentifier(resource, identifier);
        }
        return identifier;
    }

    /** Collects invalid values instead of failing on the first, so the answer names every one. */
    private static final class CollectingErrorHandler extends LenientErrorHandler {
        private final List<String> problems = new ArrayList<>();

        CollectingErrorHandler() {
            super(false);
            setErrorOnInvalidValue(false);
        }

        @Override
        public void invalidValue(IParseLocation location, String value, String error) {
            problems.add((location == null || location.getParentElementName() == null ? ""
                    : location.getParentElementName() + ": ") + "invalid value '" + value + "'"
                    + (error == null ? "" : " (" + error + ")"));
        }

        @Override
        public void incorrectJsonType(IParseLocation location, String elementName, ValueType expected,
                                      ScalarType expectedScalar, ValueType found, ScalarType foundScalar) {
            problems.add(createIncorrectJsonTypeMessage(elementName, expected, expectedScalar, found, foundScalar));
        }
    }

    private static Identifier firstIdentifier(Resource resource) {
        return ImportPlan.identifiersOf(resource).stream().findFirst().orElse(null);
    }

    private static void addIdentifier(Resource resource, Identifier identifier) {
        resource.setProperty("identifier", identifier);
    }
}
