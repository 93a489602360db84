package io.lifeboat.backup.database;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import java.sql.SQLException;
import java.util.regex.Matcher;
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

    /** pg_dump older than the server: "aborting because of server version mismatch ... server version: 17.2". */
    private static final Pattern PG_MISMATCH = Pattern.compile("(?s)server version mismatch.*?server version: (\\d+)"
            + "|server version: (\\d+).*?server version mismatch");

    private Failures() {
    }

    /** {@code dump of postgres database "orders" (backup@127.0.0.1:5432/orders)}. */
    static String what(String operation, String kind, DbConnection c) {
        return operation + " of " + kind + " database \"" + c.database() + "\" (" + c.address() + ")";
    }

    /** A tool that failed: exit code, killed, printed errors or stopped reading. */
    static LifeboatException tool(String what, DbConnection c, ToolCall call, ToolResult r) {
        String stderr = r.stderr().isEmpty() ? "(nothing on stderr)" : r.stderr();
        if (AUTH.matcher(r.stderr()).find()) {
            return auth(what, c, stderr, null);
        }
        return new LifeboatException(ErrorCode.SOURCE_IO, what + " failed: " + call.tool() + " " + r.ending()
                + "; its stderr:\n" + stderr + hint(call, r.stderr()), null, UNREACHABLE.matcher(r.stderr()).find());
    }

    /** The fix for a failure whose cause the tool's words name exactly; empty when there is none to add. */
    private static String hint(ToolCall call, String stderr) {
        Matcher m = PG_MISMATCH.matcher(stderr);
        if (m.find()) {
            String major = m.group(1) != null ? m.group(1) : m.group(2);
            return "\n" + call.tool() + " must be as new as the server or newer, and Lifeboat runs the newest client"
                    + " installed (" + call.executable() + "): install postgresql-client-" + major
                    + " (apt-get install postgresql-client-" + major + ")";
        }
        return "";
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
