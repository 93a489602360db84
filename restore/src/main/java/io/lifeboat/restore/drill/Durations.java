package io.lifeboat.restore.drill;

import java.time.Duration;
import java.util.Locale;

/** Durations as reports show them: 850 ms, 12.4 s, 3m05s, 2h10m, 3d04h. */
public final class Durations {
    private Durations() {
    }

    public static String format(Duration d) {
        if (d == null) {
            return "-";
        }
        long ms = d.toMillis();
        String sign = ms < 0 ? "-" : "";
        ms = Math.abs(ms);
        if (ms < 1000) {
            return sign + ms + " ms";
        }
        if (ms < 120_000) {
            return sign + String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 7200) {
            return sign + String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 172_800) {
            return sign + String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60);
        }
        return sign + String.format(Locale.ROOT, "%dd%02dh", s / 86_400, s / 3600 % 24);
    }
}
