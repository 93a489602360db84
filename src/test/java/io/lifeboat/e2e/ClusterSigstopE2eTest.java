package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.e2e.ClusterTesting.Node;
import io.lifeboat.e2e.ClusterTesting.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node A is paused with {@code kill -STOP} in the middle of a job, past its lease and past Quartz's
 * failure detection, so that node B recovers the job and publishes it; A is then resumed with
 * {@code kill -CONT}. Exactly one of the two runs of that fire publishes: A finds its lease taken over
 * and stops before publishing (catalog and target agree).
 */
class ClusterSigstopE2eTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aPausedNodeResumedAfterItsJobWasRecoveredDoesNotPublish() throws Exception {
        try (ClusterTesting cluster = ClusterTesting.create(dir)) {
            Node a = cluster.start("node-a", 20_000); // A's first run waits 20 s before its publish check
            DaemonTesting.await(Duration.ofSeconds(60), "node A's first run", () -> !cluster.runs().isEmpty());
            Run paused = cluster.runs().get(0);
            assertThat(paused.ownedBy(a)).as(paused + " runs on A").isTrue();
            Node b = cluster.start("node-b", 0);
            cluster.awaitLog(b, Duration.ofSeconds(60), "daemon started");

            a.signal("STOP");
            try {
                DaemonTesting.await(Duration.ofSeconds(60), "B to recover and publish the fire A was running",
                        () -> cluster.runs().stream().anyMatch(r -> r.fireTime().equals(paused.fireTime()) && r.published()));
                // B's run swept the source first: A, paused past its lease, is marked orphaned while it sleeps
                assertThat(cluster.runs()).as("A's run while A is paused").filteredOn(r -> r.backupId().equals(paused.backupId()))
                        .singleElement().satisfies(r -> {
                            assertThat(r.status()).isEqualTo("FAILED");
                            assertThat(r.reason()).contains("orphaned").contains("no longer holds the lease of docs");
                        });
                a.signal("CONT");
                cluster.awaitLog(a, Duration.ofSeconds(60), "lost the lease of docs");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + cluster.diagnostics(), e);
            }

            List<Run> runs = cluster.runs();
            String context = cluster.diagnostics();
            List<Run> ofThatFire = runs.stream().filter(r -> r.fireTime().equals(paused.fireTime())).toList();
            assertThat(ofThatFire).as("two runs of the paused fire" + context).hasSize(2);
            assertThat(ofThatFire).as("exactly one publishes" + context).filteredOn(Run::published).singleElement()
                    .satisfies(r -> {
                        assertThat(r.ownedBy(b)).isTrue();
                        assertThat(r.recovering()).isTrue();
                        assertThat(Files.exists(cluster.manifestOf(r))).as("B's manifest in the target").isTrue();
                    });
            Run resumed = ofThatFire.stream().filter(r -> r.backupId().equals(paused.backupId())).findFirst().orElseThrow();
            assertThat(resumed.status()).as(context).isEqualTo("FAILED");
            assertThat(resumed.reason()).as(context).containsAnyOf("lost its lease", "no longer holds the lease")
                    .contains("nothing was published");
            assertThat(Files.exists(cluster.manifestOf(resumed))).as("no manifest of A's run in the target").isFalse();
            assertThat(a.logText()).contains("lost the lease of docs");
            Map<Instant, Long> perFire = runs.stream().filter(Run::published)
                    .collect(Collectors.groupingBy(Run::fireTime, Collectors.counting()));
            assertThat(perFire).as("no fire time published twice" + context).allSatisfy((t, n) -> assertThat(n).isEqualTo(1));
        }
    }
}
