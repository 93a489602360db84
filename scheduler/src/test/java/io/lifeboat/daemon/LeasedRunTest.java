package io.lifeboat.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lifeboat.backup.PublishGuard;
import io.lifeboat.cli.Lifeboat;
import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.ObjectLayout;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.BackupStatus;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.catalog.Lease;
import io.lifeboat.core.config.ConfigLoader;
import io.lifeboat.core.config.SourceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs under the source's lease on a real H2 catalog and file target: busy sources, fencing, release. */
class LeasedRunTest {
    @TempDir
    Path dir;
    Lifeboat lb;
    SourceConfig docs;

    @BeforeEach
    void open() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("a.txt"), "alpha\n");
        Path config = dir.resolve("lifeboat.yaml");
        Files.writeString(config, """
                catalog: { url: "jdbc:h2:file:%1$s/var/catalog" }
                targets:
                  primary: { type: file, path: %1$s/var/primary }
                sources:
                  - { name: docs, type: directory, path: %2$s, schedule: "0 0 1 * * ?", targets: [primary], rpo: 26h }
                daemon: { lease: 3s }
                """.formatted(dir, data));
        lb = Lifeboat.open(ConfigLoader.load(config), Clock.systemUTC());
        docs = lb.config().source("docs").orElseThrow();
    }

    @AfterEach
    void close() {
        lb.close();
    }

    @Test
    void aCommandLineRunWhileAnotherHoldsTheSourceFailsAtOnceAndPublishesNothing() {
        Lease daemonRun = lb.catalog().leases().tryTake("docs", "other-host:42/daemon", Duration.ofMinutes(5)).orElseThrow();

        SourceRun.Result result = lb.sourceRun("cli", Duration.ZERO).run(docs, false);

        assertThat(result.outcome()).isNull();
        assertThat(result.error()).contains("source docs is being backed up elsewhere").contains("other-host:42/daemon");
        assertThat(lb.catalog().backups("docs", 10)).isEmpty();
        assertThat(lb.catalog().leases().holds(daemonRun, Duration.ofMinutes(1))).as("left alone").isTrue();
    }

    @Test
    void theLeaseOfAProcessOnThisHostThatNoLongerRunsIsTakenOverAtOnce() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String deadOwner = io.lifeboat.backup.Owner.current().host() + ":" + gone.pid() + "/cli";
        Lease crashed = lb.catalog().leases().tryTake("docs", deadOwner, Duration.ofMinutes(5)).orElseThrow();
        lb.catalog().leases().tryTake("app", "other-host:1/cli", Duration.ofMinutes(5)).orElseThrow();

        SourceRun.Result result = lb.sourceRun("cli", Duration.ZERO).run(docs, false);

        assertThat(result.ok()).as(result.describe()).isTrue();
        assertThat(lb.catalog().leases().current("docs").orElseThrow().token()).isEqualTo(crashed.token() + 1);
        assertThat(SourceLease.holderIsDead(lb.catalog().leases().current("app").orElseThrow()))
                .as("a holder on another host is never presumed dead").isFalse();
    }

    @Test
    void theStartUpSweepFailsRunningRowsWhoseWriterLostItsLeaseAndKeepsLiveOnes() throws Exception {
        Instant t = Instant.parse("2026-11-25T01:00:00Z");
        lb.catalog().leases().tryTake("docs", "node-a:7/q-a", Duration.ofMillis(300)).orElseThrow();
        BackupRecord deadNode = BackupRecord.running(new io.lifeboat.core.archive.BackupId("20261125T010000Z-0000000a"),
                "docs", "directory", t, null, "docs/2026/11/25/20261125T010000Z-0000000a/data.tar.zst");
        lb.catalog().insertBackup(new BackupRecord(deadNode.id(), deadNode.source(), deadNode.sourceType(), deadNode.status(),
                t, null, t, true, null, 0, 0, 0, 0, null, deadNode.dataKey(), "node-a:7", null));
        lb.catalog().leases().tryTake("logs", "node-b:8/q-b", Duration.ofMinutes(5)).orElseThrow();
        lb.catalog().insertBackup(new BackupRecord(new io.lifeboat.core.archive.BackupId("20261125T010000Z-0000000b"), "logs",
                "logs", BackupStatus.RUNNING, t, null, t, true, null, 0, 0, 0, 0, null, "logs/x/data.tar.zst", "node-b:8", null));
        Thread.sleep(500); // node A's lease expires: it died on another host

        int swept = lb.housekeeping().sweep().orphans();

        assertThat(swept).isEqualTo(1);
        assertThat(lb.catalog().backup(deadNode.id()).orElseThrow()).satisfies(r -> {
            assertThat(r.status()).isEqualTo(BackupStatus.FAILED);
            assertThat(r.reason()).contains("no longer holds the lease of docs");
        });
        assertThat(lb.catalog().backups("logs", 10)).singleElement().extracting(BackupRecord::status)
                .as("node B still holds its lease").isEqualTo(BackupStatus.RUNNING);
    }

    @Test
    void aRunTakesTheLeaseRecordsItsFireTimeAndReleasesTheLease() {
        Instant fire = Instant.parse("2026-11-25T01:00:00Z");

        SourceRun.Result first = lb.sourceRun("q1", Duration.ZERO).run(docs, true, new ScheduledFire(fire, false));
        SourceRun.Result second = lb.sourceRun("cli", Duration.ZERO).run(docs, false);

        assertThat(first.ok()).as(first.describe()).isTrue();
        assertThat(second.ok()).as("released, so the next run takes it: " + second.describe()).isTrue();
        Lease last = lb.catalog().leases().current("docs").orElseThrow();
        assertThat(last.token()).isEqualTo(2);
        assertThat(last.owner()).endsWith("/cli");
        assertThat(lb.catalog().leases().holds(last, Duration.ZERO)).as("released after the run").isFalse();
        assertThat(lb.catalog().backups("docs", 10)).extracting(BackupRecord::status)
                .containsOnly(BackupStatus.VERIFIED, BackupStatus.COMPLETE);
    }

    @Test
    void aRunWhoseLeaseIsTakenOverBetweenTheCheckAndTheCommitWithdrawsItsManifest() throws Exception {
        Lease stale = lb.catalog().leases().tryTake("docs", "paused-node", Duration.ofMillis(300)).orElseThrow();
        Thread.sleep(500);
        Lease thief = lb.catalog().leases().tryTake("docs", "other-node", Duration.ofMinutes(5)).orElseThrow();
        PublishGuard pausedAfterItsCheck = new PublishGuard() {
            @Override
            public void checkBeforePublish() {
                // passed just before the pause
            }

            @Override
            public boolean commit(Catalog catalog, BackupRecord complete) {
                return catalog.updateBackupFenced(complete, stale);
            }
        };

        LifeboatException e = catchThrowableOfType(LifeboatException.class,
                () -> lb.backupRunner().run(docs, pausedAfterItsCheck));

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.LEASE_LOST);
        List<BackupRecord> rows = lb.catalog().backups("docs", 10);
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(BackupStatus.FAILED);
            assertThat(r.reason()).contains("lost its lease while publishing").contains("manifest was withdrawn");
            assertThat(dir.resolve("var/primary").resolve(ObjectLayout.manifestKeyFor(r.dataKey()))).doesNotExist();
        });
        assertThat(lb.catalog().leases().holds(thief, Duration.ofMinutes(1))).isTrue();
    }
}
