package io.lifeboat.core.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * DR drills in the catalog ({@code drills}, migration V7): a row is written when a drill starts
 * ({@code running}) and completed with its results and reports when it ends, so a drill whose process
 * died still leaves a trace.
 */
public final class DrillRows {
    private static final String SUMMARY = "id, runbook, runbook_file, os_user, host, started_at, finished_at, status,"
            + " rto_ms, rpo_ms, backup_rpo_ms, rto_objective_ms, rpo_objective_ms, missed";

    /** How a drill ended; {@code RUNNING} until it does. */
    public enum Status {
        RUNNING, PASSED, FAILED, OBJECTIVE_MISSED, INTERRUPTED;

        public String column() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One drill, without its report texts. Durations are null when not measured. */
    public record Summary(String id, String runbook, String runbookFile, String osUser, String host, Instant started,
                          Instant finished, Status status, Duration rto, Duration rpo, Duration backupRpo,
                          Duration rtoObjective, Duration rpoObjective, String missed) {
        public Summary {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(runbook, "runbook");
            Objects.requireNonNull(started, "started");
            Objects.requireNonNull(status, "status");
        }
    }

    /** The report in its three renderings. */
    public record Reports(String markdown, String json, String html) {
    }

    private final Jdbc jdbc;

    public DrillRows(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource, "(drills)");
    }

    public static DrillRows of(Catalog catalog) {
        return new DrillRows(catalog.dataSource());
    }

    /** Records a drill that starts; {@code owner} is {@code host:pid} of the process running it. */
    public void begin(Summary s, String owner) {
        jdbc.update("recording drill " + s.id(), "INSERT INTO drills (" + SUMMARY + ", owner) VALUES (?, ?, ?, ?, ?, ?, NULL,"
                + " 'running', NULL, NULL, NULL, ?, ?, NULL, ?)", ps -> {
                    ps.setString(1, s.id());
                    ps.setString(2, s.runbook());
                    ps.setString(3, Jdbc.clip(s.runbookFile(), 4000));
                    ps.setString(4, Jdbc.clip(s.osUser(), 255));
                    ps.setString(5, Jdbc.clip(s.host(), 255));
                    Jdbc.setInstant(ps, 6, s.started());
                    setMillis(ps, 7, s.rtoObjective());
                    setMillis(ps, 8, s.rpoObjective());
                    ps.setString(9, Jdbc.clip(owner, 255));
                }, e -> null);
    }

    /** Running drills: id → owner ({@code host:pid}, or null). */
    public Map<String, String> running() {
        Map<String, String> running = new java.util.LinkedHashMap<>();
        jdbc.query("listing running drills", "SELECT id, owner FROM drills WHERE status = 'running'", ps -> { },
                rs -> running.put(rs.getString(1), rs.getString(2)));
        return running;
    }

    /** A running drill whose process died: failed, with the reason. False when it was no longer running. */
    public boolean markOrphaned(String id, Instant at, String reason) {
        return jdbc.update("marking drill " + id + " orphaned", "UPDATE drills SET status = 'failed', finished_at = ?, missed = ?"
                + " WHERE id = ? AND status = 'running'", ps -> {
                    Jdbc.setInstant(ps, 1, at);
                    ps.setString(2, Jdbc.clip(reason, 4000));
                    ps.setString(3, id);
                }, e -> null) == 1;
    }

    public void finish(Summary s, Reports r) {
        jdbc.update("completing drill " + s.id(), "UPDATE drills SET finished_at = ?, status = ?, rto_ms = ?, rpo_ms = ?,"
                + " backup_rpo_ms = ?, missed = ?, report_md = ?, report_json = ?, report_html = ? WHERE id = ?", ps -> {
                    Jdbc.setInstant(ps, 1, s.finished());
                    ps.setString(2, s.status().column());
                    setMillis(ps, 3, s.rto());
                    setMillis(ps, 4, s.rpo());
                    setMillis(ps, 5, s.backupRpo());
                    ps.setString(6, Jdbc.clip(s.missed(), 4000));
                    ps.setString(7, r.markdown());
                    ps.setString(8, r.json());
                    ps.setString(9, r.html());
                    ps.setString(10, s.id());
                }, e -> null);
    }

    /** The newest {@code limit} drills (of one runbook, or all when null), newest first. */
    public List<Summary> list(String runbookOrNull, int limit) {
        return jdbc.query("listing drills", "SELECT " + SUMMARY + " FROM drills"
                + (runbookOrNull == null ? "" : " WHERE runbook = ?") + " ORDER BY started_at DESC, id DESC FETCH FIRST ? ROWS ONLY",
                ps -> {
                    int i = 1;
                    if (runbookOrNull != null) {
                        ps.setString(i++, runbookOrNull);
                    }
                    ps.setInt(i, limit);
                }, DrillRows::summary);
    }

    public Optional<Summary> get(String id) {
        return jdbc.query("reading drill " + id, "SELECT " + SUMMARY + " FROM drills WHERE id = ?", ps -> ps.setString(1, id),
                DrillRows::summary).stream().findFirst();
    }

    public Optional<Reports> reports(String id) {
        return jdbc.query("reading the report of drill " + id, "SELECT report_md, report_json, report_html FROM drills WHERE id = ?"
                + " AND report_json IS NOT NULL", ps -> ps.setString(1, id),
                rs -> new Reports(rs.getString(1), rs.getString(2), rs.getString(3))).stream().findFirst();
    }

    private static void setMillis(java.sql.PreparedStatement ps, int i, Duration d) throws SQLException {
        if (d == null) {
            ps.setNull(i, java.sql.Types.BIGINT);
        } else {
            ps.setLong(i, d.toMillis());
        }
    }

    private static Duration millis(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Duration.ofMillis(v);
    }

    private static Summary summary(ResultSet rs) throws SQLException {
        return new Summary(rs.getString("id"), rs.getString("runbook"), rs.getString("runbook_file"), rs.getString("os_user"),
                rs.getString("host"), Jdbc.instant(rs, "started_at"), Jdbc.instant(rs, "finished_at"),
                Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)), millis(rs, "rto_ms"), millis(rs, "rpo_ms"),
                millis(rs, "backup_rpo_ms"), millis(rs, "rto_objective_ms"), millis(rs, "rpo_objective_ms"), rs.getString("missed"));
    }
}
