package io.lifeboat.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A source's {@code retention: { keepLast, keepDaily, keepWeekly, keepMonthly, keepYearly, minAge }}:
 * grandfather-father-son. The newest {@code keepLast} backups are kept, and the newest backup of each of the
 * newest {@code keepDaily} days (weeks, months, years) that have one, in the source's time zone. Nothing
 * younger than {@code minAge} is expired. A source without {@code retention} keeps everything.
 *
 * @param schedule Quartz cron expression on which the daemon applies it (in the source's zone); null: only
 *                 {@code lifeboat retention apply} does
 */
public record RetentionConfig(int keepLast, int keepDaily, int keepWeekly, int keepMonthly, int keepYearly,
                              Duration minAge, String schedule) {
    public RetentionConfig {
        Objects.requireNonNull(minAge, "minAge");
        if (keepLast < 0 || keepDaily < 0 || keepWeekly < 0 || keepMonthly < 0 || keepYearly < 0) {
            throw new IllegalArgumentException("retention counts must not be negative");
        }
        if (keepLast + keepDaily + keepWeekly + keepMonthly + keepYearly == 0) {
            throw new IllegalArgumentException("a retention policy must keep something");
        }
        if (minAge.isNegative()) {
            throw new IllegalArgumentException("minAge must not be negative: " + minAge);
        }
    }

    /** Not scheduled by the daemon. */
    public RetentionConfig(int keepLast, int keepDaily, int keepWeekly, int keepMonthly, int keepYearly, Duration minAge) {
        this(keepLast, keepDaily, keepWeekly, keepMonthly, keepYearly, minAge, null);
    }

    /** {@code minAge} as written in the config: {@code 24h}. */
    public String minAgeText() {
        return minAge.isZero() ? "0s" : Units.formatDuration(minAge);
    }

    /** As written in the config, for reports: {@code keepLast 7, keepDaily 14, minAge 24h}. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        append(s, "keepLast", keepLast);
        append(s, "keepDaily", keepDaily);
        append(s, "keepWeekly", keepWeekly);
        append(s, "keepMonthly", keepMonthly);
        append(s, "keepYearly", keepYearly);
        return s.append(", minAge ").append(minAgeText()).toString();
    }

    private static void append(StringBuilder s, String key, int n) {
        if (n > 0) {
            s.append(s.isEmpty() ? "" : ", ").append(key).append(' ').append(n);
        }
    }
}
