package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.lifeboat.alerts.MailNotifier;
import io.lifeboat.core.config.ConfigLoader;
import io.lifeboat.core.config.LifeboatConfig;
import io.lifeboat.daemon.Daemon;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code lifeboat drill run} and the daemon's scheduled drills mail the HTML report to the runbook's {@code notify} list (GreenMail in this JVM). */
class DrillMailE2eTest {
    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    @Test
    void aOneShotDrillMailsItsReportBeforeTheCommandReturns() throws Exception {
        Path config = config();
        Path runbook = runbook(dir.resolve("mail-drill.md"), "");
        Cli cli = new Cli(config);
        assertThat(cli.run("backup", "run", "docs").exitCode()).isZero();

        Cli.Result drill = cli.run("drill", "run", runbook.toString(), "--reports", dir.resolve("var/drills").toString());

        assertThat(drill.exitCode()).as(drill.toString()).isZero();
        assertThat(MAIL.getReceivedMessages()).as("mailed before the command returned").hasSize(1);
        assertMailedReport(MAIL.getReceivedMessages()[0]);
    }

    @Test
    void aScheduledDrillOfTheDaemonMailsItsReportThroughTheDaemonsNotifier() throws Exception {
        LifeboatConfig config = ConfigLoader.load(config());
        Path runbooks = Files.createDirectories(dir.resolve("runbooks"));
        runbook(runbooks.resolve("mail-drill.md"), "schedule: \"*/2 * * * * ?\"\n");
        assertThat(new Cli(config.file()).run("backup", "run", "docs").exitCode()).isZero();

        try (Daemon daemon = Daemon.start(config, Clock.systemUTC(), System::getenv, MailNotifier.Delivery.DEFAULT, runbooks,
                dir.resolve("var/drills"))) {
            assertThat(MAIL.waitForIncomingEmail(30_000, 1)).as("the scheduled drill's report").isTrue();
            assertMailedReport(MAIL.getReceivedMessages()[0]);
            // GreenMail has the mail a moment before the mailer counts it as delivered
            DaemonTesting.await(java.time.Duration.ofSeconds(10), "the delivery counted by the daemon's own mailer",
                    () -> ((MailNotifier) daemon.notifier()).stats().delivered() > 0);
        }
    }

    private Path config() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("a.txt"), "alpha\n");
        Path config = dir.resolve("lifeboat.yaml");
        Files.writeString(config, """
                catalog: { url: "jdbc:h2:file:%1$s/var/catalog" }
                targets:
                  primary: { type: file, path: %1$s/var/primary }
                sources:
                  - { name: docs, type: directory, path: %1$s/data, schedule: "0 0 1 * * ?", targets: [primary], rpo: 26h }
                daemon: { http: "127.0.0.1:0" }
                alerts:
                  smtp: { host: 127.0.0.1, port: %2$d, security: none }
                  from: lifeboat@acme
                  to: [ops@acme]
                """.formatted(dir, MAIL.getSmtp().getPort()));
        return config;
    }

    private static Path runbook(Path file, String frontMatter) throws Exception {
        Files.writeString(file, """
                ---
                name: mail-drill
                objectives: { rto: 1h }
                notify: [drills@acme]
                %s---
                # A drill whose report is mailed
                ```lifeboat
                restore files --source docs --into ${drill.dir}/docs
                check file ${drill.dir}/docs --min-files 1 --contains alpha
                ```
                """.formatted(frontMatter));
        return file;
    }

    private static void assertMailedReport(MimeMessage mail) throws Exception {
        assertThat(mail.getSubject()).isEqualTo("[lifeboat] drill mail-drill: PASSED");
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("drills@acme");
        assertThat(AlertsTesting.html(mail)).contains("<svg").contains("mail-drill");
    }
}
