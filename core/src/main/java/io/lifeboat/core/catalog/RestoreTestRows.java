package io.lifeboat.core.catalog;

import io.lifeboat.core.archive.BackupId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/** How {@link RtoSample}s and {@link ScratchDatabase}s map onto their tables. */
final class RestoreTestRows {
    static final String RTO_COLUMNS = "backup_id, source, kind, duration_ms, sampled_at";
    static final String RTO_SELECT = "SELECT " + RTO_COLUMNS + " FROM rto_samples";
    static final String RTO_NEWEST_FIRST = " ORDER BY sampled_at DESC, id DESC FETCH FIRST 1 ROWS ONLY";
    static final String SCRATCH_COLUMNS = "name, server, source, owner, created_at";
    static final String SCRATCH_SELECT = "SELECT " + SCRATCH_COLUMNS + " FROM scratch_databases";

    private RestoreTestRows() {
    }

    static RtoSample rto(ResultSet rs) throws SQLException {
        return new RtoSample(new BackupId(rs.getString("backup_id")), rs.getString("source"),
                RtoKind.of(rs.getString("kind")), Duration.ofMillis(rs.getLong("duration_ms")),
                Jdbc.instant(rs, "sampled_at"));
    }

    static ScratchDatabase scratch(ResultSet rs) throws SQLException {
        return new ScratchDatabase(rs.getString("name"), rs.getString("server"), rs.getString("source"),
                rs.getString("owner"), Jdbc.instant(rs, "created_at"));
    }
}
