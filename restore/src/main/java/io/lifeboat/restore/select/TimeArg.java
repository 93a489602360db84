package io.lifeboat.restore.select;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times as operators type them: ISO-8601 instants ({@code 2026-10-12T00:00Z}, with an offset, or a
 * local date-time in {@code zone}), dates ({@code 2026-10-12}: start of that day in {@code zone}), and
 * relative forms meaning that long ago ({@code 3w}, {@code 36h}, {@code 1d}, {@code 90m}, {@code 45s}).
 */
public final class TimeArg {
    private static final Pattern RELATIVE = Pattern.compile("(\\d+)\\s*([smhdw])");

    private TimeArg() {
    }

    public static Instant parse(String text, Instant now, ZoneId zone) {
        String t = text.trim();
        Matcher m = RELATIVE.matcher(t.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return now.minus(d);
        }
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(zone).toInstant();
            }
            if (t.endsWith("Z") || t.endsWith("z")) {
                return OffsetDateTime.parse(t.toUpperCase(Locale.ROOT)).toInstant();
            }
            try {
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException noOffset) {
                return LocalDateTime.parse(t).atZone(zone).toInstant();
            }
        } catch (DateTimeParseException e) {
            throw new LifeboatException(ErrorCode.USAGE, "\"" + text + "\" is not a time: use an ISO-8601 instant"
                    + " (2026-10-12T00:00Z), a date (2026-10-12, start of day in " + zone + ") or a relative form (3w, 36h, 1d ago)", e);
        }
    }
}
