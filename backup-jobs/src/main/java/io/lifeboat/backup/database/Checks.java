package io.lifeboat.backup.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;

/** Runs a check query over JDBC, read-only and rolled back, and reads its first value as a boolean. */
final class Checks {
    static final int QUERY_TIMEOUT_SECONDS = 600;
    private static final Set<String> TRUE = Set.of("t", "true", "y", "yes", "on", "1");
    private static final Set<String> FALSE = Set.of("f", "false", "n", "no", "off", "0");

    private Checks() {
    }

    /** Runs {@code sql} on an open connection; SQL errors become an error result, not an exception. */
    static CheckResult run(Connection connection, String sql) {
        try {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try (Statement st = connection.createStatement()) {
                st.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                st.setMaxRows(1);
                try (ResultSet rs = st.executeQuery(sql)) {
                    return rs.next() ? judge(sql, rs.getObject(1)) : new CheckResult(sql, false, "no rows");
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            return new CheckResult(sql, false, "error: " + e.getMessage());
        }
    }

    static CheckResult judge(String sql, Object value) {
        if (value == null) {
            return new CheckResult(sql, false, "value: null");
        }
        if (value instanceof Boolean b) {
            return new CheckResult(sql, b, "value: " + b);
        }
        if (value instanceof Number n) {
            return new CheckResult(sql, n.doubleValue() != 0, "value: " + n);
        }
        String text = value.toString().strip().toLowerCase(Locale.ROOT);
        if (TRUE.contains(text) || FALSE.contains(text)) {
            return new CheckResult(sql, TRUE.contains(text), "value: " + value);
        }
        return new CheckResult(sql, false, "value: '" + value + "' is not a boolean (true/false, 1/0, yes/no)");
    }
}
