package org.oncotwin.referral;

import static org.hl7.fhir.r4.model.Task.TaskStatus.*;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Task.TaskStatus;

/**
 * The FHIR R4 status flow of a referral Task, in one place:
 * {@code requested → received → accepted | rejected → in-progress → completed | failed}; the requester may cancel
 * before completion; {@code on-hold} and back. Anything else is an illegal transition.
 */
public final class TaskStatusFlow {

    private static final Set<TaskStatus> OPEN = EnumSet.of(REQUESTED, RECEIVED, ACCEPTED, READY, INPROGRESS, ONHOLD);
    private static final Set<TaskStatus> AWAITING_ANSWER = EnumSet.of(REQUESTED, RECEIVED);
    private static final Set<TaskStatus> CLOSED = EnumSet.of(COMPLETED, REJECTED, FAILED, CANCELLED);

    private static final Map<TaskStatus, Set<TaskStatus>> NEXT = Map.of(
            REQUESTED, EnumSet.of(RECEIVED, ACCEPTED, REJECTED, CANCELLED, ONHOLD),
            RECEIVED, EnumSet.of(ACCEPTED, REJECTED, CANCELLED, ONHOLD),
            ACCEPTED, EnumSet.of(INPROGRESS, CANCELLED, ONHOLD),
            READY, EnumSet.of(INPROGRESS, CANCELLED, ONHOLD),
            INPROGRESS, EnumSet.of(COMPLETED, FAILED, CANCELLED, ONHOLD),
            ONHOLD, EnumSet.of(REQUESTED, RECEIVED, ACCEPTED, INPROGRESS, CANCELLED));

    private TaskStatusFlow() {
    }

    public static boolean isAllowed(TaskStatus from, TaskStatus to) {
        return from != null && to != null && NEXT.getOrDefault(from, Set.of()).contains(to);
    }

    /** @throws IllegalTaskTransitionException when the flow does not allow the step */
    public static void requireAllowed(String taskId, TaskStatus from, TaskStatus to) {
        if (!isAllowed(from, to)) {
            throw new IllegalTaskTransitionException(taskId, from, to);
        }
    }

    /** Whether the referral still waits for or is being worked on at the receiving centre. */
    public static boolean isOpen(TaskStatus status) {
        return OPEN.contains(status);
    }

    /** The codes of the open statuses ({@link #isOpen}), sorted. */
    public static List<String> openCodes() {
        return codes(OPEN);
    }

    /** The codes of the statuses in which the receiving centre has not answered yet, sorted. */
    public static List<String> awaitingAnswerCodes() {
        return codes(AWAITING_ANSWER);
    }

    /** Whether the receiving centre has not answered yet ({@code requested}, {@code received}). */
    public static boolean isAwaitingAnswer(String code) {
        return awaitingAnswerCodes().contains(code);
    }

    /** Whether a status code ends the referral (completed, rejected, failed, cancelled). */
    public static boolean isClosed(String code) {
        return codes(CLOSED).contains(code);
    }

    /** The codes of the statuses that end a referral without the step done: rejected, failed. */
    public static List<String> declinedCodes() {
        return codes(EnumSet.of(REJECTED, FAILED));
    }

    private static List<String> codes(Set<TaskStatus> statuses) {
        return statuses.stream().map(TaskStatus::toCode).sorted().toList();
    }
}
