package org.oncotwin.pathway;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The pathway page for people, {@code /pathways/{id}}: where one pathway stands (data from
 * {@code /api/pathways/{id}/overview}, which checks that the reader's centre treats the patient).
 */
@Controller
class PathwayPageController {

    @GetMapping("/pathways/{processInstanceId}")
    String page(@PathVariable String processInstanceId) {
        return "forward:/pathway.html";
    }
}
