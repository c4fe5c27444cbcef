package org.oncotwin.twin;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The twin page for people, {@code /twins/{twinId}}: the timeline across centres (data from /api/twins). */
@Controller
class TwinPageController {

    @GetMapping("/twins/{twinId}")
    String page(@PathVariable String twinId) {
        return "forward:/twin.html";
    }
}
