package org.oncotwin.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.startsWith;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.h2.jdbcx.JdbcDataSource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oncotwin.testing.MutableClock;
import org.oncotwin.OncoTwinTables;
import org.oncotwin.centre.CentreDirectory;
import org.oncotwin.centre.CentreProperties;
import org.oncotwin.fhir.CentreCallException;
import org.oncotwin.fhir.CentreClients;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The watcher's handling of what a centre's search returns, on a real (H2) database for its memory, with the centre
 * and the pathway side mocked: malformed entries are skipped without stopping the centre, a deleted Task leaves the
 * re-check list, the cursor never applies a version twice, and an unmatched change is given up after a while.
 */
class CentreTaskWatcherTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String BASE = "http://dresden.invalid/fhir";

    private final CentreClients clients = mock(CentreClients.class);
    private final CentreTaskUpdates updates = mock(CentreTaskUpdates.class);
    private MutableClock clock;
    private WatchState state;
    private CentreTaskWatcher watcher;
    private CentreDirectory directory;

    @BeforeEach
    void watcher() {
        var dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:watch-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        var tables = new OncoTwinTables(dataSource);
        state = new WatchState(tables, new JdbcTemplate(dataSource));
        var properties = new CentreProperties("dresden", Map.of("dresden",
                new CentreProperties.CentreEntry("Dresden Proton Centre", BASE, "DE", null, null, Map.of(), null, null, null)));
        directory = new CentreDirectory(properties);
        clock = new MutableClock(T0.plus(Duration.ofMinutes(5)));
        watcher = new CentreTaskWatcher(directory, properties, clients, updates,
                mock(TaskSubscriptions.class), state, new ReferralProperties(Duration.ofSeconds(15),
                Duration.ofHours(24), Duration.ofMinutes(10), 2, Duration.ofSeconds(10), null), clock, new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() {
        watcher.stop();
    }

    @Test
    void anOperationOutcomeAndATaskWithoutLastUpdatedAreSkippedAndTheRestIsApplied() {
        Task good = task("1002", 3, T0, TaskStatus.ACCEPTED);
        Task undated = task("1003", 2, null, TaskStatus.ACCEPTED);
        searchReturns(new OperationOutcome(), undated, good);
        when(updates.apply("dresden", good)).thenReturn(CentreTaskUpdates.Outcome.APPLIED);

        assertThat(watcher.search(directory.require("dresden"))).isFalse();

        verify(updates).apply("dresden", good);
        verify(updates, never()).apply("dresden", undated);
        assertThat(state.cursor("dresden", BASE)).hasValueSatisfying(cursor -> {
            assertThat(cursor.seenUntil()).isEqualTo(T0);
            assertThat(cursor.seenVersions()).containsExactly("Task/1002/_history/3");
        });
    }

    @Test
    void aVersionSeenAtTheCursorsInstantIsNotAppliedAgainButANewerOneIs() {
        Task first = task("1002", 3, T0, TaskStatus.ACCEPTED);
        searchReturns(first);
        when(updates.apply(eq("dresden"), any())).thenReturn(CentreTaskUpdates.Outcome.APPLIED);
        watcher.search(directory.require("dresden"));
        watcher.search(directory.require("dresden")); // the next search starts at the same instant
        verify(updates, times(1)).apply(eq("dresden"), any());

        Task sameInstantOtherTask = task("1007", 2, T0, TaskStatus.ACCEPTED);
        searchReturns(first, sameInstantOtherTask);
        watcher.search(directory.require("dresden"));
        verify(updates).apply("dresden", sameInstantOtherTask);
        verify(updates, times(2)).apply(eq("dresden"), any());
    }

    @Test
    void aChangeDatedBeforeTheCursorThatBecameVisibleLaterIsApplied() {
        Task later = task("1002", 3, T0.plusSeconds(2), TaskStatus.ACCEPTED);
        searchReturns(later);
        when(updates.apply(eq("dresden"), any())).thenReturn(CentreTaskUpdates.Outcome.APPLIED);
        watcher.search(directory.require("dresden"));

        // its transaction started before the other's but committed after the search above
        Task committedLate = task("1009", 4, T0.plusSeconds(1), TaskStatus.COMPLETED);
        searchReturns(committedLate, later);
        watcher.search(directory.require("dresden"));

        verify(updates).apply("dresden", committedLate);
        verify(updates, times(1)).apply("dresden", later);
        assertThat(state.cursor("dresden", BASE)).hasValueSatisfying(cursor ->
                assertThat(cursor.seenUntil()).isEqualTo(T0.plusSeconds(2)));
    }

    @Test
    void aVersionFoundAgainWithinTheCommitOverlapIsNotLookedUpAgain() {
        Task first = task("1001", 2, T0.plusSeconds(1), TaskStatus.ACCEPTED);
        Task second = task("1002", 3, T0.plusSeconds(2), TaskStatus.ACCEPTED);
        when(updates.apply(eq("dresden"), any())).thenReturn(CentreTaskUpdates.Outcome.APPLIED);
        searchReturns(first, second);
        watcher.search(directory.require("dresden"));

        Task third = task("1003", 2, T0.plusSeconds(3), TaskStatus.ACCEPTED);
        searchReturns(first, second, third);
        watcher.search(directory.require("dresden"));

        verify(updates, times(1)).apply("dresden", first);
        verify(updates).apply("dresden", third);
        assertThat(state.cursor("dresden", BASE)).hasValueSatisfying(cursor ->
                assertThat(cursor.seenUntil()).isEqualTo(T0.plusSeconds(3)));
    }

    @Test
    void aNewerVersionWhoseIdCarriesNoVersionIsStillApplied() {
        Task accepted = task("1001", 2, T0.plusSeconds(1), TaskStatus.ACCEPTED);
        accepted.setId("Task/1001"); // as some search answers carry it: the version in meta.versionId only
        when(updates.apply(eq("dresden"), any())).thenReturn(CentreTaskUpdates.Outcome.APPLIED);
        searchReturns(accepted);
        watcher.search(directory.require("dresden"));

        Task inProgress = task("1001", 3, T0.plusSeconds(2), TaskStatus.INPROGRESS);
        inProgress.setId("Task/1001");
        searchReturns(accepted, inProgress);
        watcher.search(directory.require("dresden"));

        verify(updates).apply("dresden", inProgress);
        verify(updates, times(1)).apply("dresden", accepted);
    }

    @Test
    void aVersionNotDoneWithIsLookedAtAgainWhenFoundAgain() {
        Task notYet = task("1001", 2, T0.plusSeconds(1), TaskStatus.ACCEPTED);
        Task later = task("1002", 3, T0.plusSeconds(2), TaskStatus.ACCEPTED);
        when(updates.apply("dresden", notYet)).thenReturn(CentreTaskUpdates.Outcome.NOT_WAITING);
        when(updates.apply("dresden", later)).thenReturn(CentreTaskUpdates.Outcome.APPLIED);
        when(clients.call(eq("dresden"), eq("read Task/1001"), any())).thenReturn(notYet);
        searchReturns(notYet, later);
        watcher.search(directory.require("dresden"));
        searchReturns(notYet, later);
        watcher.search(directory.require("dresden"));

        // found by each search and read from the re-check list after each: looked at every time
        verify(updates, times(4)).apply("dresden", notYet);
        verify(updates, times(1)).apply("dresden", later);
    }

    @Test
    void aTaskDeletedAtTheCentreLeavesTheRecheckListAndTheOthersAreStillLookedAt() {
        state.recheck("dresden", "Task/1", null, "not waiting");
        state.recheck("dresden", "Task/2", null, "not waiting");
        searchReturns();
        CentreCallException gone = mock(CentreCallException.class);
        when(gone.httpStatus()).thenReturn(410);
        when(clients.call(eq("dresden"), eq("read Task/1"), any())).thenThrow(gone);
        Task second = task("2", 4, T0, TaskStatus.INPROGRESS);
        when(clients.call(eq("dresden"), eq("read Task/2"), any())).thenReturn(second);
        when(updates.apply("dresden", second)).thenReturn(CentreTaskUpdates.Outcome.APPLIED);

        assertThat(watcher.search(directory.require("dresden"))).isFalse();

        verify(updates).apply("dresden", second);
        assertThat(state.rechecks("dresden")).isEmpty();
    }

    @Test
    void aChangeNoPathwayClaimsIsLookedAtAgainForAWhileAndThenGivenUp() {
        Task stray = task("1002", 2, T0, TaskStatus.ACCEPTED);
        searchReturns(stray);
        when(clients.call(eq("dresden"), eq("read Task/1002"), any())).thenReturn(stray);
        when(updates.apply("dresden", stray)).thenReturn(CentreTaskUpdates.Outcome.UNMATCHED);

        assertThat(watcher.search(directory.require("dresden"))).as("to look at again").isTrue();
        clock.advance(CentreTaskWatcher.UNMATCHED_PATIENCE.plusSeconds(1));
        assertThat(watcher.search(directory.require("dresden"))).as("given up").isFalse();
        assertThat(state.rechecks("dresden")).isEmpty();
    }

    @Test
    void aCentreThatMovedToAnotherAddressIsSearchedAfresh() {
        state.saveCursor("dresden", "http://old-dresden.invalid/fhir",
                new WatchState.Cursor(T0.plus(Duration.ofDays(3)), Set.of()));
        assertThat(state.cursor("dresden", BASE)).isEmpty();
    }

    @Test
    void oneNodeAtATimeHoldsACentresLeaseUntilItExpires() {
        assertThat(state.lease("dresden", "a", T0, T0.plusSeconds(30))).isTrue();
        assertThat(state.lease("dresden", "b", T0.plusSeconds(10), T0.plusSeconds(40))).isFalse();
        assertThat(state.lease("dresden", "a", T0.plusSeconds(15), T0.plusSeconds(45))).as("renewed").isTrue();
        assertThat(state.lease("dresden", "b", T0.plusSeconds(46), T0.plusSeconds(76))).as("expired").isTrue();
        state.release("dresden", "b");
        assertThat(state.lease("dresden", "a", T0.plusSeconds(47), T0.plusSeconds(77))).as("released").isTrue();
    }

    private void searchReturns(Resource... resources) {
        var bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        List.of(resources).forEach(r -> bundle.addEntry().setResource(r));
        when(clients.call(eq("dresden"), startsWith("search referral updates"), any())).thenReturn(bundle);
    }

    private static Task task(String id, int version, Instant lastUpdated, TaskStatus status) {
        Task task = new Task().setStatus(status);
        task.setId("Task/" + id + "/_history/" + version);
        task.getMeta().setVersionId(Integer.toString(version));
        if (lastUpdated != null) {
            task.getMeta().setLastUpdated(Date.from(lastUpdated));
        }
        return task;
    }
}
