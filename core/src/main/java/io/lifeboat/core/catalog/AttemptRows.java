package io.lifeboat.core.catalog;

import io.lifeboat.core.archive.BackupId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/** The {@code backup_attempts} table: each attempt of a scheduled backup, retries included. */
public final class AttemptRows {
    private static final String COLUMNS = "id, source, run_id, attempt, max_attempts, scheduled_for, started, finished,"
            + " outcome, backup_id, error, next_attempt";
    private static final int ERROR_MAX = 4000;

    private final Jdbc jdbc;

    public AttemptRows(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource, "(backup attempts)");
    }

    /** Records an attempt as it starts ({@code RUNNING}). */
    public void started(String source, String runId, int attempt, int maxAttempts, Instant scheduledFor, Instant started) {
        jdbc.update("record attempt " + attempt + " of " + source, "INSERT INTO backup_attempts (source, run_id, attempt,"
                + " max_attempts, scheduled_for, started, outcome) VALUES (?, ?, ?, ?, ?, ?, 'RUNNING')", ps -> {
                    ps.setString(1, source);
                    ps.setString(2, runId);
                    ps.setInt(3, attempt);
                    ps.setInt(4, maxAttempts);
                    Jdbc.setInstant(ps, 5, scheduledFor);
                    Jdbc.setInstant(ps, 6, started);
                }, x -> null);
    }

    /** Records how an attempt ended; {@code nextAttempt} is when the retry is due (null: none). */
    public void finished(String runId, int attempt, Instant finished, AttemptRecord.Outcome outcome, BackupId backupId,
                         String error, Instant nextAttempt) {
        jdbc.update("record the end of attempt " + attempt + " of run " + runId, "UPDATE backup_attempts SET finished = ?,"
                + " outcome = ?, backup_id = ?, error = ?, next_attempt = ? WHERE run_id = ? AND attempt = ?", ps -> {
                    Jdbc.setInstant(ps, 1, finished);
                    ps.setString(2, outcome.name());
                    ps.setString(3, backupId == null ? null : backupId.value());
                    ps.setString(4, Jdbc.clip(error, ERROR_MAX));
                    Jdbc.setInstant(ps, 5, nextAttempt);
                    ps.setString(6, runId);
                    ps.setInt(7, attempt);
                }, x -> null);
    }

    /** The attempts of one run, first first. */
    public List<AttemptRecord> ofRun(String runId) {
        return jdbc.query("read the attempts of run " + runId, "SELECT " + COLUMNS + " FROM backup_attempts WHERE run_id = ?"
                + " ORDER BY attempt", ps -> ps.setString(1, runId), AttemptRows::row);
    }

    /** The newest {@code limit} attempts of a source, newest first. */
    public List<AttemptRecord> recent(String source, int limit) {
        return jdbc.query("read the attempts of " + source, "SELECT " + COLUMNS + " FROM backup_attempts WHERE source = ?"
                + " ORDER BY started DESC, id DESC FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY",
                ps -> ps.setString(1, source), AttemptRows::row);
    }

    private static AttemptRecord row(ResultSet rs) throws SQLException {
        String backup = rs.getString("backup_id");
        return new AttemptRecord(rs.getLong("id"), rs.getString("source"), rs.getString("run_id"), rs.getInt("attempt"),
                rs.getInt("max_attempts"), Jdbc.instant(rs, "scheduled_for"), Jdbc.instant(rs, "started"),
                Jdbc.instant(rs, "finished"), AttemptRecord.Outcome.valueOf(rs.getString("outcome")),
                backup == null ? null : new BackupId(backup), rs.getString("error"), Jdbc.instant(rs, "next_attempt"));
    }
}
