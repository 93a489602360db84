package io.lifeboat.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lifeboat.core.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code type: glacier} targets and the S3 {@code retrievalTier}: defaults, and each mistake named with its place. */
class ConfigGlacierTest {
    private static final String YAML = """
            catalog: { url: "jdbc:h2:file:./var/catalog" }
            targets:
              primary: { type: file, path: ./var/primary }
              cold: { type: glacier, vault: lifeboat-cold, region: eu-central-1, endpoint: "http://127.0.0.1:9090", tier: bulk, profile: backup }
              deep: { type: s3, bucket: acme-deep, region: eu-central-1, storageClass: DEEP_ARCHIVE, retrievalTier: standard }
            sources:
              - { name: data, type: directory, path: ./data, schedule: "0 0 3 * * ?", targets: [primary, cold, deep], rpo: 25h }
            """;

    record Mistake(String name, String from, String to, List<ConfigProblem> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    @TempDir
    Path dir;

    @Test
    void glacierTargetIsRead() throws IOException {
        LifeboatConfig config = load(YAML);
        assertThat(config.targets().get("cold")).isEqualTo(new GlacierTargetConfig("cold", "lifeboat-cold", "eu-central-1",
                URI.create("http://127.0.0.1:9090"), RetrievalTier.BULK, "backup"));
        assertThat(((S3TargetConfig) config.targets().get("deep")).retrievalTier()).isEqualTo(RetrievalTier.STANDARD);
    }

    @Test
    void tierDefaultsToStandard() throws IOException {
        LifeboatConfig config = load(YAML.replace(", tier: bulk", "").replace(", retrievalTier: standard", ""));
        assertThat(((GlacierTargetConfig) config.targets().get("cold")).tier()).isEqualTo(Defaults.RETRIEVAL_TIER)
                .isEqualTo(RetrievalTier.STANDARD);
        assertThat(((S3TargetConfig) config.targets().get("deep")).retrievalTier()).isEqualTo(RetrievalTier.STANDARD);
    }

    static Stream<Mistake> mistakes() {
        return Stream.of(
                new Mistake("vault missing", "vault: lifeboat-cold, ", "", List.of(
                        new ConfigProblem("targets.cold.vault", "missing"))),
                new Mistake("bad vault name", "vault: lifeboat-cold", "vault: \"cold vault\"", List.of(
                        new ConfigProblem("targets.cold.vault", "\"cold vault\" is not a valid vault name"
                                + " (1-255 letters, digits, '_', '-' and '.')"))),
                new Mistake("bad tier", "tier: bulk", "tier: fast", List.of(
                        new ConfigProblem("targets.cold.tier", "unknown retrieval tier \"fast\" (valid: expedited, standard, bulk)"))),
                new Mistake("bad s3 retrieval tier", "retrievalTier: standard", "retrievalTier: instant", List.of(
                        new ConfigProblem("targets.deep.retrievalTier",
                                "unknown retrieval tier \"instant\" (valid: expedited, standard, bulk)"))),
                new Mistake("misspelled glacier key", "tier: bulk", "teir: bulk", List.of(
                        new ConfigProblem("targets.cold.teir", "unknown key, did you mean \"tier\"?"))),
                new Mistake("s3 key on a glacier target", "tier: bulk", "bucket: x", List.of(
                        new ConfigProblem("targets.cold.bucket",
                                "unknown key (valid: type, vault, region, endpoint, tier, profile)"))),
                new Mistake("region missing", "region: eu-central-1, endpoint", "endpoint", List.of(
                        new ConfigProblem("targets.cold.region", "missing"))),
                new Mistake("bad endpoint", "\"http://127.0.0.1:9090\"", "\"ftp://x\"", List.of(
                        new ConfigProblem("targets.cold.endpoint", "\"ftp://x\" is not an http(s) URL (e.g. http://127.0.0.1:9000)"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void eachMistakeIsNamedWithItsPlace(Mistake mistake) throws IOException {
        assertThat(YAML.split(java.util.regex.Pattern.quote(mistake.from()), -1)).as("found exactly once").hasSize(2);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(YAML.replace(mistake.from(), mistake.to())));
        assertThat(e).as("a ConfigException").isNotNull();
        assertThat(e.problems()).containsExactlyElementsOf(mistake.expected());
        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
    }

    private LifeboatConfig load(String yaml) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Path file = dir.resolve("lifeboat.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file, dir);
    }
}
