package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.e2e.ClusterTesting.Node;
import io.lifeboat.e2e.ClusterTesting.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronExpression;

/**
 * Two daemon JVMs clustered on the machine's PostgreSQL catalog: node A is killed with {@code kill -9}
 * in the middle of a job; node B recovers that job and completes it, then runs the fires held back
 * meanwhile. From the catalog: no fire time published twice, none lost.
 */
class ClusterFailoverE2eTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aNodeKilledMidJobIsRecoveredByTheOtherAndEveryFireRunsOnce() throws Exception {
        try (ClusterTesting cluster = ClusterTesting.create(dir)) {
            Node a = cluster.start("node-a", 120_000); // A's first run hangs before publishing
            DaemonTesting.await(Duration.ofSeconds(60), "node A's first run", () -> !cluster.runs().isEmpty());
            Run killed = cluster.runs().get(0);
            assertThat(killed.ownedBy(a)).as(killed + " runs on A").isTrue();
            Node b = cluster.start("node-b", 0);
            cluster.awaitLog(b, Duration.ofSeconds(60), "daemon started");
            assertThat(cluster.runs()).as("A's run still in the middle of its job").singleElement()
                    .extracting(Run::status).isEqualTo("RUNNING");

            a.process().destroyForcibly(); // SIGKILL
            assertThat(a.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
            Instant killedAt = Instant.now();

            try {
                DaemonTesting.await(Duration.ofSeconds(60), "B to publish the fire A was running",
                        () -> cluster.runs().stream().anyMatch(r -> r.fireTime().equals(killed.fireTime()) && r.published()));
                // and B keeps going: three more fires after the recovery, on schedule
                DaemonTesting.await(Duration.ofSeconds(40), "fires after the recovery", () -> cluster.runs().stream()
                        .filter(Run::published).filter(r -> r.fireTime().isAfter(killedAt.plusSeconds(12))).count() >= 3);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + cluster.diagnostics(), e);
            }
            b.process().destroy();
            assertThat(b.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

            List<Run> runs = cluster.runs();
            String context = cluster.diagnostics();
            List<Run> published = runs.stream().filter(Run::published).toList();
            Map<Instant, Long> perFire = published.stream().collect(Collectors.groupingBy(Run::fireTime, Collectors.counting()));
            assertThat(perFire).as("no fire time published twice" + context).allSatisfy((t, n) -> assertThat(n).isEqualTo(1));
            assertThat(perFire.keySet()).as("no fire lost between the first and the last" + context)
                    .containsExactlyInAnyOrderElementsOf(fireTimes(killed.fireTime(), published.get(published.size() - 1).fireTime()));
            Run recovered = published.get(0);
            assertThat(recovered.fireTime()).isEqualTo(killed.fireTime());
            assertThat(recovered.ownedBy(b)).as("recovered by B" + context).isTrue();
            assertThat(recovered.recovering()).as("run as a Quartz recovery" + context).isTrue();
            assertThat(published).as("after A's death only B publishes").allMatch(r -> r.ownedBy(b));
            // B's run sweeps the source first: A's row, whose writer no longer holds the lease, is marked orphaned
            assertThat(runs).as("A's killed run never published" + context).filteredOn(r -> r.ownedBy(a)).singleElement()
                    .satisfies(r -> {
                        assertThat(r.status()).isEqualTo("FAILED");
                        // same host: the dead process is seen as such (else: "no longer holds the lease")
                        assertThat(r.reason()).contains("orphaned").contains("died before publishing")
                                .contains("nothing was published");
                    });
            assertThat(Files.exists(cluster.manifestOf(killed))).as("no manifest of A's run").isFalse();
            assertThat(published).allMatch(r -> Files.exists(cluster.manifestOf(r)), "every published run has its manifest");
            assertThat(b.logText()).contains("recovered from a node that died while running it");
        }
    }

    /** Every fire time of the test's cron expression from {@code first} to {@code last}, both included. */
    static List<Instant> fireTimes(Instant first, Instant last) throws Exception {
        CronExpression cron = new CronExpression(ClusterTesting.SCHEDULE);
        cron.setTimeZone(TimeZone.getTimeZone("UTC"));
        List<Instant> out = new java.util.ArrayList<>();
        for (Date t = Date.from(first); !t.toInstant().isAfter(last); t = cron.getNextValidTimeAfter(t)) {
            out.add(t.toInstant());
        }
        return out;
    }
}
