package io.lifeboat.restore.logs;

import io.lifeboat.core.archive.ManifestEntry;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time span a log file may hold lines of. A rotated file whose name carries a date
 * ({@code app.log.2026-10-12.gz}, {@code app-2026-10-12.log}, {@code app.log.20261012}) holds that day
 * (in {@code zone}), and the hours since its previous rotated sibling ended when those came before the
 * day. Any other file, a live one, holds the lines written up to its modification time, after the
 * previous version of it that Lifeboat knows and after the end of its newest rotated sibling
 * ({@code app.log} after {@code app-2026-10-12.log} or {@code app.log.1}); when its first line starts
 * with a timestamp, from that timestamp instead of the sibling's end.
 */
final class LogSpans {
    private static final Pattern DATE = Pattern.compile("(?<!\\d)(\\d{4})-?(\\d{2})-?(\\d{2})(?!\\d)");
    private static final Pattern COMPRESSED = Pattern.compile("\\.(gz|zst|bz2|xz|lz4|z|Z)$");
    private static final Pattern NUMBERED = Pattern.compile("\\.\\d{1,3}$");

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

    ZoneId zone() {
        return zone;
    }

    /** The day named in the file's name (its last date), or null. */
    Span named(String path) {
        MatchResult m = lastDate(name(path));
        if (m == null) {
            return null;
        }
        LocalDate day = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        return new Span(day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant());
    }

    /**
     * The live file a rotated file was rotated from ({@code logs/app.log} for {@code logs/app-2026-10-12.log},
     * {@code logs/app.log.2026-10-12.gz} and {@code logs/app.log.3.gz}); null when {@code path} is not rotated.
     */
    static String rotatedFrom(String path) {
        int slash = path.lastIndexOf('/');
        String dir = path.substring(0, slash + 1);
        String name = COMPRESSED.matcher(name(path)).replaceFirst("");
        MatchResult date = lastDate(name);
        if (date != null) {
            String before = name.substring(0, date.start());
            String after = name.substring(date.end());
            if (!before.isEmpty() && "-_.".indexOf(before.charAt(before.length() - 1)) >= 0) {
                before = before.substring(0, before.length() - 1);
            } else if (!after.isEmpty() && "-_.".indexOf(after.charAt(0)) >= 0) {
                after = after.substring(1);
            }
            return before.isEmpty() ? null : dir + before + after; // a bare date names no live file
        }
        Matcher numbered = NUMBERED.matcher(name);
        if (numbered.find() && numbered.start() > 0) {
            return dir + name.substring(0, numbered.start());
        }
        return null;
    }

    /**
     * When a rotated file stopped receiving lines: its last write, but no later than the end of the day its
     * name carries (a file copied or touched since keeps a later mtime). logrotate's {@code dateext} names a
     * file by the day it was rotated, which holds lines of the day before too: the mtime says when it ended.
     */
    Instant rotatedAt(ManifestEntry rotated) {
        Span named = named(rotated.path());
        return named == null || rotated.mtime().isBefore(named.end()) ? rotated.mtime() : named.end();
    }

    /**
     * A file named for a day, from {@code start}: up to its last write when that lies inside the day, else
     * to the day's end.
     */
    Span rotated(Span day, ManifestEntry rotated, Instant start) {
        Instant m = rotated.mtime();
        return new Span(start, !m.isBefore(day.start()) && m.isBefore(day.end()) ? m.plusNanos(1) : day.end());
    }

    /** By modification time: after {@code start} (the beginning when null), up to and including mtime. */
    static Span modified(Instant startOrNull, Instant mtime) {
        return new Span(startOrNull == null ? Instant.MIN : startOrNull, mtime.plusNanos(1));
    }

    /** The last valid date in a file name, or null. */
    private static MatchResult lastDate(String name) {
        Matcher m = DATE.matcher(name);
        MatchResult found = null;
        while (m.find()) {
            try {
                LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
                found = m.toMatchResult();
            } catch (java.time.DateTimeException | NumberFormatException notADate) {
                // e.g. a build number that looks like a date but is not one
            }
        }
        return found;
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
