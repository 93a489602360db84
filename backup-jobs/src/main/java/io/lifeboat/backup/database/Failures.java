package io.lifeboat.backup.database;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Builds the messages of failed database operations: they name the operation, the database and the
 * connection ({@code user@host:port/db}), carry what the tool or server said, and never a password.
 */
final class Failures {
    /** What servers and clients print when a password is wrong or missing. */
    private static final Pattern AUTH = Pattern.compile("(?i)password authentication failed|no password supplied"
            + "|authentication failed for user|Access denied for user|fe_sendauth");
    private static final Pattern UNREACHABLE = Pattern.compile("(?i)could not connect|connection refused"
            + "|can't connect|timeout expired|could not translate host name|Unknown (MySQL|MariaDB) server host");

    private Failures() {
    }

    /** {@code dump of postgres database "orders" (backup@127.0.0.1:5432/orders)}. */
    static String what(String operation, String kind, DbConnection c) {
        return operation + " of " + kind + " database \"" + c.database() + "\" (" + c.address() + ")";
    }

    /** A tool that failed: exit code, killed, printed errors or stopped reading. */
    static LifeboatException tool(String what, DbConnection c, ToolCall call, ToolResult r) {
        return tool(what, c, call, r, "");
    }

    /** As {@link #tool(String, DbConnection, ToolCall, ToolResult)}, with the engine's {@code hint} (a line, or empty) last. */
    static LifeboatException tool(String what, DbConnection c, ToolCall call, ToolResult r, String hint) {
        String stderr = r.stderr().isEmpty() ? "(nothing on stderr)" : r.stderr();
        if (AUTH.matcher(r.stderr()).find()) {
            return auth(what, c, stderr, null);
        }
        return new LifeboatException(ErrorCode.SOURCE_IO, what + " failed: " + call.tool() + " " + r.ending()
                + "; its stderr:\n" + stderr + (hint.isEmpty() ? "" : "\n" + hint), null, UNREACHABLE.matcher(r.stderr()).find());
    }

    /** A JDBC operation that failed. */
    static LifeboatException sql(String what, DbConnection c, SQLException e) {
        String message = Redactor.redact(String.valueOf(e.getMessage()), c.password());
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("28") || e.getErrorCode() == 1045 || AUTH.matcher(message).find()) {
            return auth(what, c, message, e);
        }
        boolean retryable = state.startsWith("08") || UNREACHABLE.matcher(message).find();
        return new LifeboatException(ErrorCode.SOURCE_IO, what + " failed: " + message, e, retryable);
    }

    private static LifeboatException auth(String what, DbConnection c, String said, Throwable cause) {
        String operation = what.replace(" (" + c.address() + ")", "");
        return new LifeboatException(ErrorCode.SOURCE_IO, "authentication failed for user \"" + c.user() + "\" at "
                + c.hostPortDb() + " (" + operation + "): check the password in the environment variable named by"
                + " passwordEnv, and the user's access rules on the server; the server said: " + said, cause);
    }
}
