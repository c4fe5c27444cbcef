package org.oncotwin.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hl7.fhir.r4.model.Task.TaskStatus.*;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every pair of R4 task statuses: exactly the transitions of the referral flow are allowed. */
class TaskStatusFlowTest {

    private static final Set<String> ALLOWED = Set.of(
            "requested>received", "requested>accepted", "requested>rejected", "requested>cancelled",
            "requested>on-hold",
            "received>accepted", "received>rejected", "received>cancelled", "received>on-hold",
            "accepted>in-progress", "accepted>cancelled", "accepted>on-hold",
            "ready>in-progress", "ready>cancelled", "ready>on-hold",
            "in-progress>completed", "in-progress>failed", "in-progress>cancelled", "in-progress>on-hold",
            "on-hold>requested", "on-hold>received", "on-hold>accepted", "on-hold>in-progress", "on-hold>cancelled");

    static Stream<Arguments> everyTransition() {
        Set<TaskStatus> statuses = EnumSet.complementOf(EnumSet.of(NULL));
        return statuses.stream().flatMap(from -> statuses.stream().map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyTransition")
    void onlyTheReferralFlowsTransitionsAreAllowed(TaskStatus from, TaskStatus to) {
        boolean expected = ALLOWED.contains(from.toCode() + ">" + to.toCode());
        assertThat(TaskStatusFlow.isAllowed(from, to)).isEqualTo(expected);
        if (!expected) {
            assertThatThrownBy(() -> TaskStatusFlow.requireAllowed("Task/1", from, to))
                    .isInstanceOf(IllegalTaskTransitionException.class)
                    .hasMessage("Referral Task/1 cannot move from " + from.toCode() + " to " + to.toCode());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TaskStatus.class, names = "NULL", mode = EnumSource.Mode.EXCLUDE)
    void finishedReferralsAreNotOpen(TaskStatus status) {
        boolean finished = EnumSet.of(COMPLETED, FAILED, CANCELLED, REJECTED, ENTEREDINERROR, DRAFT).contains(status);
        assertThat(TaskStatusFlow.isOpen(status)).isEqualTo(!finished);
    }
}
