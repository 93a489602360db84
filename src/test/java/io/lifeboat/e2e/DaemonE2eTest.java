package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.BackupId;
import io.lifeboat.core.archive.ObjectLayout;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.BackupStatus;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.config.ConfigLoader;
import io.lifeboat.core.config.FileTargetConfig;
import io.lifeboat.core.config.LifeboatConfig;
import io.lifeboat.core.storage.Target;
import io.lifeboat.core.storage.Targets;
import io.lifeboat.daemon.Daemon;
import io.lifeboat.daemon.MissedFires;
import io.lifeboat.daemon.Schedules;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronExpression;

/** The daemon in this JVM on an H2 catalog: Quartz fires, /health, /metrics, status, check, misfires. */
class DaemonE2eTest {
    @TempDir
    Path dir;

    @Test
    void cronEveryTwoSecondsProducesVerifiedBackupsThatAreMonitored() throws Exception {
        LifeboatConfig config = ConfigLoader.load(DaemonTesting.config(dir, "jdbc:h2:file:" + dir.resolve("var/catalog"),
                "0/2 * * * * ?", "{ http: \"127.0.0.1:0\", maxConcurrentJobs: 2, shutdownGrace: 30s }"));
        Cli cli = new Cli(dir.resolve("lifeboat.yaml"));
        try (Catalog catalog = Catalog.open(config.catalog(), Clock.systemUTC())) {
            Daemon daemon = Daemon.start(config, Clock.systemUTC());
            try {
                DaemonTesting.await(Duration.ofSeconds(40), "two verified backups", () -> verified(catalog).size() >= 2);

                DaemonTesting.Response health = DaemonTesting.get(daemon.httpPort(), "/health");
                assertThat(health.status()).as(health.body()).isEqualTo(200);
                assertThat(health.contentType()).startsWith("application/json");
                assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"running\":true");

                DaemonTesting.Response metrics = DaemonTesting.get(daemon.httpPort(), "/metrics");
                assertThat(metrics.status()).isEqualTo(200);
                assertThat(metrics.contentType()).startsWith("text/plain; version=0.0.4");
                Map<String, Double> m = DaemonTesting.parsePrometheus(metrics.body());
                String docs = "{source=\"docs\"}";
                double now = Instant.now().toEpochMilli() / 1000.0;
                assertThat(m.get("lifeboat_rpo_seconds" + docs)).isEqualTo(93_600.0);
                assertThat(m.get("lifeboat_verified_backup_age_seconds" + docs)).isBetween(0.0, 60.0);
                assertThat(m.get("lifeboat_last_success_timestamp_seconds" + docs)).isBetween(now - 60, now + 1);
                assertThat(m.get("lifeboat_last_success_duration_seconds" + docs)).isBetween(0.0, 30.0);
                assertThat(m.get("lifeboat_last_success_in_bytes" + docs)).isPositive();
                assertThat(m.get("lifeboat_last_success_stored_bytes" + docs)).isPositive();
                assertThat(m.get("lifeboat_backup_failures_total" + docs)).isZero();
                assertThat(m.get("lifeboat_last_verification_passed" + docs)).isEqualTo(1.0);
                assertThat(m.get("lifeboat_catalog_up")).isEqualTo(1.0);

                Cli.Result status = cli.run("status", "--json");
                assertThat(status.exitCode()).as(status.toString()).isZero();
                assertThat(status.out()).contains("\"nextRunFrom\" : \"daemon\"").contains("\"state\" : \"OK\"");
                Cli.Result check = cli.run("check");
                assertThat(check.exitCode()).as(check.toString()).isZero();
                assertThat(check.out()).matches("LIFEBOAT OK - 1 source \\| docs_age=\\d+s;74880;93600;0\\s*");
            } finally {
                daemon.stop();
            }
            List<BackupRecord> runs = catalog.backups("docs", 1000);
            assertThat(runs).allMatch(b -> b.status() == BackupStatus.VERIFIED, "every scheduled run verified");
            assertNoOverlap(runs);
            Thread.sleep(2500);
            assertThat(catalog.backups("docs", 1000)).as("nothing runs after stop").hasSameSizeAs(runs);
        }
    }

    @Test
    void eachScheduledRunFirstSweepsWhatACrashedRunOfItsSourceLeft() throws Exception {
        LifeboatConfig config = ConfigLoader.load(DaemonTesting.config(dir, "jdbc:h2:file:" + dir.resolve("var/catalog"),
                "0/2 * * * * ?", "{ http: \"127.0.0.1:0\" }"));
        try (Catalog catalog = Catalog.open(config.catalog(), Clock.systemUTC());
             Target primary = Targets.open(new FileTargetConfig("primary", dir.resolve("var/primary")))) {
            Daemon daemon = Daemon.start(config, Clock.systemUTC());
            try {
                DaemonTesting.await(Duration.ofSeconds(30), "a first verified backup", () -> verified(catalog).size() >= 1);
                // a command-line run of docs killed after the daemon started (and swept at start-up): a FAILED row,
                // its data object without a manifest
                Instant started = Instant.now();
                BackupId id = BackupId.create(started);
                String dataKey = ObjectLayout.dataKey("docs", id, started, ObjectLayout.TAR_ZST);
                catalog.insertBackup(BackupRecord.running(id, "docs", "directory", started, null, dataKey)
                        .withStatus(BackupStatus.FAILED, "killed").withFinished(started));
                primary.put(dataKey, new byte[100]);
                int before = verified(catalog).size();

                // the run in flight may have swept already: the one after it has not
                DaemonTesting.await(Duration.ofSeconds(30), "two more verified backups", () -> verified(catalog).size() >= before + 2);
                assertThat(primary.stat(dataKey)).as("the crashed run's object").isEmpty();
            } finally {
                daemon.stop();
            }
        }
    }

    @Test
    void aMissedNightlyWindowRunsOnceAfterARestartAndIsLogged() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("var/catalog");
        LifeboatConfig config = ConfigLoader.load(DaemonTesting.config(dir, url, "0 0 3 * * ?",
                "{ http: \"127.0.0.1:0\", misfireThreshold: 1s }"));
        Daemon.start(config, Clock.systemUTC()).stop(); // stores the job and trigger

        // as if the daemon had been down for three nights: the stored next fire is three nights ago
        CronExpression cron = new CronExpression("0 0 3 * * ?");
        cron.setTimeZone(TimeZone.getTimeZone("UTC"));
        Instant firstMissed = cron.getNextValidTimeAfter(Date.from(Instant.now().minus(Duration.ofDays(3)))).toInstant();
        try (Connection c = DriverManager.getConnection(url + ";AUTO_SERVER=TRUE", "sa", "");
             PreparedStatement ps = c.prepareStatement("UPDATE QRTZ_TRIGGERS SET NEXT_FIRE_TIME = ? WHERE TRIGGER_NAME = 'docs'")) {
            ps.setLong(1, firstMissed.toEpochMilli());
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }

        try (Catalog catalog = Catalog.open(config.catalog(), Clock.systemUTC())) {
            Daemon daemon = Daemon.start(config, Clock.systemUTC());
            try {
                DaemonTesting.await(Duration.ofSeconds(30), "the catch-up run", () -> verified(catalog).size() == 1);
                Thread.sleep(3000);
                assertThat(catalog.backups("docs", 100)).as("one run, not one per missed night").hasSize(1);
                assertThat(daemon.missedFires()).singleElement().satisfies(missed -> {
                    assertThat(missed.source()).isEqualTo("docs");
                    assertThat(missed.total()).isEqualTo(3);
                    assertThat(missed.fireTimes()).containsExactly(firstMissed, firstMissed.plus(Duration.ofDays(1)),
                            firstMissed.plus(Duration.ofDays(2)));
                });
                assertThat(Schedules.storedNextFire(catalog.dataSource(), "docs")).get()
                        .isEqualTo(cron.getNextValidTimeAfter(new Date()).toInstant());
            } finally {
                daemon.stop();
            }
        }
    }

    @Test
    void aFatalStartUpErrorIsOneClearLineAndNonZero() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path configFile = DaemonTesting.config(dir, "jdbc:h2:file:" + dir.resolve("var/catalog"), "0 0 3 * * ?",
                    "{ http: \"127.0.0.1:" + taken.getLocalPort() + "\" }");
            Cli.Result r = new Cli(configFile).run("daemon");

            assertThat(r.exitCode()).as(r.toString()).isNotZero();
            assertThat(r.err().strip().lines()).as(r.toString()).singleElement().asString()
                    .startsWith("lifeboat: cannot listen on 127.0.0.1:" + taken.getLocalPort());
            LifeboatException e = catchThrowableOfType(LifeboatException.class,
                    () -> Daemon.start(ConfigLoader.load(configFile), Clock.systemUTC()));
            assertThat(e).hasMessageContaining("change daemon.http");
        }
        // and everything it had opened was closed again: a daemon starts on another port
        LifeboatConfig ok = ConfigLoader.load(DaemonTesting.config(dir, "jdbc:h2:file:" + dir.resolve("var/catalog"),
                "0 0 3 * * ?", "{ http: \"127.0.0.1:0\" }"));
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        Daemon.start(ok, Clock.systemUTC()).stop();
        // stop() waits for Quartz's threads: one left finishing a transaction closed the embedded catalog
        // (writing its files) after the daemon said it had stopped, while JUnit was deleting this directory
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> !before.contains(t))
                .extracting(Thread::getName)
                .noneMatch(name -> name.matches("lifeboat-[0-9a-f]{8}-(job-\\d+|scheduler)"));
    }

    static List<BackupRecord> verified(Catalog catalog) {
        return catalog.backups("docs", 1000).stream().filter(b -> b.status() == BackupStatus.VERIFIED).toList();
    }

    static void assertNoOverlap(List<BackupRecord> runs) {
        List<BackupRecord> sorted = runs.stream().sorted(java.util.Comparator.comparing(BackupRecord::started)).toList();
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i).started()).as("run %s starts after %s finished", sorted.get(i).id(), sorted.get(i - 1).id())
                    .isAfterOrEqualTo(sorted.get(i - 1).finished());
        }
    }
}
