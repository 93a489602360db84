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

    private Schedules() {
    }

    static JobKey jobKey(String source) {
        return JobKey.jobKey(source, GROUP);
    }

    static TriggerKey triggerKey(String source) {
        return TriggerKey.triggerKey(source, GROUP);
    }

    static TimeZone timeZone(SourceConfig source) {
        return TimeZone.getTimeZone(source.timezone() == null ? ZoneId.systemDefault() : ZoneId.of(source.timezone()));
    }

    /** The next fire after {@code now} by the source's cron expression alone. */
    public static Optional<Instant> computedNextFire(SourceConfig source, Instant now) {
        try {
            CronExpression cron = new CronExpression(source.schedule());
            cron.setTimeZone(timeZone(source));
            return Optional.ofNullable(cron.getNextValidTimeAfter(Date.from(now))).map(Date::toInstant);
        } catch (ParseException e) {
            return Optional.empty(); // validated on load; cannot happen for a loaded config
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
