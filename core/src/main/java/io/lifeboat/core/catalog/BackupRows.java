package io.lifeboat.core.catalog;

import io.lifeboat.core.archive.BackupId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** How a {@link BackupRecord} maps onto the {@code backups} table. */
final class BackupRows {
    static final String COLUMNS = "source, source_type, status, started, finished, consistent_point, is_full,"
            + " base_backup_id, files, raw_bytes, bytes_in, stored_bytes, sha256, data_key, owner, reason";
    static final String SELECT = "SELECT id, " + COLUMNS + " FROM backups";
    static final String INSERT = "INSERT INTO backups (" + COLUMNS + ", id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String UPDATE = "UPDATE backups SET source = ?, source_type = ?, status = ?, started = ?, finished = ?,"
            + " consistent_point = ?, is_full = ?, base_backup_id = ?, files = ?, raw_bytes = ?, bytes_in = ?,"
            + " stored_bytes = ?, sha256 = ?, data_key = ?, owner = ?, reason = ? WHERE id = ?";
    /** Newest first; the id breaks ties between backups started in the same microsecond. */
    static final String NEWEST_FIRST = " ORDER BY started DESC, id DESC";
    static final int REASON_MAX = 4000;

    private BackupRows() {
    }

    /** Binds every column in {@link #COLUMNS} order, then the id (for both INSERT and UPDATE). */
    static void bind(PreparedStatement ps, BackupRecord r) throws SQLException {
        ps.setString(1, r.source());
        ps.setString(2, r.sourceType());
        ps.setString(3, r.status().name());
        Jdbc.setInstant(ps, 4, r.started());
        Jdbc.setInstant(ps, 5, r.finished());
        Jdbc.setInstant(ps, 6, r.consistentPoint());
        ps.setBoolean(7, r.full());
        ps.setString(8, r.baseBackupId());
        ps.setLong(9, r.files());
        ps.setLong(10, r.rawBytes());
        ps.setLong(11, r.bytesIn());
        ps.setLong(12, r.storedBytes());
        ps.setString(13, r.sha256());
        ps.setString(14, r.dataKey());
        ps.setString(15, r.owner());
        ps.setString(16, Jdbc.clip(r.reason(), REASON_MAX));
        ps.setString(17, r.id().value());
    }

    static BackupRecord map(ResultSet rs) throws SQLException {
        return new BackupRecord(
                new BackupId(rs.getString("id")),
                rs.getString("source"),
                rs.getString("source_type"),
                BackupStatus.valueOf(rs.getString("status")),
                Jdbc.instant(rs, "started"),
                Jdbc.instant(rs, "finished"),
                Jdbc.instant(rs, "consistent_point"),
                rs.getBoolean("is_full"),
                rs.getString("base_backup_id"),
                rs.getLong("files"),
                rs.getLong("raw_bytes"),
                rs.getLong("bytes_in"),
                rs.getLong("stored_bytes"),
                rs.getString("sha256"),
                rs.getString("data_key"),
                rs.getString("owner"),
                rs.getString("reason"));
    }
}
