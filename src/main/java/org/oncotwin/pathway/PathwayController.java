package org.oncotwin.pathway;

import java.net.URI;
import org.oncotwin.process.ProcessKeys;
import org.springframework.http.ResponseEntity;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/pathways}: start a pathway for a patient, and see where it stands. */
@RestController
@RequestMapping("/api/pathways")
class PathwayController {

    private final PathwayService pathways;

    PathwayController(PathwayService pathways) {
        this.pathways = pathways;
    }

    /** Starts a pathway; {@code ?pathway=NeoadjuvantPathway} picks another model than the oncology pathway. */
    @PostMapping
    ResponseEntity<PathwayService.StartedPathway> start(@RequestBody PathwayIntake intake,
            @RequestParam(defaultValue = ProcessKeys.ONCOLOGY_PATHWAY) String pathway) {
        var started = pathways.start(pathway, intake);
        return ResponseEntity.created(URI.create("/api/pathways/" + started.processInstanceId())).body(started);
    }

    record Withdrawal(String reason) {
    }

    @PostMapping("/{processInstanceId}/withdrawal")
    ResponseEntity<Void> withdraw(@PathVariable String processInstanceId, @RequestBody(required = false) Withdrawal w) {
        if (!pathways.withdraw(processInstanceId, w == null ? null : w.reason())) {
            throw noRunningPathway(processInstanceId);
        }
        return ResponseEntity.accepted().build();
    }

    @PostMapping("/{processInstanceId}/hold")
    ResponseEntity<Void> hold(@PathVariable String processInstanceId) {
        if (!pathways.hold(processInstanceId, true)) {
            throw noRunningPathway(processInstanceId);
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{processInstanceId}/resume")
    ResponseEntity<Void> resume(@PathVariable String processInstanceId) {
        if (!pathways.hold(processInstanceId, false)) {
            throw noRunningPathway(processInstanceId);
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{processInstanceId}")
    ResponseEntity<PathwayService.PathwayState> get(@PathVariable String processInstanceId) {
        return ResponseEntity.ok(pathways.find(processInstanceId).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, "There is no pathway " + processInstanceId)));
    }

    private static ResponseStatusException noRunningPathway(String processInstanceId) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no running pathway " + processInstanceId);
    }
}
