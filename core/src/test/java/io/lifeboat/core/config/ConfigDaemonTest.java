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

/** The {@code daemon:} section, in the style of {@link ConfigLoaderTest}. */
class ConfigDaemonTest {
    static final String BASE = """
            targets: { primary: { type: file, path: ./var/primary } }
            sources: [ { name: app-logs, type: logs, path: data/logs, schedule: "0 0 * * * ?", targets: [primary], rpo: 2h } ]
            """;
    static final Path FILE = Path.of("config", "lifeboat.yaml");

    @TempDir
    Path dir;

    @BeforeEach
    void directories() throws IOException {
        Files.createDirectories(dir.resolve("data/logs"));
        Files.createDirectories(dir.resolve("config"));
    }

    @Test
    void absentSectionMeansTheDefaults() throws IOException {
        DaemonConfig d = load(BASE).daemon();

        assertThat(d).isEqualTo(DaemonConfig.DEFAULT);
        assertThat(d.http()).isEqualTo("127.0.0.1:9464");
        assertThat(d.maxConcurrentJobs()).isEqualTo(2);
        assertThat(d.shutdownGrace()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.cluster()).isFalse();
        assertThat(d.misfireThreshold()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void everySettingLandsInTheRecord() throws IOException {
        DaemonConfig d = load(BASE + """
                catalog: { url: "jdbc:postgresql://db.example/lifeboat" }
                daemon: { http: "0.0.0.0:9100", maxConcurrentJobs: 4, shutdownGrace: 90s, cluster: true, misfireThreshold: 5s,
                          clusterCheckin: 2s, lease: 20s }
                """).daemon();

        assertThat(d).isEqualTo(new DaemonConfig("0.0.0.0", 9100, 4, Duration.ofSeconds(90), true, Duration.ofSeconds(5),
                Duration.ofSeconds(2), Duration.ofSeconds(20)));
    }

    @Test
    void ipv6AndAnyPort() throws IOException {
        DaemonConfig d = load(BASE + "daemon: { http: \"[::1]:0\" }\n").daemon();

        assertThat(d.httpHost()).isEqualTo("::1");
        assertThat(d.httpPort()).isZero();
        assertThat(d.http()).isEqualTo("[::1]:0");
    }

    @Test
    void theOldConstructorGivesTheDefaultDaemon() {
        LifeboatConfig c = new LifeboatConfig(FILE, new CatalogConfig("jdbc:h2:file:/tmp/x", null, null), java.util.Map.of(), List.of());

        assertThat(c.daemon()).isEqualTo(DaemonConfig.DEFAULT);
    }

    record Mistake(String yaml, List<String> expected) {
        @Override
        public String toString() {
            return yaml.strip();
        }
    }

    static List<Mistake> mistakes() {
        return List.of(
                new Mistake("daemon: { http: 9464 }", List.of(
                        "daemon.http: \"9464\" is not HOST:PORT (e.g. 127.0.0.1:9464; port 0 picks a free one)")),
                new Mistake("daemon: { http: \"localhost:99999\" }", List.of(
                        "daemon.http: \"localhost:99999\" is not HOST:PORT (e.g. 127.0.0.1:9464; port 0 picks a free one)")),
                new Mistake("daemon: { maxConcurrentJobs: 0 }", List.of("daemon.maxConcurrentJobs: must be between 1 and 100, got 0")),
                new Mistake("daemon: { maxConcurrentJobs: two }", List.of("daemon.maxConcurrentJobs: expected a whole number, got a string")),
                new Mistake("daemon: { shutdownGrace: soon }", List.of(
                        "daemon.shutdownGrace: \"soon\" is not a duration (use e.g. 26h, 90m, 7d, 30s or ISO-8601 PT26H)")),
                new Mistake("daemon: { misfireThreshold: 0s }", List.of("daemon.misfireThreshold: must be longer than zero")),
                new Mistake("daemon: { cluster: yes please }", List.of("daemon.cluster: expected true or false, got a string")),
                new Mistake("daemon: { cluster: true }", List.of("daemon.cluster: true needs a PostgreSQL catalog"
                        + " (catalog.url: jdbc:postgresql://HOST/DB) that every node shares; the embedded H2 catalog serves"
                        + " one daemon only (set cluster: false)")),
                new Mistake("daemon: { lease: 1s, clusterCheckin: 0s }", List.of("daemon.clusterCheckin: must be longer than zero",
                        "daemon.lease: must be at least 3s (it is renewed every third of it)")),
                new Mistake("daemon: { maxConcurentJobs: 3 }", List.of("daemon.maxConcurentJobs: unknown key, did you mean \"maxConcurrentJobs\"?")),
                new Mistake("daemon: [ http ]", List.of("daemon: expected a mapping, got a list")),
                new Mistake("daemon: { http: \"1.2.3.4\", shutdownGrace: -5m, maxConcurrentJobs: 500 }", List.of(
                        "daemon.http: \"1.2.3.4\" is not HOST:PORT (e.g. 127.0.0.1:9464; port 0 picks a free one)",
                        "daemon.maxConcurrentJobs: must be between 1 and 100, got 500",
                        "daemon.shutdownGrace: \"-5m\" is not a duration (use e.g. 26h, 90m, 7d, 30s or ISO-8601 PT26H)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void eachMistakeIsNamedWithItsPlace(Mistake mistake) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(BASE + mistake.yaml() + "\n"));

        assertThat(e).as("a ConfigException").isNotNull();
        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactlyElementsOf(mistake.expected());
    }

    private LifeboatConfig load(String yaml) throws IOException {
        Files.writeString(dir.resolve(FILE), yaml);
        return ConfigLoader.load(FILE, dir);
    }
}
