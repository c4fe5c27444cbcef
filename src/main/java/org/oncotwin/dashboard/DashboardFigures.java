package org.oncotwin.dashboard;

import java.time.Instant;
import java.util.List;

/** The figures the dashboard API returns, one record per endpoint (and the parts they are made of). */
public final class DashboardFigures {

    private DashboardFigures() {
    }

    /** Pathways running now, by stage and by the centre where the patient is (snapshot; the period is ignored). */
    public record ActivePathways(long total, List<StageCount> byStageAndCentre) {
    }

    public record StageCount(String stage, String centre, long pathways) {
    }

    /** Days from referral (and from the decision to treat) to the first treatment, for pathways treated in the period. */
    public record TimeToTreatment(double targetDays, double decisionTargetDays, Measure referralToTreatment,
                                  Measure decisionToTreatment, long waitingBeyondTarget, String bucket,
                                  List<TrendPoint> trend) {
    }

    /** Median and 90th percentile (linear interpolation between ranks), and how many were within the target. */
    public record Measure(long patients, Double median, Double p90, long withinTarget, Double shareWithinTarget) {
    }

    public record TrendPoint(String period, long patients, Double median, Double p90, Double shareWithinTarget) {
    }

    /** Waiting at each handover, per sending and receiving centre, for referrals sent in the period (hours). */
    public record Handovers(List<HandoverWait> pairs) {
    }

    public record HandoverWait(String fromCentre, String toCentre, long referrals, Double medianHoursToAccept,
                               Double p90HoursToAccept, Double medianHoursToStart, Double p90HoursToStart) {
    }

    /** Referrals still open now, by status and age since sent, and those whose answer deadline has passed. */
    public record OpenReferrals(List<OpenByStatus> byStatus, long overdueTotal, List<OverdueReferral> overdue) {
    }

    public record OpenByStatus(String status, long underOneDay, long oneToThreeDays, long threeToSevenDays,
                               long overSevenDays, long total) {
    }

    public record OverdueReferral(String pathwayId, String twinId, String stepId, String fromCentre, String toCentre,
                                  String modality, String status, Instant sentAt, Instant dueAt, double daysOverdue,
                                  String twinLink, String pathwayLink, String cockpitLink) {
    }

    /** Rejections and failures by centre and reason, of referrals closed in the period. */
    public record ProblemCount(String centre, String status, String reason, long referrals) {
    }

    /** Incidents open now (failed FHIR updates, illegal changes at a centre), newest first, with Cockpit links. */
    public record Incidents(long open, List<IncidentCount> byType, List<IncidentView> newest) {
    }

    public record IncidentCount(String type, long incidents) {
    }

    public record IncidentView(String id, String type, String message, Instant since, String processInstanceId,
                               String activityId, String cockpitLink) {
    }

    /** What the page needs to build its filters and targets. */
    public record Settings(double targetDays, double decisionTargetDays, long refreshSeconds, List<String> centres,
                           List<String> models) {
    }
}
