package org.oncotwin.dashboard;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The dashboard page for managers, {@code /dashboard} (figures from /api/dashboard). */
@Controller
class DashboardPageController {

    @GetMapping("/dashboard")
    String page() {
        return "forward:/dashboard/index.html";
    }
}
