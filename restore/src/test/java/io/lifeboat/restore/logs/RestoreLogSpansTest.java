package io.lifeboat.restore.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestoreLogSpansTest {
    private final LogSpans spans = new LogSpans(ZoneId.of("UTC"));

    @ParameterizedTest
    @CsvSource({
            "app.log.2026-10-12.gz, 2026-10-12T00:00:00Z",
            "var/log/app-2026-10-12.log, 2026-10-12T00:00:00Z",
            "2026-01-01/app.log.20261012, 2026-10-12T00:00:00Z",
            "app-2026-10-11-to-2026-10-12.log, 2026-10-12T00:00:00Z"})
    void dayFromRotatedNames(String path, String start) {
        LogSpans.Span s = spans.named(path);
        assertThat(s.start()).isEqualTo(Instant.parse(start));
        assertThat(s.end()).isEqualTo(Instant.parse(start).plusSeconds(86_400));
    }

    @ParameterizedTest
    @CsvSource({"app.log", "build-20261399.log", "app.log.1"})
    void noDateNoNamedSpan(String path) {
        assertThat(spans.named(path)).isNull();
    }

    @Test
    void modifiedSpanRunsFromThePreviousVersionToTheMtime() {
        Instant from = Instant.parse("2026-10-12T00:00:00Z");
        Instant to = Instant.parse("2026-10-14T00:00:00Z");
        assertThat(LogSpans.modified(null, from.minusSeconds(1)).overlaps(from, to)).isFalse();
        assertThat(LogSpans.modified(null, from).overlaps(from, to)).isTrue();
        assertThat(LogSpans.modified(null, to.plusSeconds(3600)).overlaps(from, to)).isTrue();
        assertThat(LogSpans.modified(to, to.plusSeconds(3600)).overlaps(from, to)).isFalse();
        assertThat(LogSpans.modified(to.minusSeconds(1), to.plusSeconds(3600)).overlaps(from, to)).isTrue();
    }

    @Test
    void namedDayOverlapsOnlyItsWindow() {
        Instant from = Instant.parse("2026-10-12T00:00:00Z");
        Instant to = Instant.parse("2026-10-14T00:00:00Z");
        assertThat(spans.named("app-2026-10-11.log").overlaps(from, to)).isFalse();
        assertThat(spans.named("app-2026-10-12.log").overlaps(from, to)).isTrue();
        assertThat(spans.named("app-2026-10-13.log").overlaps(from, to)).isTrue();
        assertThat(spans.named("app-2026-10-14.log").overlaps(from, to)).isFalse();
    }
}
