package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.lifeboat.alerts.MailNotifier;
import io.lifeboat.core.catalog.AttemptRecord;
import io.lifeboat.core.catalog.AttemptRows;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.BackupStatus;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.config.LifeboatConfig;
import io.lifeboat.daemon.Daemon;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * E-mail alerts of the daemon, received by GreenMail in this JVM: a backup's final failure after its
 * retries, a failed verification, an RPO breach when it starts and when it clears (once each, also across
 * a restart), and drill reports through the public hook.
 */
class AlertsE2eTest {
    static final MailNotifier.Delivery QUICK = new MailNotifier.Delivery(3, Duration.ofMillis(200), Duration.ofSeconds(1));

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("ops@acme", "lb-user", "s3cret-pw"))
            .withPerMethodLifecycle(true);

    @TempDir
    Path dir;

    @Test
    void aCopyThatCouldNotBeWrittenToTheDrTargetIsMailed() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("a.txt"), "alpha\n");
        Files.writeString(dir.resolve("not-a-directory"), "a file where the dr target's folder should be");
        Path file = dir.resolve("lifeboat.yaml");
        Files.writeString(file, """
                catalog: { url: "jdbc:h2:file:%1$s/var/catalog" }
                targets:
                  primary: { type: file, path: %1$s/var/primary }
                  dr: { type: file, path: %1$s/not-a-directory/dr }
                sources:
                  - { name: docs, type: directory, path: %2$s, schedule: "0 0 3 * * ?", targets: [primary, dr], rpo: 26h,
                      verify: { enabled: false } }
                daemon: { http: "127.0.0.1:0", shutdownGrace: 10s }
                alerts:
                  smtp: { host: 127.0.0.1, port: %3$d, security: none, userEnv: SMTP_USER, passwordEnv: SMTP_PASSWORD }
                  from: lifeboat@acme
                  to: [ops@acme]
                  rpoCheck: "0 0 * * * ?"
                """.formatted(dir, data, MAIL.getSmtp().getPort()));
        LifeboatConfig config = io.lifeboat.core.config.ConfigLoader.load(file);
        try (Daemon daemon = Daemon.start(config, Clock.systemUTC(), AlertsTesting.ENV::get, QUICK);
             Catalog catalog = Catalog.open(config.catalog(), Clock.systemUTC())) {
            daemon.runNow("docs");

            assertThat(MAIL.waitForIncomingEmail(30_000, 1)).as("the copy-failed mail").isTrue();
            BackupRecord backup = catalog.backups("docs", 10).get(0);
            assertThat(backup.status()).isEqualTo(BackupStatus.PARTIALLY_FAILED);
            MimeMessage mail = MAIL.getReceivedMessages()[0];
            assertThat(mail.getSubject()).isEqualTo("[lifeboat] COPY FAILED: docs backup " + backup.id() + " not in dr");
            assertThat(AlertsTesting.text(mail)).contains("What failed:  the copy of backup " + backup.id())
                    .contains("Error:        dr: ").contains("lifeboat backup run docs");
        }
    }

    @Test
    void theFinalFailureAfterRetriesWithBackoffMailsOnceAndEveryAttemptIsInTheCatalog() throws Exception {
        LifeboatConfig config = AlertsTesting.config(dir, MAIL.getSmtp().getPort(),
                "retry: { attempts: 3, initialDelay: 200ms }", "0 0 * * * ?", "");
        try (Daemon daemon = Daemon.start(config, Clock.systemUTC(), AlertsTesting.ENV::get, QUICK);
             Catalog catalog = Catalog.open(config.catalog(), Clock.systemUTC())) {
            deleteTree(dir.resolve("data"));

            daemon.runNow("docs");

            assertThat(MAIL.waitForIncomingEmail(30_000, 1)).as("the failure mail").isTrue();
            MimeMessage mail = MAIL.getReceivedMessages()[0];
            assertThat(mail.getSubject()).startsWith("[lifeboat] FAILED: backup of docs after 3 attempt(s): ");
            assertThat(mail.getFrom()[0].toString()).isEqualTo("lifeboat@acme");
            assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ops@acme");
            String body = AlertsTesting.text(mail);
            assertThat(body).contains("What failed:  the scheduled backup of source \"docs\" (directory), all 3 attempt(s)")
                    .contains("Since:        ").contains("Error:        ").contains(dir.resolve("data").toString())
                    .contains("  1/3  ").contains("  2/3  ").contains("  3/3  ")
                    .contains("newest verified backup: none")
                    .contains("lifeboat status").contains("lifeboat backup list --source docs").contains("lifeboat backup run docs")
                    .doesNotContain("s3cret-pw");

            List<AttemptRecord> attempts = new AttemptRows(catalog.dataSource()).recent("docs", 10).stream()
                    .sorted(Comparator.comparingInt(AttemptRecord::attempt)).toList();
            assertThat(attempts).extracting(AttemptRecord::attempt).containsExactly(1, 2, 3);
            assertThat(attempts).allSatisfy(a -> {
                assertThat(a.outcome()).isEqualTo(AttemptRecord.Outcome.FAILED);
                assertThat(a.maxAttempts()).isEqualTo(3);
                assertThat(a.runId()).isEqualTo(attempts.get(0).runId());
                assertThat(a.error()).contains(dir.resolve("data").toString());
            });
            assertThat(attempts.get(2).finalFailure()).isTrue();
            assertThat(attempts.get(2).nextAttempt()).isNull();
            // exponential backoff: 200 ms, then 400 ms (plus up to 10% jitter)
            assertThat(Duration.between(attempts.get(0).finished(), attempts.get(1).started())).isGreaterThanOrEqualTo(Duration.ofMillis(200));
            assertThat(Duration.between(attempts.get(1).finished(), attempts.get(2).started())).isGreaterThanOrEqualTo(Duration.ofMillis(400));
            assertThat(attempts.get(1).nextAttempt()).isAfterOrEqualTo(attempts.get(1).finished().plusMillis(400));

            Thread.sleep(1500);
            assertThat(MAIL.getReceivedMessages()).as("only the final failure alerts").hasSize(1);
        }
    }

    @Test
    void aRetryThatSucceedsSendsNoMail() throws Exception {
        LifeboatConfig config = AlertsTesting.config(dir, MAIL.getSmtp().getPort(),
                "retry: { attempts: 3, initialDelay: 3s }", "0 0 * * * ?", "");
        Path data = dir.resolve("data");
        Path aside = dir.resolve("aside");
        try (Daemon daemon = Daemon.start(config, Clock.systemUTC(), AlertsTesting.ENV::get, QUICK);
             Catalog catalog = Catalog.open(config.catalog(), Clock.systemUTC())) {
            AttemptRows rows = new AttemptRows(catalog.dataSource());
            Files.move(data, aside);

            daemon.runNow("docs");
            DaemonTesting.await(Duration.ofSeconds(20), "the first failed attempt",
                    () -> rows.recent("docs", 10).stream().anyMatch(a -> a.outcome() == AttemptRecord.Outcome.FAILED));
            Files.move(aside, data);
            DaemonTesting.await(Duration.ofSeconds(30), "the retry's verified backup", () -> verified(catalog).size() == 1);
            // the attempt's row is finished just after the backup's: a CI run read it still RUNNING
            DaemonTesting.await(Duration.ofSeconds(10), "the retry attempt's outcome",
                    () -> rows.recent("docs", 10).get(0).outcome() != AttemptRecord.Outcome.RUNNING);

            List<AttemptRecord> attempts = rows.recent("docs", 10);
            assertThat(attempts).extracting(AttemptRecord::attempt, AttemptRecord::outcome).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(2, AttemptRecord.Outcome.SUCCEEDED),
                    org.assertj.core.groups.Tuple.tuple(1, AttemptRecord.Outcome.FAILED));
            assertThat(attempts.get(0).backupId()).isEqualTo(verified(catalog).get(0).id());
            Thread.sleep(1000);
            assertThat(MAIL.getReceivedMessages()).as("a retry that succeeds is no alert").isEmpty();
        }
    }

    @Test
    void aFailedVerificationMailsTheBackupAndTheCommandToVerifyItAgain() throws Exception {
        String appDb = "jdbc:h2:file:" + dir.resolve("app/app");
        try (Connection c = DriverManager.getConnection(appDb, "sa", ""); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(40))");
            st.execute("INSERT INTO items VALUES (1, 'one'), (2, 'two')");
        }
        LifeboatConfig config = AlertsTesting.config(dir, MAIL.getSmtp().getPort(), "", "0 0 * * * ?", """
                  - name: app-db
                    type: h2
                    connection: { url: "%s", user: sa }
                    schedule: "0 0 4 * * ?"
                    targets: [primary]
                    rpo: 26h
                    verify: { level: 3, checks: ["select count(*) > 1000 from items"] }
                """.formatted(appDb));
        try (Daemon daemon = Daemon.start(config, Clock.systemUTC(), AlertsTesting.ENV::get, QUICK);
             Catalog catalog = Catalog.open(config.catalog(), Clock.systemUTC())) {
            daemon.runNow("app-db");

            assertThat(MAIL.waitForIncomingEmail(60_000, 1)).as("the verification mail").isTrue();
            MimeMessage mail = MAIL.getReceivedMessages()[0];
            BackupRecord backup = catalog.backups("app-db", 10).get(0);
            assertThat(backup.status()).isNotEqualTo(BackupStatus.VERIFIED);
            assertThat(mail.getSubject()).startsWith("[lifeboat] VERIFICATION FAILED: app-db backup " + backup.id() + " (level 3): ");
            assertThat(AlertsTesting.text(mail)).contains("What failed:  level 3 verification of backup " + backup.id())
                    .contains("Since:        ").contains("Error:        ").contains("select count(*) > 1000 from items")
                    .contains("lifeboat verify " + backup.id() + " --level 3");
            assertThat(mail.getHeader("X-Lifeboat-Alert")).containsExactly("VERIFICATION_FAILED");
            assertThat(new AttemptRows(catalog.dataSource()).recent("app-db", 10)).as("a backup that was made is not retried")
                    .singleElement().extracting(AttemptRecord::outcome).isEqualTo(AttemptRecord.Outcome.SUCCEEDED);
        }
    }

    @Test
    void anRpoBreachMailsWhenItStartsAndWhenItClearsOnceEachAcrossARestart() throws Exception {
        // on PostgreSQL: stopping a daemon whose jobs fire every second can leave an interrupted thread's write
        // behind in an embedded H2 database, which a second daemon in the same JVM then cannot open
        try (PostgresCatalog pg = new PostgresCatalog()) {
            rpoBreach(AlertsTesting.config(dir, pg.url(), MAIL.getSmtp().getPort(), "", "* * * * * ?", ""));
        }
    }

    private void rpoBreach(LifeboatConfig config) throws Exception {
        ShiftableClock clock = new ShiftableClock();
        String backupId;
        Daemon daemon = Daemon.start(config, clock, AlertsTesting.ENV::get, QUICK);
        try {
            daemon.runNow("docs");
            try (Catalog catalog = Catalog.open(config.catalog(), Clock.systemUTC())) {
                DaemonTesting.await(Duration.ofSeconds(30), "a verified backup", () -> verified(catalog).size() == 1);
                backupId = verified(catalog).get(0).id().value();
            }
            Thread.sleep(2500);
            assertThat(MAIL.getReceivedMessages()).as("within the RPO: no mail").isEmpty();

            clock.advance(Duration.ofHours(27));
            assertThat(MAIL.waitForIncomingEmail(15_000, 1)).as("the breach mail").isTrue();
            Thread.sleep(3000);
        } finally {
            daemon.stop();
        }
        assertThat(MAIL.getReceivedMessages()).as("one mail while the breach lasts, not one per check").hasSize(1);
        MimeMessage breach = MAIL.getReceivedMessages()[0];
        assertThat(breach.getSubject()).isEqualTo("[lifeboat] RPO BREACHED: docs (newest verified backup 27h old, RPO 26h)");
        assertThat(AlertsTesting.text(breach)).contains("What failed:  the recovery point objective of source \"docs\" (RPO 26h)")
                .contains("Since:        ").contains("Error:        newest verified backup: " + backupId + " of ")
                .contains("lifeboat status").contains("lifeboat backup run docs");

        daemon = Daemon.start(config, clock, AlertsTesting.ENV::get, QUICK);
        try {
            Thread.sleep(3000);
            assertThat(MAIL.getReceivedMessages()).as("a restarted daemon does not mail the same breach again").hasSize(1);

            daemon.runNow("docs");
            assertThat(MAIL.waitForIncomingEmail(30_000, 2)).as("the recovery mail").isTrue();
            Thread.sleep(3000);
        } finally {
            daemon.stop();
        }
        assertThat(MAIL.getReceivedMessages()).hasSize(2);
        MimeMessage cleared = MAIL.getReceivedMessages()[1];
        assertThat(cleared.getSubject()).startsWith("[lifeboat] RPO OK again: docs (breached for ");
        assertThat(AlertsTesting.text(cleared)).contains("Recovered:    the recovery point objective of source \"docs\"")
                .contains("Breached:     from ");
    }

    @Test
    void drillReportsGoThroughThePublicHookAsHtmlWithATextPart() throws Exception {
        LifeboatConfig config = AlertsTesting.config(dir, MAIL.getSmtp().getPort(), "", "0 0 * * * ?", "");
        try (Daemon daemon = Daemon.start(config, Clock.systemUTC(), AlertsTesting.ENV::get, QUICK)) {
            daemon.notifier().drillReport("dr-runbooks/orders-db.md", "drill orders-db: PASSED, RTO 4m12s (objective 15m)",
                    "<html><body><h1>Drill orders-db</h1><p>RTO 4m12s &amp; RPO 3m</p></body></html>", List.of("dr@acme"));

            assertThat(MAIL.waitForIncomingEmail(15_000, 1)).isTrue();
            MimeMessage mail = MAIL.getReceivedMessages()[0];
            assertThat(mail.getSubject()).isEqualTo("drill orders-db: PASSED, RTO 4m12s (objective 15m)");
            assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("dr@acme");
            assertThat(AlertsTesting.html(mail)).contains("<h1>Drill orders-db</h1>");
            assertThat(AlertsTesting.text(mail)).contains("dr-runbooks/orders-db.md").contains("Drill orders-db")
                    .contains("RTO 4m12s & RPO 3m").doesNotContain("<h1>");
        }
    }

    @Test
    void aMissingSmtpCredentialVariableStopsTheDaemonWithOneLineNamingIt() throws Exception {
        AlertsTesting.config(dir, MAIL.getSmtp().getPort(), "", "0 0 * * * ?", "");
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("SMTP_USER") == null, "SMTP_USER is set here");

        Cli.Result r = new Cli(dir.resolve("lifeboat.yaml")).run("daemon");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.toString()).singleElement().asString().isEqualTo("lifeboat: alerts.smtp.userEnv"
                + " names the environment variable SMTP_USER, which is not set (set it, or remove userEnv and passwordEnv"
                + " for a server without authentication)");
    }

    static List<BackupRecord> verified(Catalog catalog) {
        return catalog.backups("docs", 1000).stream().filter(b -> b.status() == BackupStatus.VERIFIED).toList();
    }

    static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
