package io.lifeboat.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code alerts:} section and a source's {@code retry:} and {@code compression:}, in the style of {@link ConfigDaemonTest}. */
class ConfigAlertsTest {
    static final String TARGETS = "targets: { primary: { type: file, path: ./var/primary } }\n";
    static final String SOURCE = "{ name: app-logs, type: logs, path: data/logs, schedule: \"0 0 * * * ?\", targets: [primary], rpo: 2h";
    static final String BASE = TARGETS + "sources: [ " + SOURCE + " } ]\n";
    static final Path FILE = Path.of("config", "lifeboat.yaml");

    @TempDir
    Path dir;

    @BeforeEach
    void directories() throws IOException {
        Files.createDirectories(dir.resolve("data/logs"));
        Files.createDirectories(dir.resolve("config"));
    }

    @Test
    void absentSectionsMeanNoMailAndThreeAttemptsFiveMinutesApart() throws IOException {
        LifeboatConfig c = load(BASE);

        assertThat(c.alerts()).isEqualTo(AlertsConfig.DISABLED);
        assertThat(c.alerts().enabled()).isFalse();
        assertThat(c.alerts().rpoCheck()).isEqualTo("0 * * * * ?");
        RetryConfig retry = c.sources().get(0).retry();
        assertThat(retry).isEqualTo(new RetryConfig(3, Duration.ofMinutes(5)));
        assertThat(retry.delayBefore(2)).isEqualTo(Duration.ofMinutes(5));
        assertThat(retry.delayBefore(3)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void everySettingLandsInTheRecords() throws IOException {
        LifeboatConfig c = load(TARGETS + "sources: [ " + SOURCE + ", retry: { attempts: 5, initialDelay: 200ms } } ]\n" + """
                alerts:
                  smtp: { host: mail.acme.example, port: 2525, security: smtps, userEnv: SMTP_USER, passwordEnv: SMTP_PASSWORD }
                  from: lifeboat@acme
                  to: [ops@acme, "dba@acme.example"]
                  rpoCheck: "0 */5 * * * ?"
                """);

        assertThat(c.alerts()).isEqualTo(new AlertsConfig(true, new AlertsConfig.Smtp("mail.acme.example", 2525,
                AlertsConfig.Security.SMTPS, "SMTP_USER", "SMTP_PASSWORD"), "lifeboat@acme", List.of("ops@acme", "dba@acme.example"),
                "0 */5 * * * ?"));
        RetryConfig retry = c.sources().get(0).retry();
        assertThat(retry).isEqualTo(new RetryConfig(5, Duration.ofMillis(200)));
        assertThat(List.of(retry.delayBefore(1), retry.delayBefore(2), retry.delayBefore(3), retry.delayBefore(5)))
                .containsExactly(Duration.ZERO, Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(1600));
    }

    @Test
    void thePortFollowsTheSecurityAndAuthenticationIsOptional() throws IOException {
        AlertsConfig.Smtp starttls = load(BASE + "alerts: { smtp: { host: relay }, from: a@b, to: [c@d] }\n").alerts().smtp();
        AlertsConfig.Smtp none = load(BASE + "alerts: { smtp: { host: localhost, security: none }, from: a@b, to: [c@d] }\n").alerts().smtp();

        assertThat(starttls).isEqualTo(new AlertsConfig.Smtp("relay", 587, AlertsConfig.Security.STARTTLS, null, null));
        assertThat(starttls.authenticated()).isFalse();
        assertThat(none.port()).isEqualTo(25);
    }

    @Test
    void enabledFalseNeedsNothingElse() throws IOException {
        AlertsConfig a = load(BASE + "alerts: { enabled: false }\n").alerts();

        assertThat(a.enabled()).isFalse();
        assertThat(a.smtp()).isNull();
    }

    record Mistake(String yaml, List<String> expected) {
        @Override
        public String toString() {
            return yaml.strip();
        }
    }

    static List<Mistake> mistakes() {
        String ok = "smtp: { host: relay }, from: a@b, to: [c@d]";
        return List.of(
                new Mistake("alerts: { from: a@b, to: [c@d] }", List.of(
                        "alerts.smtp: missing (e.g. smtp: { host: mail.example.com, security: starttls })")),
                new Mistake("alerts: { smtp: { port: 25 }, from: a@b, to: [c@d] }", List.of("alerts.smtp.host: missing")),
                new Mistake("alerts: { smtp: { host: relay, security: tls }, from: a@b, to: [c@d] }", List.of(
                        "alerts.smtp.security: unknown security \"tls\" (valid: starttls, smtps, none)")),
                new Mistake("alerts: { smtp: { host: relay, port: 70000 }, from: a@b, to: [c@d] }", List.of(
                        "alerts.smtp.port: must be between 1 and 65535, got 70000")),
                new Mistake("alerts: { smtp: { host: relay, userEnv: SMTP_USER }, from: a@b, to: [c@d] }", List.of(
                        "alerts.smtp.passwordEnv: missing (userEnv and passwordEnv go together; leave both out for a server"
                                + " without authentication)")),
                new Mistake("alerts: { smtp: { host: relay, userEnv: u, passwordEnv: \"$SMTP-PW\" }, from: a@b, to: [c@d] }", List.of(
                        "alerts.smtp.passwordEnv: \"$SMTP-PW\" is not an environment variable name (e.g. SMTP_PASSWORD)")),
                new Mistake("alerts: { smtp: { host: relay, password: hunter2 }, from: a@b, to: [c@d] }", List.of(
                        "alerts.smtp.password: " + Secrets.MESSAGE)),
                new Mistake("alerts: { smtp: { host: relay }, from: lifeboat, to: [c@d] }", List.of(
                        "alerts.from: \"lifeboat\" is not an e-mail address (e.g. ops@example.com)")),
                new Mistake("alerts: { smtp: { host: relay }, from: a@b }", List.of(
                        "alerts.to: missing (a list of addresses, e.g. to: [ops@example.com])")),
                new Mistake("alerts: { smtp: { host: relay }, from: a@b, to: ops@acme }", List.of(
                        "alerts.to: expected a list of e-mail addresses, got a string")),
                new Mistake("alerts: { smtp: { host: relay }, from: a@b, to: [ok@acme, \"not an address\"] }", List.of(
                        "alerts.to[1]: \"not an address\" is not an e-mail address (e.g. ops@example.com)")),
                new Mistake("alerts: { smtp: { host: relay }, from: a@b, to: [] }", List.of(
                        "alerts.to: empty; name at least one address (or set enabled: false)")),
                new Mistake("alerts: { " + ok + ", rpoCheck: \"* * * * *\" }", List.of(
                        "alerts.rpoCheck: \"* * * * *\" is not a valid Quartz cron expression (Unexpected end of expression.);"
                                + " Quartz cron starts with seconds: 6 or 7 fields, e.g. \"0 30 1 * * ?\"")),
                new Mistake("alerts: { " + ok + ", emails: [x@y] }", List.of(
                        "alerts.emails: unknown key (valid: enabled, smtp, from, to, rpoCheck)")),
                new Mistake("alerts: { enabled: sometimes }", List.of("alerts.enabled: expected true or false, got a string")),
                new Mistake("alerts: [ops@acme]", List.of("alerts: expected a mapping, got a list")),
                new Mistake("alerts: { smtp: { hots: relay }, from: a@b, to: [c@d] }", List.of(
                        "alerts.smtp.hots: unknown key, did you mean \"host\"?", "alerts.smtp.host: missing")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void eachAlertsMistakeIsNamedWithItsPlace(Mistake mistake) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(BASE + mistake.yaml() + "\n"));

        assertThat(e).as("a ConfigException").isNotNull();
        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactlyElementsOf(mistake.expected());
        assertThat(e.getMessage()).doesNotContain("hunter2");
    }

    static List<Mistake> retryMistakes() {
        return List.of(
                new Mistake("retry: { attempts: 0 }", List.of("sources[0].retry.attempts: must be between 1 (no retry) and 20, got 0")),
                new Mistake("retry: { attempts: three }", List.of("sources[0].retry.attempts: expected a whole number, got a string")),
                new Mistake("retry: { initialDelay: soon }", List.of(
                        "sources[0].retry.initialDelay: \"soon\" is not a duration (use e.g. 26h, 90m, 7d, 30s or ISO-8601 PT26H)")),
                new Mistake("retry: { initialDelay: 0s }", List.of("sources[0].retry.initialDelay: must be longer than zero")),
                new Mistake("retry: { attempts: 2, backoff: 3 }", List.of(
                        "sources[0].retry.backoff: unknown key (valid: attempts, initialDelay)")),
                new Mistake("retry: 3", List.of("sources[0].retry: expected a mapping, got a number")));
    }

    @Test
    void absentCompressionMeansLevel3Adaptive() throws IOException {
        assertThat(load(BASE).sources().get(0).compression()).isEqualTo(CompressionConfig.DEFAULT)
                .isEqualTo(new CompressionConfig(3, true));
    }

    @Test
    void compressionLevelAndAdaptiveAreRead() throws IOException {
        assertThat(compression("level: 9, adaptive: false")).isEqualTo(new CompressionConfig(9, false));
        assertThat(compression("adaptive: false")).isEqualTo(new CompressionConfig(3, false));
        assertThat(compression("level: 1")).isEqualTo(new CompressionConfig(1, true));
    }

    private CompressionConfig compression(String settings) throws IOException {
        return load(TARGETS + "sources: [ " + SOURCE + ", compression: { " + settings + " } } ]\n").sources().get(0).compression();
    }

    static List<Mistake> compressionMistakes() {
        String range = "must be a zstd level between 1 (fastest) and 19 (smallest), got ";
        return List.of(
                new Mistake("compression: { level: 0 }", List.of("sources[0].compression.level: " + range + "0")),
                new Mistake("compression: { level: 22 }", List.of("sources[0].compression.level: " + range + "22")),
                new Mistake("compression: { level: high }", List.of("sources[0].compression.level: expected a whole number, got a string")),
                new Mistake("compression: { adaptive: maybe }", List.of(
                        "sources[0].compression.adaptive: expected true or false, got a string")),
                new Mistake("compression: { levle: 5 }", List.of("sources[0].compression.levle: unknown key, did you mean \"level\"?")),
                new Mistake("compression: zstd", List.of("sources[0].compression: expected a mapping, got a string")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"retryMistakes", "compressionMistakes"})
    void eachSourceSectionMistakeIsNamedWithItsPlace(Mistake mistake) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(TARGETS + "sources: [ " + SOURCE + ", "
                + mistake.yaml() + " } ]\n"));

        assertThat(e).as("a ConfigException").isNotNull();
        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactlyElementsOf(mistake.expected());
    }

    @Test
    void millisecondsAreADuration() {
        assertThat(Units.duration("200ms")).contains(Duration.ofMillis(200));
        assertThat(Units.duration("1m30s")).contains(Duration.ofSeconds(90));
        assertThat(Units.duration("1m500ms")).contains(Duration.ofMillis(60_500));
    }

    private LifeboatConfig load(String yaml) throws IOException {
        Files.writeString(dir.resolve(FILE), yaml);
        return ConfigLoader.load(FILE, dir);
    }
}
