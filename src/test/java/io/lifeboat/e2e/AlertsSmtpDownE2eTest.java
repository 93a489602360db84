package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.lifeboat.alerts.MailNotifier;
import io.lifeboat.core.alerts.Alert;
import io.lifeboat.core.catalog.AttemptRecord;
import io.lifeboat.core.catalog.AttemptRows;
import io.lifeboat.core.catalog.BackupStatus;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.config.LifeboatConfig;
import io.lifeboat.daemon.Daemon;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mail server that is down never stops or delays backups: the alert of a failed source is queued and
 * retried in the background while another source backs up and verifies at once.
 */
class AlertsSmtpDownE2eTest {
    static final MailNotifier.Delivery QUICK = new MailNotifier.Delivery(3, Duration.ofMillis(300), Duration.ofSeconds(1));
    static final String BROKEN = """
              - { name: broken, type: directory, path: %s, schedule: "0 0 5 * * ?", targets: [primary], rpo: 26h, retry: { attempts: 1 } }
            """;

    @TempDir
    Path dir;

    @Test
    void aClosedSmtpPortDoesNotStopABackup() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        MailNotifier.Stats stats = backUpWhileAnAlertCannotBeSent(closed);

        assertThat(stats.delivered()).isZero();
        assertThat(stats.failedAttempts()).as("the alert was tried (and failed) while the backup ran").isPositive();
    }

    @Test
    void aServerThatAcceptsButNeverAnswersDoesNotDelayABackup() throws Exception {
        // the kernel completes the TCP handshake (backlog) but no greeting ever comes: a synchronous send
        // would block for the whole socket timeout
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            MailNotifier.Stats stats = backUpWhileAnAlertCannotBeSent(silent.getLocalPort());

            assertThat(stats.delivered()).isZero();
            assertThat(stats.queued()).as("the alert is still waiting for the server").isPositive();
        }
    }

    @Test
    void anAlertIsDeliveredOnARetryOnceTheMailServerIsBack() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        LifeboatConfig config = AlertsTesting.config(dir, port, "", "0 0 * * * ?", "");
        MailNotifier mail = MailNotifier.create(config.alerts(), AlertsTesting.ENV::get,
                new MailNotifier.Delivery(6, Duration.ofMillis(300), Duration.ofSeconds(2)));
        GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.withConfiguration(com.icegreen.greenmail.configuration.GreenMailConfiguration.aConfig()
                .withUser("ops@acme", "lb-user", "s3cret-pw"));
        try {
            mail.send(new Alert(Alert.Kind.BACKUP_FAILED, "docs", Instant.now(), "[lifeboat] FAILED: backup of docs",
                    "What failed: the backup of docs\n", null, java.util.List.of()));
            DaemonTesting.await(Duration.ofSeconds(10), "a failed delivery", () -> mail.stats().failedAttempts() > 0);
            assertThat(mail.stats().delivered()).isZero();

            server.start();

            assertThat(server.waitForIncomingEmail(15_000, 1)).as("delivered by a retry").isTrue();
            assertThat(server.getReceivedMessages()[0].getSubject()).isEqualTo("[lifeboat] FAILED: backup of docs");
            DaemonTesting.await(Duration.ofSeconds(5), "the delivery counted", () -> mail.stats().delivered() == 1);
            assertThat(mail.stats().queued()).isZero();
            assertThat(mail.stats().givenUp()).isZero();
        } finally {
            mail.close();
            server.stop();
        }
    }

    @Test
    void wrongCredentialsAreAPermanentErrorGivenUpAtOnce() throws Exception {
        GreenMail server = new GreenMail(com.icegreen.greenmail.util.ServerSetupTest.SMTP.dynamicPort());
        server.withConfiguration(com.icegreen.greenmail.configuration.GreenMailConfiguration.aConfig()
                .withUser("ops@acme", "lb-user", "s3cret-pw"));
        server.start();
        LifeboatConfig config = AlertsTesting.config(dir, server.getSmtp().getPort(), "", "0 0 * * * ?", "");
        MailNotifier mail = MailNotifier.create(config.alerts(), java.util.Map.of("SMTP_USER", "lb-user",
                "SMTP_PASSWORD", "wrong-pw")::get, new MailNotifier.Delivery(6, Duration.ofMillis(300), Duration.ofSeconds(2)));
        try {
            mail.send(new Alert(Alert.Kind.BACKUP_FAILED, "docs", Instant.now(), "[lifeboat] FAILED: backup of docs",
                    "What failed: the backup of docs\n", null, java.util.List.of()));

            DaemonTesting.await(Duration.ofSeconds(10), "the alert given up", () -> mail.stats().givenUp() == 1);
            assertThat(mail.stats().failedAttempts()).as("a permanent error is not retried").isEqualTo(1);
            assertThat(server.getReceivedMessages()).isEmpty();
        } finally {
            mail.close();
            server.stop();
        }
    }

    /** Fails "broken" (its alert cannot be sent), then backs up "docs"; returns the mail stats at the end. */
    private MailNotifier.Stats backUpWhileAnAlertCannotBeSent(int smtpPort) throws Exception {
        Path missing = dir.resolve("broken-data");
        Files.createDirectories(missing);
        LifeboatConfig config = AlertsTesting.config(dir, smtpPort, "", "0 0 * * * ?", BROKEN.formatted(missing));
        Files.delete(missing);
        Daemon daemon = Daemon.start(config, Clock.systemUTC(), AlertsTesting.ENV::get, QUICK);
        try {
            MailNotifier mail = (MailNotifier) daemon.notifier();
            try (Catalog catalog = Catalog.open(config.catalog(), Clock.systemUTC())) {
                daemon.runNow("broken");
                DaemonTesting.await(Duration.ofSeconds(20), "the failure of broken, whose alert is queued",
                        () -> new AttemptRows(catalog.dataSource()).recent("broken", 1).stream()
                                .anyMatch(AttemptRecord::finalFailure));
                DaemonTesting.await(Duration.ofSeconds(5), "the alert in the mail queue", () -> mail.stats().queued() > 0
                        || mail.stats().failedAttempts() > 0);

                Instant asked = Instant.now();
                daemon.runNow("docs");
                DaemonTesting.await(Duration.ofSeconds(20), "the backup of docs", () -> catalog.backups("docs", 10).stream()
                        .anyMatch(b -> b.status() == BackupStatus.VERIFIED));
                assertThat(Duration.between(asked, Instant.now())).as("the backup was not held up by the mail server")
                        .isLessThan(Duration.ofSeconds(10));
            }
            // the mail path's own health is on /metrics: an undeliverable alert shows as failed or still queued
            String metrics = DaemonTesting.get(daemon.httpPort(), "/metrics").body();
            assertThat(metricValue(metrics, "lifeboat_alerts_delivered_total")).isZero();
            assertThat(metricValue(metrics, "lifeboat_alerts_given_up_total")).isZero();
            assertThat(metricValue(metrics, "lifeboat_alerts_failed_attempts_total") + metricValue(metrics, "lifeboat_alerts_queued"))
                    .as(metrics).isPositive();
            return mail.stats();
        } finally {
            daemon.stop();
        }
    }

    private static double metricValue(String metrics, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + name + " ([0-9.eE+-]+)$").matcher(metrics);
        assertThat(m.find()).as("%s in /metrics", name).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
