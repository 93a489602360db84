package io.lifeboat.restore.logs;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time span a log file may hold lines of. A rotated file whose name carries a date
 * ({@code app.log.2026-10-12.gz}, {@code app-2026-10-12.log}, {@code app.log.20261012}) holds that day
 * (in {@code zone}); any other file the lines written after the previous version of it that Lifeboat
 * knows and up to its modification time.
 */
final class LogSpans {
    private static final Pattern DATE = Pattern.compile("(?<!\\d)(\\d{4})-?(\\d{2})-?(\\d{2})(?!\\d)");

    /** A half-open span {@code [start, end)}; {@code start} may be {@link Instant#MIN}. */
    record Span(Instant start, Instant end) {
        boolean overlaps(Instant from, Instant to) {
            return start.isBefore(to) && end.isAfter(from);
        }
    }

    private final ZoneId zone;

    LogSpans(ZoneId zone) {
        this.zone = zone;
    }

    /** The day named in the file's name (its last date), or null. */
    Span named(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        Matcher m = DATE.matcher(name);
        LocalDate day = null;
        while (m.find()) {
            try {
                day = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            } catch (java.time.DateTimeException | NumberFormatException notADate) {
                // e.g. a build number that looks like a date but is not one
            }
        }
        return day == null ? null : new Span(day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant());
    }

    /** By modification time: after the previous known version (or from the beginning), up to and including mtime. */
    static Span modified(Instant previousOrNull, Instant mtime) {
        return new Span(previousOrNull == null ? Instant.MIN : previousOrNull, mtime.plusNanos(1));
    }

}
