package io.lifeboat.core.config;

import java.time.Duration;
import java.util.List;

/** A source's {@code retention:} mapping; absent means keep everything (null). {@code schedule}: when the daemon applies it. */
final class RetentionSection {
    private static final List<String> COUNTS = List.of("keepLast", "keepDaily", "keepWeekly", "keepMonthly", "keepYearly");
    private static final List<String> KEYS = List.of("keepLast", "keepDaily", "keepWeekly", "keepMonthly", "keepYearly",
            "minAge", "schedule");
    /** Counts beyond this are a typo, not a policy (a century of daily backups). */
    private static final int MAX_COUNT = 36_500;

    private RetentionSection() {
    }

    /** The policy, null when absent or after problems were reported. */
    static RetentionConfig read(Fields source, java.time.ZoneId zone) {
        if (!source.has("retention")) {
            return null;
        }
        Fields f = source.object("retention");
        if (f == null) {
            return null;
        }
        Problems problems = f.problems();
        int before = problems.count();
        f.allowOnly(KEYS);
        int[] counts = new int[COUNTS.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = count(f, COUNTS.get(i));
        }
        Duration minAge = minAge(f);
        String schedule = f.text("schedule");
        if (schedule != null) {
            Schedules.cron(f.where("schedule"), schedule, zone, problems);
        }
        if (problems.count() == before && java.util.Arrays.stream(counts).sum() == 0) {
            problems.add(f.where(), "keeps nothing; set at least one of " + String.join(", ", COUNTS)
                    + " above 0 (remove retention to keep every backup)");
        }
        if (problems.count() != before) {
            return null;
        }
        return new RetentionConfig(counts[0], counts[1], counts[2], counts[3], counts[4], minAge, schedule);
    }

    private static int count(Fields f, String key) {
        Integer n = f.integer(key);
        if (n == null) {
            return 0;
        }
        if (n < 0 || n > MAX_COUNT) {
            f.problems().add(f.where(key), "must be between 0 and " + MAX_COUNT + ", got " + n);
            return 0;
        }
        return n;
    }

    private static Duration minAge(Fields f) {
        String text = f.text("minAge");
        if (text == null) {
            return Defaults.RETENTION_MIN_AGE;
        }
        Duration d = Units.duration(text).orElse(null);
        if (d == null) {
            f.problems().add(f.where("minAge"), "\"" + text + "\" is not a duration (" + Units.DURATION_HINT + ")");
            return Defaults.RETENTION_MIN_AGE;
        }
        if (d.isNegative()) {
            f.problems().add(f.where("minAge"), "must not be negative, got " + text);
        }
        return d;
    }
}
