package io.lifeboat.core.catalog;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Small JDBC helpers: one statement per call, SQL errors turned into {@code CATALOG} exceptions. */
final class Jdbc {
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Turns a particular SQL error into a clearer exception, or returns null for the generic one. */
    interface Translator {
        LifeboatException translate(SQLException e);
    }

    private final DataSource dataSource;
    private final String where;

    /** {@code where} names the catalog in messages: its URL without any password. */
    Jdbc(DataSource dataSource, String where) {
        this.dataSource = dataSource;
        this.where = where;
    }

    int update(String what, String sql, Binder binder, Translator translator) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            LifeboatException special = translator.translate(e);
            throw special != null ? special : failure(what, e);
        }
    }

    <T> List<T> query(String what, String sql, Binder binder, Row<T> row) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Connection errors (SQLSTATE class 08) and serialization failures (40) may succeed when retried. */
    LifeboatException failure(String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        boolean retryable = state.startsWith("08") || state.startsWith("40");
        return new LifeboatException(ErrorCode.CATALOG,
                "catalog " + where + ": " + what + " failed: " + e.getMessage(), e, retryable);
    }

    static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    static boolean isMissingParent(SQLException e) {
        // PostgreSQL: 23503 foreign_key_violation; H2: 23506 referential integrity violation (parent missing).
        return "23503".equals(e.getSQLState()) || "23506".equals(e.getSQLState());
    }

    static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** Long free text is cut to fit its column rather than failing the write. */
    static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
