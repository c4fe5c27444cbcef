package org.oncotwin.it.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oncotwin.process.Activities.REFERRAL_ACCEPTED_AT_CENTRE;
import static org.oncotwin.process.ProcessKeys.TREATMENT_STEP;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.oncotwin.benchmark.BenchmarkModels;
import org.oncotwin.fhir.BusinessIdentifiers;
import org.oncotwin.fhir.CentreClients;
import org.oncotwin.testing.NodeCluster;
import org.oncotwin.testing.OncoTwinNode;
import org.oncotwin.testing.ShiftedClock;

/**
 * The referral watcher's memory and its work in a cluster, with OncoTwin nodes in processes of their own on a fresh
 * PostgreSQL database and the real test centres: what a centre changes while OncoTwin is down, for more than the
 * first start's look-back of a day, is applied once after the restart; with two nodes one watches each centre, every
 * change is applied once, and when that node dies the other takes over.
 */
class ReferralWatchIT {

    private static final List<String> CENTRES = List.of("leipzig", "dresden", "prague");

    @Test
    void changesMadeWhileOncoTwinWasDownForMoreThanADayAreAppliedOnceAfterTheRestart() throws Exception {
        try (var cluster = new NodeCluster()) {
            OncoTwinNode node = cluster.start("watch-down", Map.of());
            cluster.deploy(node, "benchmark-pathway.bpmn", BenchmarkModels.pathway(1));
            String twin = cluster.startPathway(node, BenchmarkModels.PATHWAY, "WD");
            var referral = awaitReferral(twin);
            cluster.kill(node);

            setStatus(referral, TaskStatus.ACCEPTED);
            setStatus(referral, TaskStatus.INPROGRESS);
            // restarted 25 hours later by its clock: the centre's changes are older than the first start's look-back
            cluster.start("watch-down-restarted", Map.of("context.initializer.classes", ShiftedClock.class.getName(),
                    ShiftedClock.SHIFT, "PT25H"));

            String step = stepOf(cluster, twin);
            NodeCluster.await("both changes applied", Duration.ofMinutes(2),
                    () -> "in-progress".equals(referralStatus(cluster, step)));
            assertThat(cluster.jdbc().queryForObject("select count(*) from act_hi_actinst where proc_inst_id_ = ? "
                    + "and act_id_ = ?", Long.class, step, REFERRAL_ACCEPTED_AT_CENTRE)).isEqualTo(1);
            assertThat(cluster.jdbc().queryForObject("select count(*) from act_ru_incident", Long.class)).isZero();
        }
    }

    @Test
    void withTwoNodesOneWatchesEachCentreEveryChangeIsAppliedOnceAndTheOtherTakesOverWhenItDies() throws Exception {
        try (var cluster = new NodeCluster()) {
            OncoTwinNode a = cluster.start("watch-a", Map.of());
            OncoTwinNode b = cluster.start("watch-b", Map.of());
            cluster.deploy(a, "benchmark-pathway.bpmn", BenchmarkModels.pathway(1));

            String first = cluster.startPathway(a, BenchmarkModels.PATHWAY, "W2");
            var referral = awaitReferral(first);
            setStatus(referral, TaskStatus.ACCEPTED);
            String step = stepOf(cluster, first);
            NodeCluster.await("the acceptance applied", Duration.ofMinutes(1),
                    () -> "accepted".equals(referralStatus(cluster, step)));

            Map<String, Double> searchesA = searches(a);
            Map<String, Double> searchesB = searches(b);
            for (String centre : CENTRES) {
                assertThat(watching(a, centre) + watching(b, centre)).as("nodes watching " + centre).isEqualTo(1);
                assertThat(List.of(searchesA.getOrDefault(centre, 0.0), searchesB.getOrDefault(centre, 0.0)))
                        .as("searches of " + centre + " by node a and node b").filteredOn(n -> n > 0).hasSize(1);
            }
            assertThat(cluster.jdbc().queryForObject("select count(*) from act_hi_actinst where proc_inst_id_ = ? "
                    + "and act_id_ = ?", Long.class, step, REFERRAL_ACCEPTED_AT_CENTRE)).isEqualTo(1);

            OncoTwinNode watcher = watching(a, referral.centre()) == 1 ? a : b;
            OncoTwinNode other = watcher == a ? b : a;
            cluster.kill(watcher);
            setStatus(referral, TaskStatus.INPROGRESS);
            NodeCluster.await("the other node took over and applied the change", Duration.ofSeconds(60 + 30),
                    () -> "in-progress".equals(referralStatus(cluster, step)));
            assertThat(watching(other, referral.centre())).isEqualTo(1);
            assertThat(cluster.jdbc().queryForObject("select count(*) from act_ru_incident", Long.class)).isZero();
        }
    }

    /** A referral Task at the centre the pathway sent it to. */
    record Referral(String centre, String taskId) {
    }

    private static Referral awaitReferral(String twin) throws InterruptedException {
        Referral[] found = new Referral[1];
        NodeCluster.await("the referral Task at a centre", Duration.ofMinutes(2), () -> {
            for (String centre : CENTRES) {
                Bundle tasks = NodeCluster.centre(centre).search().byUrl("Task?patient.identifier="
                                + BusinessIdentifiers.TWIN_SYSTEM + "|" + twin).cacheControl(CentreClients.FRESH)
                        .returnBundle(Bundle.class).execute();
                if (!tasks.getEntry().isEmpty()) {
                    found[0] = new Referral(centre, tasks.getEntryFirstRep().getResource().getIdElement()
                            .toUnqualifiedVersionless().getValue());
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** What the centre's own system does: a plain update of its Task. */
    private static void setStatus(Referral referral, TaskStatus status) {
        IGenericClient centre = NodeCluster.centre(referral.centre());
        Task task = centre.read().resource(Task.class).withId(referral.taskId()).execute();
        task.setStatus(status).setLastModified(new Date());
        task.setId(task.getIdElement().toUnqualifiedVersionless());
        centre.update().resource(task).execute();
    }

    private static String stepOf(NodeCluster cluster, String twin) {
        return cluster.jdbc().queryForObject("select proc_inst_id_ from act_hi_procinst where business_key_ = ? "
                + "and proc_def_key_ = ?", String.class, twin, TREATMENT_STEP);
    }

    private static String referralStatus(NodeCluster cluster, String step) {
        return cluster.jdbc().queryForList("select text_ from act_ru_variable where proc_inst_id_ = ? "
                + "and name_ = 'referralStatus'", String.class, step).stream().findFirst().orElse(null);
    }

    private static int watching(OncoTwinNode node, String centre) {
        return metric(node, "oncotwin_referral_watching", centre).map(Double::intValue).orElse(0);
    }

    private static Map<String, Double> searches(OncoTwinNode node) {
        var counts = new HashMap<String, Double>();
        CENTRES.forEach(centre -> metric(node, "oncotwin_referral_searches_total", centre)
                .ifPresent(n -> counts.put(centre, n)));
        return counts;
    }

    private static Optional<Double> metric(OncoTwinNode node, String name, String centre) {
        String text = NodeCluster.operator().getForObject(node.baseUrl() + "/actuator/prometheus", String.class);
        var line = Pattern.compile("^" + name + "\\{[^}]*centre=\"" + centre + "\"[^}]*} (\\S+)$", Pattern.MULTILINE)
                .matcher(text);
        return line.find() ? Optional.of(Double.parseDouble(line.group(1))) : Optional.empty();
    }
}
