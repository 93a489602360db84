package io.lifeboat.daemon;

import io.lifeboat.core.config.SourceConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import javax.sql.DataSource;
import org.quartz.CronExpression;
import org.quartz.JobKey;
import org.quartz.TriggerKey;

/** Names of our Quartz jobs and triggers, and next fire times with or without a running daemon. */
public final class Schedules {
    /** Quartz's scheduler name: the {@code SCHED_NAME} of our rows in the {@code QRTZ_} tables. */
    static final String SCHEDULER_NAME = "lifeboat";
    static final String GROUP = "backup";
    /** One-shot triggers of the retries of failed runs; their names are {@code source#attempt}. */
    static final String RETRY_GROUP = "retry";
    /** The daemon's own periodic tasks (the RPO check). */
    static final String TASK_GROUP = "daemon";

    private Schedules() {
    }

    static JobKey jobKey(String source) {
        return JobKey.jobKey(source, GROUP);
    }

    static TriggerKey triggerKey(String source) {
        return TriggerKey.triggerKey(source, GROUP);
    }

    static TriggerKey retryKey(String source, int attempt) {
        return TriggerKey.triggerKey(source + "#" + attempt, RETRY_GROUP);
    }

    static JobKey taskKey(String task) {
        return JobKey.jobKey(task, TASK_GROUP);
    }

    static TriggerKey taskTriggerKey(String task) {
        return TriggerKey.triggerKey(task, TASK_GROUP);
    }

    static TimeZone timeZone(SourceConfig source) {
        return TimeZone.getTimeZone(source.timezone() == null ? ZoneId.systemDefault() : ZoneId.of(source.timezone()));
    }

    /** The next fire after {@code now} by the source's cron expression alone. */
    public static Optional<Instant> computedNextFire(SourceConfig source, Instant now) {
        return computedNextFire(source.schedule(), timeZone(source), now);
    }

    /** The next fire after {@code now} of a cron expression in a zone. */
    public static Optional<Instant> computedNextFire(String schedule, TimeZone zone, Instant now) {
        try {
            CronExpression cron = new CronExpression(schedule);
            cron.setTimeZone(zone);
            return Optional.ofNullable(cron.getNextValidTimeAfter(Date.from(now))).map(Date::toInstant);
        } catch (ParseException e) {
            return Optional.empty(); // validated on load; cannot happen for a loaded config
        }
    }

    /**
     * A trigger stored by a daemon in this catalog.
     *
     * @param group    {@code backup}, {@code retry} or {@code daemon}
     * @param cron     the cron expression, or null for a one-shot trigger (a retry)
     * @param timeZone the cron's zone id, or null
     * @param nextFire null when Quartz has none
     */
    public record StoredTrigger(String name, String group, String job, String cron, String timeZone, Instant nextFire) {
    }

    /** Every trigger a daemon has stored in this catalog, by group and name. */
    public static java.util.List<StoredTrigger> storedTriggers(DataSource catalog) throws SQLException {
        try (Connection c = catalog.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT t.TRIGGER_NAME, t.TRIGGER_GROUP, t.JOB_NAME, t.NEXT_FIRE_TIME,"
                     + " ct.CRON_EXPRESSION, ct.TIME_ZONE_ID FROM QRTZ_TRIGGERS t LEFT JOIN QRTZ_CRON_TRIGGERS ct"
                     + " ON ct.SCHED_NAME = t.SCHED_NAME AND ct.TRIGGER_NAME = t.TRIGGER_NAME AND ct.TRIGGER_GROUP = t.TRIGGER_GROUP"
                     + " WHERE t.SCHED_NAME = ? ORDER BY t.TRIGGER_GROUP, t.TRIGGER_NAME")) {
            ps.setString(1, SCHEDULER_NAME);
            java.util.List<StoredTrigger> out = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long ms = rs.getLong(4);
                    Instant next = rs.wasNull() || ms <= 0 ? null : Instant.ofEpochMilli(ms);
                    out.add(new StoredTrigger(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(5),
                            rs.getString(6), next));
                }
            }
            return out;
        }
    }

    /** The next fire time Quartz has stored for the source, when a daemon has scheduled it in this catalog. */
    public static Optional<Instant> storedNextFire(DataSource catalog, String source) throws SQLException {
        try (Connection c = catalog.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT NEXT_FIRE_TIME FROM QRTZ_TRIGGERS"
                     + " WHERE SCHED_NAME = ? AND TRIGGER_NAME = ? AND TRIGGER_GROUP = ?")) {
            ps.setString(1, SCHEDULER_NAME);
            ps.setString(2, source);
            ps.setString(3, GROUP);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    long ms = rs.getLong(1);
                    return rs.wasNull() || ms <= 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(ms));
                }
                return Optional.empty();
            }
        }
    }
}
