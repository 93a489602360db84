package io.lifeboat.core.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations ({@code 26h}, {@code 90m}, {@code 7d}, {@code 30s}, {@code 200ms}, {@code 1d12h}, ISO-8601 {@code PT26H}) and sizes ({@code 16MiB}, {@code 5MB}, bytes). */
final class Units {
    static final String DURATION_HINT = "use e.g. 26h, 90m, 7d, 30s or ISO-8601 PT26H";
    static final String SIZE_HINT = "use e.g. 16MiB, 5MB or a number of bytes";

    private static final Pattern DURATION = Pattern.compile("(?:\\d+(?:ms|[dhms]))+");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|[dhms])");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]i?b|b)?");

    private Units() {
    }

    /** A duration, or empty if the text is not one. Zero and negative durations are returned as parsed. */
    static Optional<Duration> duration(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("p")) {
                return Optional.of(Duration.parse(s.toUpperCase(Locale.ROOT)));
            }
            if (!DURATION.matcher(s).matches()) {
                return Optional.empty();
            }
            Duration total = Duration.ZERO;
            Matcher m = DURATION_PART.matcher(s);
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "d" -> Duration.ofDays(n);
                    case "h" -> Duration.ofHours(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "ms" -> Duration.ofMillis(n);
                    default -> Duration.ofSeconds(n);
                });
            }
            return Optional.of(total);
        } catch (DateTimeParseException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** A size in bytes ({@code KB} = 1000, {@code KiB} = 1024), or empty if the text is not one. */
    static Optional<Long> size(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "b" : m.group(2);
            long base = unit.contains("i") ? 1024 : 1000;
            int power = "bkmgt".indexOf(unit.charAt(0));
            for (int i = 0; i < power; i++) {
                n = Math.multiplyExact(n, base);
            }
            return Optional.of(n);
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** {@code 16MiB}, {@code 5MB}-style rendering of a byte count for messages. */
    static String formatSize(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int i = 0;
        while (i < units.length - 1 && bytes % 1024 == 0 && bytes >= 1024) {
            bytes /= 1024;
            i++;
        }
        return bytes + units[i];
    }

    /** {@code 1d}, {@code 26h}, {@code 90m}, {@code 30s}: the largest unit that divides evenly. */
    static String formatDuration(Duration d) {
        long seconds = d.getSeconds();
        if (d.getNano() != 0 || seconds == 0) {
            return d.toString();
        }
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
