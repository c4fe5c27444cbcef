package org.oncotwin.research;

import java.util.Map;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/** The research page for researchers, {@code /research} (counts only, from /api/research). */
@Controller
class ResearchPageController {

    @GetMapping("/research")
    String page() {
        return "forward:/research/index.html";
    }

    /** The page is static, so it asks here for the session's CSRF token before it posts to the research API. */
    @GetMapping("/research/csrf")
    @ResponseBody
    Map<String, String> csrf(CsrfToken token) {
        return Map.of("headerName", token.getHeaderName(), "token", token.getToken());
    }
}
