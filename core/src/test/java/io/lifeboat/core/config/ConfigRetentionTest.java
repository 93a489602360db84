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

/** A source's {@code retention:}, in the style of {@link ConfigDaemonTest}. */
class ConfigRetentionTest {
    static final String TARGETS = "targets: { primary: { type: file, path: ./var/primary } }\n";
    static final String SOURCE = "sources: [ { name: app-logs, type: logs, path: data/logs, schedule: \"0 0 * * * ?\","
            + " targets: [primary], rpo: 2h%s } ]\n";

    @TempDir
    Path dir;

    @BeforeEach
    void directories() throws IOException {
        Files.createDirectories(dir.resolve("data/logs"));
        Files.createDirectories(dir.resolve("config"));
    }

    @Test
    void absentRetentionKeepsEverything() throws IOException {
        assertThat(load("").sources().get(0).retention()).isNull();
    }

    @Test
    void everySettingLandsInTheRecord() throws IOException {
        RetentionConfig r = load(", retention: { keepLast: 7, keepDaily: 14, keepWeekly: 8, keepMonthly: 12,"
                + " keepYearly: 3, minAge: 36h, schedule: \"0 0 5 * * ?\" }").sources().get(0).retention();

        assertThat(r).isEqualTo(new RetentionConfig(7, 14, 8, 12, 3, Duration.ofHours(36), "0 0 5 * * ?"));
        assertThat(r.describe()).isEqualTo("keepLast 7, keepDaily 14, keepWeekly 8, keepMonthly 12, keepYearly 3, minAge 36h");
    }

    @Test
    void minAgeDefaultsToADay() throws IOException {
        RetentionConfig r = load(", retention: { keepDaily: 7 }").sources().get(0).retention();

        assertThat(r).isEqualTo(new RetentionConfig(0, 7, 0, 0, 0, Duration.ofDays(1)));
    }

    record Mistake(String yaml, List<String> expected) {
        @Override
        public String toString() {
            return yaml.strip();
        }
    }

    static List<Mistake> mistakes() {
        String hint = "(use e.g. 26h, 90m, 7d, 30s or ISO-8601 PT26H)";
        return List.of(
                new Mistake("retention: { keepLast: -1 }", List.of("sources[0].retention.keepLast: must be between 0 and 36500, got -1")),
                new Mistake("retention: { keepDaily: seven }", List.of("sources[0].retention.keepDaily: expected a whole number, got a string")),
                new Mistake("retention: { keepDaily: 7, minAge: soon }", List.of("sources[0].retention.minAge: \"soon\" is not a duration " + hint)),
                new Mistake("retention: { keepDaily: 7, minAge: -5m }", List.of("sources[0].retention.minAge: \"-5m\" is not a duration " + hint)),
                new Mistake("retention: { keepDaily: 7, minAge: PT-5M }", List.of("sources[0].retention.minAge: must not be negative, got PT-5M")),
                new Mistake("retention: { keepLast: 0, minAge: 1h }", List.of("sources[0].retention: keeps nothing; set at least one of"
                        + " keepLast, keepDaily, keepWeekly, keepMonthly, keepYearly above 0 (remove retention to keep every backup)")),
                new Mistake("retention: { keepDayly: 7 }", List.of("sources[0].retention.keepDayly: unknown key, did you mean \"keepDaily\"?")),
                new Mistake("retention: { keepLast: 3, schedule: \"0 5 * * *\" }", List.of("sources[0].retention.schedule: \"0 5 * * *\""
                        + " is not a valid Quartz cron expression (Unexpected end of expression.); Quartz cron starts with seconds:"
                        + " 6 or 7 fields, e.g. \"0 30 1 * * ?\"")),
                new Mistake("retention: 7", List.of("sources[0].retention: expected a mapping, got a number")),
                new Mistake("retention: { keepLast: 3, keepWeekly: 99999, keepMonthly: 1.5 }", List.of(
                        "sources[0].retention.keepWeekly: must be between 0 and 36500, got 99999",
                        "sources[0].retention.keepMonthly: expected a whole number, got a number")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void eachMistakeIsNamedWithItsPlace(Mistake mistake) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(", " + mistake.yaml()));

        assertThat(e).as("a ConfigException").isNotNull();
        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactlyElementsOf(mistake.expected());
    }

    private LifeboatConfig load(String retention) throws IOException {
        Path file = Path.of("config", "lifeboat.yaml");
        Files.writeString(dir.resolve(file), TARGETS + SOURCE.formatted(retention));
        return ConfigLoader.load(file, dir);
    }
}
