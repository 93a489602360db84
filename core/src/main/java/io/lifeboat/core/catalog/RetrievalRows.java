package io.lifeboat.core.catalog;

import io.lifeboat.core.archive.BackupId;
import io.lifeboat.core.config.RetrievalTier;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code retrievals} table: archive retrievals started by restores, pending and past. */
public final class RetrievalRows {
    private static final String COLUMNS = "id, backup_id, target, object_key, tier, provider_id, status, requested,"
            + " updated, requested_by, detail";
    private static final int DETAIL_MAX = 4000;

    private final Jdbc jdbc;

    public RetrievalRows(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource, "(retrievals)");
    }

    public void insert(RetrievalRecord r) {
        jdbc.update("record retrieval " + r.id(), "INSERT INTO retrievals (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ps -> {
                    ps.setString(1, r.id());
                    ps.setString(2, r.backupId().value());
                    ps.setString(3, r.target());
                    ps.setString(4, r.key());
                    ps.setString(5, r.tier().name());
                    ps.setString(6, r.providerId());
                    ps.setString(7, r.phase().name());
                    Jdbc.setInstant(ps, 8, r.requested());
                    Jdbc.setInstant(ps, 9, r.updated());
                    ps.setString(10, r.requestedBy());
                    ps.setString(11, Jdbc.clip(r.detail(), DETAIL_MAX));
                }, x -> null);
    }

    /** Saves the phase, time and detail of a retrieval. */
    public void update(RetrievalRecord r) {
        jdbc.update("update retrieval " + r.id(), "UPDATE retrievals SET status = ?, updated = ?, detail = ? WHERE id = ?", ps -> {
            ps.setString(1, r.phase().name());
            Jdbc.setInstant(ps, 2, r.updated());
            ps.setString(3, Jdbc.clip(r.detail(), DETAIL_MAX));
            ps.setString(4, r.id());
        }, x -> null);
    }

    public Optional<RetrievalRecord> byId(String id) {
        return jdbc.query("read retrieval " + id, "SELECT " + COLUMNS + " FROM retrievals WHERE id = ?",
                ps -> ps.setString(1, id), RetrievalRows::row).stream().findFirst();
    }

    /** The newest pending (IN_PROGRESS or READY) retrieval of this object for this backup, if any. */
    public Optional<RetrievalRecord> pending(BackupId backup, String target, String key) {
        return jdbc.query("find retrieval of " + key, "SELECT " + COLUMNS + " FROM retrievals WHERE backup_id = ?"
                + " AND target = ? AND object_key = ? AND status IN ('IN_PROGRESS', 'READY') ORDER BY requested DESC, id DESC",
                ps -> {
                    ps.setString(1, backup.value());
                    ps.setString(2, target);
                    ps.setString(3, key);
                }, RetrievalRows::row).stream().findFirst();
    }

    /** Every pending retrieval, oldest first (for {@code restore status}). */
    public List<RetrievalRecord> pending() {
        return jdbc.query("list pending retrievals", "SELECT " + COLUMNS + " FROM retrievals"
                + " WHERE status IN ('IN_PROGRESS', 'READY') ORDER BY requested, id", ps -> { }, RetrievalRows::row);
    }

    /** The newest retrievals of any phase, newest first. */
    public List<RetrievalRecord> recent(int limit) {
        return jdbc.query("list retrievals", "SELECT " + COLUMNS + " FROM retrievals ORDER BY requested DESC, id DESC"
                + " FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY", ps -> { }, RetrievalRows::row);
    }

    private static RetrievalRecord row(ResultSet rs) throws SQLException {
        return new RetrievalRecord(rs.getString("id"), new BackupId(rs.getString("backup_id")), rs.getString("target"),
                rs.getString("object_key"), RetrievalTier.valueOf(rs.getString("tier")), rs.getString("provider_id"),
                RetrievalRecord.Phase.valueOf(rs.getString("status")), Jdbc.instant(rs, "requested"),
                Jdbc.instant(rs, "updated"), rs.getString("requested_by"), rs.getString("detail"));
    }
}
