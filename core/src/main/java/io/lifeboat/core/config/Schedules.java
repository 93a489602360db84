package io.lifeboat.core.config;

import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;

/** Checks of {@code schedule:} (Quartz cron) and {@code timezone:}. */
final class Schedules {
    /** Fire times are sampled from a fixed instant, so that checks do not depend on today's date. */
    private static final Instant SAMPLE_FROM = Instant.parse("2026-01-01T00:00:00Z");
    private static final int SAMPLES = 400;

    private Schedules() {
    }

    /** The zone, or empty after reporting an unknown zone (with a suggestion). */
    static Optional<ZoneId> zone(String where, String text, Problems problems) {
        try {
            return Optional.of(ZoneId.of(text));
        } catch (DateTimeException e) {
            String hint = Suggestions.closest(text, ZoneId.getAvailableZoneIds())
                    .map(s -> ", did you mean \"" + s + "\"?")
                    .orElse(" (use a region id such as Europe/Berlin, or UTC)");
            problems.add(where, "unknown time zone \"" + text + "\"" + hint);
            return Optional.empty();
        }
    }

    /** The cron expression, or empty after reporting why it is not one (or never fires). */
    static Optional<CronExpression> cron(String where, String text, ZoneId zone, Problems problems) {
        CronExpression cron;
        try {
            cron = new CronExpression(text);
        } catch (ParseException e) {
            String hint = text.strip().split("\\s+").length == 5
                    ? "; Quartz cron starts with seconds: 6 or 7 fields, e.g. \"0 30 1 * * ?\""
                    : "";
            problems.add(where, "\"" + text + "\" is not a valid Quartz cron expression (" + e.getMessage() + ")" + hint);
            return Optional.empty();
        }
        cron.setTimeZone(TimeZone.getTimeZone(zone));
        if (cron.getNextValidTimeAfter(Date.from(SAMPLE_FROM)) == null) {
            problems.add(where, "\"" + text + "\" never fires");
            return Optional.empty();
        }
        return Optional.of(cron);
    }

    /** The longest time between two consecutive runs, over about a year of runs. */
    static Duration longestGap(CronExpression cron) {
        Date previous = cron.getNextValidTimeAfter(Date.from(SAMPLE_FROM));
        Duration longest = Duration.ZERO;
        Instant end = SAMPLE_FROM.plus(Duration.ofDays(400));
        for (int i = 0; i < SAMPLES && previous != null && previous.toInstant().isBefore(end); i++) {
            Date next = cron.getNextValidTimeAfter(previous);
            if (next == null) {
                break;
            }
            Duration gap = Duration.between(previous.toInstant(), next.toInstant());
            if (gap.compareTo(longest) > 0) {
                longest = gap;
            }
            previous = next;
        }
        return longest;
    }
}
