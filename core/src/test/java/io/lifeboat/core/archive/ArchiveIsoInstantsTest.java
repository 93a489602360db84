package io.lifeboat.core.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The positional reader agrees with {@link Instant#parse} on every shape {@code Instant.toString()} writes. */
class ArchiveIsoInstantsTest {
    @Test
    void agreesWithInstantParseOnRandomInstantsOfEveryPrecision() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong() % 8_000_000_000L; // about 1716 to 2223
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            String text = Instant.ofEpochSecond(seconds, nanos).toString();
            assertThat(IsoInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
        assertThat(IsoInstants.parse("2026-10-12T03:00:00.5Z")).isEqualTo(Instant.parse("2026-10-12T03:00:00.500Z"));
        assertThat(IsoInstants.parse("+12026-10-12T03:00:00Z")).isEqualTo(Instant.parse("+12026-10-12T03:00:00Z"));
    }

    @Test
    void impossibleOrForeignTextIsLeftToInstantParse() {
        assertThatThrownBy(() -> IsoInstants.parse("2026-02-30T00:00:00Z")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> IsoInstants.parse("2026-10-12T25:00:00Z")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> IsoInstants.parse("2026-10-12 03:00:00")).isInstanceOf(DateTimeParseException.class);
        assertThat(IsoInstants.parse("2026-10-12T03:00:00.Z")).isEqualTo(Instant.parse("2026-10-12T03:00:00.Z"));
    }
}
