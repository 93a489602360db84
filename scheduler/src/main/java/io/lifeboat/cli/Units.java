package io.lifeboat.cli;

import java.time.Duration;
import java.util.Locale;

/** Human-readable sizes and durations for command output. */
final class Units {
    private Units() {
    }

    static String bytes(long n) {
        return io.lifeboat.core.ByteSizes.human(n);
    }

    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 120_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return String.format(Locale.ROOT, "%dm%02ds", ms / 60_000, ms / 1000 % 60);
    }

    static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2f", r);
    }
}
