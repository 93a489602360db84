package io.lifeboat.backup.database;

import java.util.Objects;

/**
 * The outcome of one check query.
 *
 * @param passed whether the first column of the first row was true
 * @param detail {@code "value: true"}, {@code "value: false"}, {@code "value: null"}, {@code "no rows"},
 *               or {@code "error: <the database's message>"} when the query could not run
 */
public record CheckResult(String sql, boolean passed, String detail) {
    public CheckResult {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(detail, "detail");
    }

    /** Whether the query failed to run (as opposed to returning false). */
    public boolean error() {
        return detail.startsWith("error: ");
    }
}
