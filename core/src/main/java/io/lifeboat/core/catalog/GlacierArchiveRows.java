package io.lifeboat.core.catalog;

import io.lifeboat.core.storage.GlacierIndex;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code glacier_archives} table: the catalog's {@link GlacierIndex} for glacier targets. */
public final class GlacierArchiveRows implements GlacierIndex {
    private static final String COLUMNS = "target, object_key, archive_id, size_bytes, tree_hash, created, body";

    private final Jdbc jdbc;

    public GlacierArchiveRows(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource, "(glacier archive index)");
    }

    /** Updates the row of the key, or inserts it; returns the archive id it held before. */
    @Override
    public Optional<String> put(Entry e) {
        Optional<String> old = get(e.target(), e.key()).map(Entry::archiveId);
        int updated = jdbc.update("record archive of " + e.key(), "UPDATE glacier_archives SET archive_id = ?, size_bytes = ?,"
                + " tree_hash = ?, created = ?, body = ? WHERE target = ? AND object_key = ?", ps -> {
                    bindValues(ps, 1, e);
                    ps.setString(6, e.target());
                    ps.setString(7, e.key());
                }, x -> null);
        if (updated == 0) {
            jdbc.update("record archive of " + e.key(), "INSERT INTO glacier_archives (archive_id, size_bytes, tree_hash,"
                    + " created, body, target, object_key) VALUES (?, ?, ?, ?, ?, ?, ?)", ps -> {
                        bindValues(ps, 1, e);
                        ps.setString(6, e.target());
                        ps.setString(7, e.key());
                    }, x -> null);
        }
        return old;
    }

    private static void bindValues(PreparedStatement ps, int first, Entry e) throws SQLException {
        ps.setString(first, e.archiveId());
        ps.setLong(first + 1, e.size());
        ps.setString(first + 2, e.treeHash());
        Jdbc.setInstant(ps, first + 3, e.created());
        if (e.body() == null) {
            ps.setNull(first + 4, Types.VARBINARY);
        } else {
            ps.setBytes(first + 4, e.body());
        }
    }

    @Override
    public Optional<Entry> get(String target, String key) {
        return jdbc.query("read archive of " + key, "SELECT " + COLUMNS + " FROM glacier_archives WHERE target = ? AND object_key = ?",
                ps -> {
                    ps.setString(1, target);
                    ps.setString(2, key);
                }, GlacierArchiveRows::entry).stream().findFirst();
    }

    @Override
    public List<Entry> list(String target, String prefix) {
        return jdbc.query("list archives of " + target, "SELECT " + COLUMNS + " FROM glacier_archives"
                + " WHERE target = ? AND object_key LIKE ? ESCAPE '\\' ORDER BY object_key", ps -> {
                    ps.setString(1, target);
                    ps.setString(2, prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
                }, GlacierArchiveRows::entry);
    }

    @Override
    public void remove(String target, String key) {
        jdbc.update("forget archive of " + key, "DELETE FROM glacier_archives WHERE target = ? AND object_key = ?", ps -> {
            ps.setString(1, target);
            ps.setString(2, key);
        }, x -> null);
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getString("target"), rs.getString("object_key"), rs.getString("archive_id"),
                rs.getLong("size_bytes"), rs.getString("tree_hash"), Jdbc.instant(rs, "created"), rs.getBytes("body"));
    }
}
