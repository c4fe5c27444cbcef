package org.oncotwin.pathway;

import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
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
            @RequestParam(defaultValue = PathwayService.ONCOLOGY_PATHWAY) String pathway) {
        var started = pathways.start(pathway, intake);
        return ResponseEntity.created(URI.create("/api/pathways/" + started.processInstanceId())).body(started);
    }

    record Withdrawal(String reason) {
    }

    @PostMapping("/{processInstanceId}/withdrawal")
    ResponseEntity<Void> withdraw(@PathVariable String processInstanceId, @RequestBody(required = false) Withdrawal w) {
        return pathways.withdraw(processInstanceId, w == null ? null : w.reason())
                ? ResponseEntity.accepted().build() : ResponseEntity.notFound().build();
    }

    @PostMapping("/{processInstanceId}/hold")
    ResponseEntity<Void> hold(@PathVariable String processInstanceId) {
        return pathways.hold(processInstanceId, true) ? ResponseEntity.noContent().build()
                : ResponseEntity.notFound().build();
    }

    @PostMapping("/{processInstanceId}/resume")
    ResponseEntity<Void> resume(@PathVariable String processInstanceId) {
        return pathways.hold(processInstanceId, false) ? ResponseEntity.noContent().build()
                : ResponseEntity.notFound().build();
    }

    @GetMapping("/{processInstanceId}")
    ResponseEntity<PathwayService.PathwayState> get(@PathVariable String processInstanceId) {
        return ResponseEntity.of(pathways.find(processInstanceId));
    }
}
