package io.lifeboat.restore.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RestoreProgressTest {
    @Test
    void terminalBarIsRedrawnInPlaceAndClearedAtTheEnd() {
        StringWriter text = new StringWriter();
        Progress p = Progress.choose(true, new PrintWriter(text), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), Duration.ofSeconds(5));
        p.planned(4, 4096, 1000);
        p.fetched(500);
        p.restored(2, 2048);
        String drawn = text.toString();
        assertThat(drawn).startsWith("\r[").contains("2/4 files").contains("2.0 KiB/4.0 KiB restored").contains("500 B fetched")
                .contains(" 50%");
        assertThat(drawn).doesNotContain("\n");
        p.finished();
        assertThat(text.toString()).endsWith("\r");
    }

    @Test
    void withoutATerminalNothingIsDrawn() {
        StringWriter text = new StringWriter();
        Progress p = Progress.choose(false, new PrintWriter(text), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), Duration.ofSeconds(5));
        p.planned(1, 1, 1);
        p.fetched(1);
        p.restored(1, 1);
        p.finished();
        assertThat(text.toString()).isEmpty();
        assertThat(p).isInstanceOf(LogProgress.class);
    }
}
