package org.oncotwin.pathway;

import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/pathways}: start a pathway for a patient, and see where it stands. */
@RestController
@RequestMapping("/api/pathways")
class PathwayController {

    private final PathwayService pathways;

    PathwayController(PathwayService pathways) {
        this.pathways = pathways;
    }

    @PostMapping
    ResponseEntity<PathwayService.StartedPathway> start(@RequestBody PathwayIntake intake) {
        var started = pathways.start(intake);
        return ResponseEntity.created(URI.create("/api/pathways/" + started.processInstanceId())).body(started);
    }

    @GetMapping("/{processInstanceId}")
    ResponseEntity<PathwayService.PathwayState> get(@PathVariable String processInstanceId) {
        return ResponseEntity.of(pathways.find(processInstanceId));
    }
}
