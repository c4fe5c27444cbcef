package org.oncotwin.demo;

import static org.oncotwin.process.Activities.*;
import static org.oncotwin.process.ProcessKeys.NEOADJUVANT_PATHWAY;
import static org.oncotwin.process.ProcessKeys.ONCOLOGY_PATHWAY;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.oncotwin.fhir.PatientMapping;
import org.oncotwin.testing.OncologyExport;
import org.oncotwin.testing.centres.CentreFaults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Some 40 patients at every stage of their pathway, written by playing their stories through OncoTwin's real API,
 * Tasklist's engine calls and the centres' FHIR servers: handovers waiting, referrals requested, accepted, rejected
 * and re-routed, overdue and escalated, treatments running, pathways completed within and beyond the 62-day target,
 * withdrawn and on hold, one incident at a centre that failed, earlier records imported.
 *
 * <p>History needs time: the stories of the past are played first, day by day, on the engine's clock set back
 * ({@link ClockUtil}, which the demo's {@code Clock} follows), so that every date, deadline and timer is as if it had
 * happened then; on each day the stories play side by side, and the clock moves on only once the engine has run every
 * job due. The present is played last, on the real clock. Demo only (see {@link DemoNetwork}).
 */
final class DemoStories {

    private static final Logger log = LoggerFactory.getLogger(DemoStories.class);
    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    private final DemoActions act;
    private final List<Story> stories = new ArrayList<>();
    private final List<DemoActions.Started> live = new ArrayList<>();
    private int patients;

    DemoStories(DemoActions act) {
        this.act = act;
        write();
    }

    /** The patients whose referrals the centres answer while one watches (see {@link DemoCentreLife}). */
    List<DemoActions.Started> live() {
        return live;
    }

    int patients() {
        return patients;
    }

    private void write() {
        // neoadjuvant pathways (chemotherapy, surgery, radiotherapy) treated in the past months
        story(NEOADJUVANT_PATHWAY, "leipzig").at(120, this::startAndRefer).at(100, this::startTreatment)
                .at(75, this::nextStepReferred).at(60, this::startTreatment).at(45, this::nextStepReferred)
                .at(30, this::startTreatment).importing("leipzig");
        story(NEOADJUVANT_PATHWAY, "dresden").at(120, this::start).at(90, this::referAndAccept)
                .at(75, this::startTreatment).at(20, s -> {
                    act.reportOutcome(s.pathway, "Neoadjuvant FOLFOX, 6 cycles", "Partial response");
                    act.handOver(s.pathway, s.physician(), "After neoadjuvant chemotherapy", "CT: partial response");
                }); // the surgery referral is not answered: escalated
        story(NEOADJUVANT_PATHWAY, "prague").at(100, this::startAndRefer).at(75, this::startTreatment)
                .at(30, s -> act.reportOutcome(s.pathway, "Neoadjuvant FLOT, 4 cycles", "Good response"));
        story(NEOADJUVANT_PATHWAY, "leipzig").at(100, this::start).at(60, this::referAndAccept)
                .at(45, this::startTreatment);
        story(NEOADJUVANT_PATHWAY, "dresden").at(90, this::start).at(45, this::referAndAccept)
                .at(20, this::startTreatment); // 70 days from referral to treatment
        story(NEOADJUVANT_PATHWAY, "leipzig").at(120, this::start).at(60, this::referAndAccept)
                .at(45, this::startTreatment).at(14, this::nextStepReferred).at(5, this::startTreatment);
        story(NEOADJUVANT_PATHWAY, "prague").at(75, this::startAndRefer).at(60, this::startTreatment)
                .at(30, this::nextStepReferred).at(20, this::startTreatment).at(10, this::nextStepReferred);
        story(NEOADJUVANT_PATHWAY, "leipzig").at(60, this::startAndRefer).at(45, this::startTreatment);
        story(NEOADJUVANT_PATHWAY, "dresden").at(45, this::startAndRefer).at(30, this::startTreatment);
        story(NEOADJUVANT_PATHWAY, "leipzig").at(120, this::startAndRefer).at(100, this::startTreatment)
                .at(75, this::nextStepReferred).at(60, this::startTreatment).at(45, this::nextStepReferred)
                .at(30, this::startTreatment).at(10, s -> act.reportOutcome(s.pathway, "Adjuvant radiotherapy 50 Gy",
                        "Completed as planned"))
                .at(5, s -> act.complete("coordinator", act.awaitTask(s.pathway, FOLLOW_UP),
                        Map.of("followUpDate", DemoActions.today(), "followUpNotes", "Yearly imaging")));
        story(NEOADJUVANT_PATHWAY, "dresden").at(70, this::startAndRefer); // accepted, never started: escalated
        story(NEOADJUVANT_PATHWAY, "prague").at(100, this::start).at(30, this::referAndAccept)
                .at(10, this::startTreatment); // 90 days: far beyond the target
        // rejected by the first centre, referred on
        story(NEOADJUVANT_PATHWAY, "leipzig").at(20, s -> {
            startAndHandOver(s);
            act.answer(s.pathway, false, "No chemotherapy slot before January");
            act.answer(s.pathway, true, null);
        }).at(10, this::startTreatment);
        story(NEOADJUVANT_PATHWAY, "dresden").at(2, this::startAndHandOver)
                .at(1, s -> act.answer(s.pathway, false, "Trial capacity reached"));
        story(NEOADJUVANT_PATHWAY, "prague").at(1, s -> {
            startAndHandOver(s);
            act.answer(s.pathway, false, "Patient lives closer to another centre");
        });
        // oncology pathways: diagnostics, then the tumour board
        story(ONCOLOGY_PATHWAY, "leipzig").diagnosticsAt("dresden").at(14, this::startAndRefer)
                .at(10, this::startTreatment).at(7, this::reportImaging).importing("leipzig");
        story(ONCOLOGY_PATHWAY, "dresden").diagnosticsAt("leipzig").at(10, s -> {
            startAndRefer(s);
            startTreatment(s);
        }).at(5, this::reportImaging);
        story(ONCOLOGY_PATHWAY, "leipzig").diagnosticsAt("leipzig").at(7, this::startAndRefer);
        story(ONCOLOGY_PATHWAY, "prague").diagnosticsAt("dresden").at(5, this::startAndHandOver); // escalated
        story(ONCOLOGY_PATHWAY, "leipzig").diagnosticsAt("dresden").at(4, s -> {
            start(s);
            // the centre's server fails while the referral goes out: the step becomes an incident in Cockpit
            act.centres().centre("dresden").faults().set(CentreFaults.Mode.ERROR_ON_EVERY_REQUEST);
            try {
                act.handOver(s.pathway, s.physician(), "See referral; imaging attached", "CT of last week");
                act.awaitIncident(s.pathway);
            } finally {
                act.centres().centre("dresden").faults().clear();
            }
        });
        story(ONCOLOGY_PATHWAY, "dresden").at(30, this::startAndRefer)
                .at(20, s -> act.withdraw(s.pathway, "Patient chose treatment closer to home"));
        story(ONCOLOGY_PATHWAY, "leipzig").at(10, this::startAndRefer)
                .at(3, s -> {
                    act.withdraw(s.pathway, "Patient declined further treatment");
                    if ("permit".equals(s.patient.consentResearch())) {
                        act.withdrawConsent(s.pathway, "research", "Does not want her data used for research");
                    }
                });
        story(ONCOLOGY_PATHWAY, "prague").diagnosticsAt("leipzig").at(3, this::startAndHandOver)
                .at(2, s -> act.hold(s.pathway, "Admitted with pneumonia; resume when recovered"));
        story(ONCOLOGY_PATHWAY, "dresden").diagnosticsAt("dresden").at(7, this::startAndRefer)
                .at(5, this::startTreatment);
        // today: handovers to write, referrals to answer, an identity to confirm
        for (String centre : List.of("leipzig", "dresden", "prague")) {
            story(ONCOLOGY_PATHWAY, centre).at(0, this::start);
            story(NEOADJUVANT_PATHWAY, centre).at(0, this::start);
        }
        story(ONCOLOGY_PATHWAY, "leipzig").diagnosticsAt("leipzig").at(0, this::startAndHandOver);
        story(ONCOLOGY_PATHWAY, "dresden").diagnosticsAt("dresden").at(0, this::startAndHandOver);
        story(NEOADJUVANT_PATHWAY, "leipzig").at(0, this::startAndHandOver);
        story(NEOADJUVANT_PATHWAY, "prague").at(0, this::startAndHandOver);
        story(ONCOLOGY_PATHWAY, "leipzig").diagnosticsAt("leipzig").importing("leipzig").at(0, this::startAndHandOver);
        story(ONCOLOGY_PATHWAY, "leipzig").diagnosticsAt("dresden").at(0, s -> {
            knownAtCentreWithTypo(s.patient, "dresden");
            startAndHandOver(s);
            act.awaitTask(s.pathway, CONFIRM_IDENTITY);
        });
        // the centres answer these while one watches
        for (String centre : List.of("leipzig", "dresden", "leipzig")) {
            story(ONCOLOGY_PATHWAY, centre).at(0, s -> {
                start(s);
                synchronized (live) {
                    live.add(s.pathway);
                }
            });
        }
        story(NEOADJUVANT_PATHWAY, "prague").at(0, s -> {
            start(s);
            synchronized (live) {
                live.add(s.pathway);
            }
        });
    }

    /** Plays every story, the past day by day, then today. */
    void play() {
        Instant began = Instant.now();
        TreeMap<Integer, Map<Story, List<Consumer<Story>>>> days = new TreeMap<>(Comparator.reverseOrder());
        for (Story story : stories) {
            story.beats.forEach((day, beats) -> days.computeIfAbsent(day, d -> new LinkedHashMap<>())
                    .put(story, beats));
        }
        ExecutorService players = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "demo-story");
            thread.setDaemon(true);
            return thread;
        });
        try {
            days.forEach((daysAgo, beatsByStory) -> {
                if (daysAgo > 0) {
                    ClockUtil.offset(-daysAgo * DAY_MS);
                } else {
                    ClockUtil.reset();
                }
                var playing = new ArrayList<CompletableFuture<Void>>();
                beatsByStory.forEach((story, beats) -> playing.add(CompletableFuture.runAsync(() ->
                        beats.forEach(beat -> play(story, beat)), players)));
                CompletableFuture.allOf(playing.toArray(CompletableFuture[]::new)).join();
                act.awaitQuiet();
            });
        } finally {
            ClockUtil.reset();
            players.shutdownNow();
        }
        log.info("Demo network: {} patients written in {} s", patients,
                Duration.between(began, Instant.now()).toSeconds());
    }

    private void play(Story story, Consumer<Story> beat) {
        if (story.stopped) {
            return;
        }
        try {
            beat.accept(story);
        } catch (RuntimeException e) {
            // one story that goes wrong must not keep the others from being told
            story.stopped = true;
            log.warn("Demo story of {} stopped: {}", story.patient.displayName(), e.getMessage());
        }
    }

    private Story story(String model, String coordinatingCentre) {
        Story story = new Story(model, DemoPatient.number(stories.size(), coordinatingCentre));
        stories.add(story);
        patients = stories.size();
        return story;
    }

    private void start(Story s) {
        s.pathway = act.start(s.model, s.patient, s.model.equals(ONCOLOGY_PATHWAY)
                ? "Suspected malignancy, please stage" : "Locally advanced tumour: neoadjuvant treatment", s.diagnostics);
        if (s.importAt != null) {
            var export = new OncologyExport(PatientMapping.mrnSystem(act.centreSettings(s.importAt)),
                    s.patient.mrn(), s.patient.family(), s.patient.given(), s.patient.birthDate(), 8);
            act.importRecords(s.pathway, s.importAt, export.json(act.fhirContext(), OncologyExport.Kind.COLLECTION));
        }
        act.awaitTask(s.pathway, HANDOVER);
    }

    private void startAndHandOver(Story s) {
        start(s);
        act.handOver(s.pathway, s.physician(), "See referral; imaging attached", "CT and MRI of last week");
    }

    private void startAndRefer(Story s) {
        startAndHandOver(s);
        act.answer(s.pathway, true, null);
    }

    private void referAndAccept(Story s) {
        act.handOver(s.pathway, s.physician(), "See referral; imaging attached", "CT and MRI of last week");
        act.answer(s.pathway, true, null);
    }

    private void startTreatment(Story s) {
        act.confirmStart(s.pathway);
        act.awaitTask(s.pathway, REPORT_OUTCOME);
    }

    private void nextStepReferred(Story s) {
        act.reportOutcome(s.pathway, "As planned", "No complications");
        act.handOver(s.pathway, s.physician(), "Previous step completed as planned", "See the twin");
        act.answer(s.pathway, true, null);
    }

    private void reportImaging(Story s) {
        act.reportOutcome(s.pathway, "MRI and CT staging", "cT2 cN1 cM0");
        act.awaitTask(s.pathway, TUMOUR_BOARD);
    }

    /** The centre's own record of the patient, as its registration clerk typed it, not yet linked to the twin. */
    private void knownAtCentreWithTypo(DemoPatient patient, String centre) {
        Patient record = new Patient();
        record.addIdentifier().setSystem("urn:demo:" + centre + ":mrn").setValue("LOCAL-" + patient.mrn());
        record.addName().setFamily(patient.family()).addGiven(patient.given() + "a");
        record.setGender(AdministrativeGender.fromCode(patient.gender()));
        record.setBirthDateElement(new DateType(patient.birthDate()));
        act.centre(centre).create().resource(record).execute();
    }

    /** One patient's story: what happens on which day before today. */
    private static final class Story {
        final String model;
        final DemoPatient patient;
        final TreeMap<Integer, List<Consumer<Story>>> beats = new TreeMap<>(Comparator.reverseOrder());
        String diagnostics;
        String importAt;
        volatile DemoActions.Started pathway;
        volatile boolean stopped;

        Story(String model, DemoPatient patient) {
            this.model = model;
            this.patient = patient;
        }

        Story at(int daysAgo, Consumer<Story> beat) {
            beats.computeIfAbsent(daysAgo, d -> new ArrayList<>()).add(beat);
            return this;
        }

        Story diagnosticsAt(String centre) {
            this.diagnostics = centre;
            return this;
        }

        /** Earlier records of the patient, exported by that centre, are imported when the pathway starts. */
        Story importing(String centre) {
            this.importAt = centre;
            return this;
        }

        String physician() {
            return patient.coordinatingCentre() + "-physician";
        }
    }
}
