package io.lifeboat.core.config;

import static io.lifeboat.core.config.ConfigAlertsTest.SOURCE;
import static io.lifeboat.core.config.ConfigAlertsTest.TARGETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.lifeboat.core.config.ConfigAlertsTest.Mistake;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A source's {@code compression:}, in the style of {@link ConfigAlertsTest}. */
class ConfigCompressionTest {
    @TempDir
    Path dir;

    @BeforeEach
    void directories() throws IOException {
        Files.createDirectories(dir.resolve("data/logs"));
        Files.createDirectories(dir.resolve("config"));
    }

    @Test
    void absentMeansLevel3Adaptive() throws IOException {
        CompressionConfig c = source("").compression();
        assertThat(c).isEqualTo(CompressionConfig.DEFAULT).isEqualTo(new CompressionConfig(3, true));
    }

    @Test
    void levelAndAdaptiveAreRead() throws IOException {
        assertThat(source(", compression: { level: 9, adaptive: false }").compression()).isEqualTo(new CompressionConfig(9, false));
        assertThat(source(", compression: { adaptive: false }").compression()).isEqualTo(new CompressionConfig(3, false));
        assertThat(source(", compression: { level: 1 }").compression()).isEqualTo(new CompressionConfig(1, true));
    }

    static List<Mistake> mistakes() {
        return List.of(
                new Mistake("compression: { level: 0 }", List.of(
                        "sources[0].compression.level: must be a zstd level between 1 (fastest) and 19 (smallest), got 0")),
                new Mistake("compression: { level: 22 }", List.of(
                        "sources[0].compression.level: must be a zstd level between 1 (fastest) and 19 (smallest), got 22")),
                new Mistake("compression: { level: high }", List.of(
                        "sources[0].compression.level: expected a whole number, got a string")),
                new Mistake("compression: { adaptive: maybe }", List.of(
                        "sources[0].compression.adaptive: expected true or false, got a string")),
                new Mistake("compression: { levle: 5 }", List.of(
                        "sources[0].compression.levle: unknown key, did you mean \"level\"?")),
                new Mistake("compression: zstd", List.of("sources[0].compression: expected a mapping, got a string")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void eachMistakeIsNamedWithItsPlace(Mistake mistake) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> source(", " + mistake.yaml()));

        assertThat(e).as("a ConfigException").isNotNull();
        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactlyElementsOf(mistake.expected());
    }

    private SourceConfig source(String extra) throws IOException {
        Files.writeString(dir.resolve(ConfigAlertsTest.FILE), TARGETS + "sources: [ " + SOURCE + extra + " } ]\n");
        return ConfigLoader.load(ConfigAlertsTest.FILE, dir).sources().get(0);
    }
}
