package org.oncotwin.research;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.oncotwin.OncoTwinTables;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Every research query, answered or refused: who, when, the criteria and what they were told (ot_research_query). */
@Component
class ResearchAudit {

    static final String ANSWERED = "feasibility";
    static final String REFUSED = "refused";
    private static final int MAX_TEXT = 4000;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    ResearchAudit(OncoTwinTables tables, JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    void answered(String user, FeasibilityAnswer answer) {
        record(user, answer.askedAt(), ANSWERED, answer.criteria(), json(Map.of("total", answer.total(),
                "centres", answer.centres())), String.join(",", answer.unavailableCentres().stream()
                .map(FeasibilityAnswer.UnavailableCentre::centre).toList()));
    }

    void refused(String user, Map<String, Object> criteria, String why) {
        record(user, clock.instant(), REFUSED, criteria, why, "");
    }

    /**
     * @return empty when the user had fewer than {@code allowed} queries answered within {@code window}, else how
     *         long until the oldest of them leaves it
     */
    java.util.Optional<Duration> waitBeforeNext(String user, int allowed, Duration window) {
        Instant now = clock.instant();
        List<Timestamp> recent = jdbc.queryForList("select asked_at from ot_research_query where user_id = ? and "
                + "outcome = ? and asked_at > ? order by asked_at desc fetch first " + allowed + " rows only",
                Timestamp.class, user, ANSWERED, Timestamp.from(now.minus(window)));
        if (recent.size() < allowed) {
            return java.util.Optional.empty();
        }
        Duration wait = Duration.between(now, recent.get(recent.size() - 1).toInstant().plus(window));
        return java.util.Optional.of(wait.isNegative() ? Duration.ofSeconds(1) : wait.plusSeconds(1));
    }

    private void record(String user, Instant when, String outcome, Map<String, Object> criteria, String result,
                        String unavailable) {
        jdbc.update("insert into ot_research_query (id, user_id, asked_at, outcome, criteria, result, "
                + "unavailable_centres) values (?, ?, ?, ?, ?, ?, ?)", UUID.randomUUID().toString(), user,
                Timestamp.from(when), outcome, clip(json(criteria)), clip(result), clip(unavailable));
    }

    private String json(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String clip(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }
}
