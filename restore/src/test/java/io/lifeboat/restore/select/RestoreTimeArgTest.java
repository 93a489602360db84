package io.lifeboat.restore.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.core.LifeboatException;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestoreTimeArgTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @ParameterizedTest
    @CsvSource({
            "2026-10-12T00:00Z, UTC, 2026-10-12T00:00:00Z",
            "2026-10-12T08:30:00+02:00, UTC, 2026-10-12T06:30:00Z",
            "2026-10-12, UTC, 2026-10-12T00:00:00Z",
            "2026-10-12, Europe/Berlin, 2026-10-11T22:00:00Z",
            "2026-10-12T10:00, Europe/Berlin, 2026-10-12T08:00:00Z",
            "3w, UTC, 2026-11-04T12:00:00Z",
            "36h, UTC, 2026-11-24T00:00:00Z",
            "1d, UTC, 2026-11-24T12:00:00Z",
            "90m, UTC, 2026-11-25T10:30:00Z"})
    void parses(String text, String zone, String expected) {
        assertThat(TimeArg.parse(text, NOW, ZoneId.of(zone))).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({"yesterday", "2026-13-01", "3y"})
    void rejectsWithAHint(String text) {
        assertThatThrownBy(() -> TimeArg.parse(text, NOW, ZoneId.of("UTC"))).isInstanceOf(LifeboatException.class)
                .hasMessageContaining("is not a time").hasMessageContaining("3w, 36h");
    }
}
