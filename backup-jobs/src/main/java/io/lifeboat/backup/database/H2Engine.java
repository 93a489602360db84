package io.lifeboat.backup.database;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.h2.tools.RunScript;

/**
 * H2 through JDBC, no tools: {@code SCRIPT} read as a result set and streamed statement by statement,
 * loaded with {@link RunScript} reading statements from the stream (no temp file). The dump runs in a
 * repeatable-read transaction that also reads the server time and exact row counts.
 *
 * <p>Passwords go to the H2 driver only. An embedded file database is locked by the process that
 * has it open: a running application's database needs {@code AUTO_SERVER=TRUE} or a {@code tcp:} URL.
 */
final class H2Engine implements DatabaseEngine {
    @Override
    public String kind() {
        return "h2";
    }

    @Override
    public String toolVersion() {
        return "H2 " + org.h2.engine.Constants.VERSION + " (JDBC SCRIPT/RUNSCRIPT)";
    }

    @Override
    public String serverVersion(DbConnection c) {
        try (Connection jdbc = open(c, false)) {
            return H2Sql.serverVersion(jdbc);
        } catch (SQLException e) {
            throw Failures.sql(Failures.what("version query", kind(), c), c, e);
        }
    }

    @Override
    public DumpInfo dump(DbConnection c, OutputStream out) {
        String what = Failures.what("dump", kind(), c);
        try (Connection jdbc = open(c, false)) {
            jdbc.setAutoCommit(false);
            jdbc.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            H2Sql.Snapshot snapshot = H2Sql.snapshot(jdbc);
            H2Sql.script(jdbc, out, what);
            jdbc.rollback();
            return new DumpInfo(toolVersion(), snapshot.serverVersion(), snapshot.at(), snapshot.counts(), "h2-script");
        } catch (SQLException e) {
            throw Failures.sql(what, c, e);
        }
    }

    @Override
    public void dumpGlobals(DbConnection c, OutputStream out) {
        throw new UnsupportedOperationException("globals (roles, tablespaces) are a PostgreSQL feature;"
                + " H2 users are part of its SCRIPT");
    }

    @Override
    public RestoreInfo restore(InputStream dump, DbConnection into, int jobs) {
        String what = Failures.what("restore", kind(), into);
        long started = System.nanoTime();
        try (Connection jdbc = open(into, false)) {
            RunScript.execute(jdbc, H2Sql.reader(dump, what));
            return new RestoreInfo(Duration.ofNanos(System.nanoTime() - started), H2Sql.tableCount(jdbc));
        } catch (SQLException e) {
            throw Failures.sql(what, into, e);
        }
    }

    @Override
    public void restoreGlobals(InputStream sql, DbConnection server) {
        throw new UnsupportedOperationException("globals (roles, tablespaces) are a PostgreSQL feature");
    }

    @Override
    public void createDatabase(DbConnection c) {
        Path file = file(c);
        if (file != null && Files.exists(file)) {
            throw new LifeboatException(ErrorCode.SOURCE_IO, Failures.what("create", kind(), c) + " failed: "
                    + file + " already exists");
        }
        try (Connection jdbc = open(c, true)) {
            jdbc.getMetaData();
        } catch (SQLException e) {
            throw Failures.sql(Failures.what("create", kind(), c), c, e);
        }
    }

    @Override
    public void dropDatabase(DbConnection c) {
        Path file = file(c);
        if (file != null && !Files.exists(file)) {
            return;
        }
        try (Connection jdbc = open(c, false); Statement st = jdbc.createStatement()) {
            st.execute("DROP ALL OBJECTS DELETE FILES");
            st.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw Failures.sql(Failures.what("drop", kind(), c), c, e);
        }
    }

    @Override
    public boolean hasTables(DbConnection c) {
        try (Connection jdbc = open(c, false)) {
            return H2Sql.hasTables(jdbc);
        } catch (SQLException e) {
            throw Failures.sql(Failures.what("table listing", kind(), c), c, e);
        }
    }

    @Override
    public List<String> databasesLike(DbConnection server, String prefix) {
        Path dir = H2Urls.directory(server.jdbcUrl());
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".mv.db") && n.startsWith(prefix))
                    .map(n -> n.substring(0, n.length() - ".mv.db".length()))
                    .sorted().toList();
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.SOURCE_IO, "cannot list H2 databases in " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, Long> rowCounts(DbConnection c) {
        try (Connection jdbc = open(c, false)) {
            return H2Sql.rowCounts(jdbc);
        } catch (SQLException e) {
            throw Failures.sql(Failures.what("row count", kind(), c), c, e);
        }
    }

    @Override
    public CheckResult check(DbConnection c, String sql) {
        try (Connection jdbc = open(c, false)) {
            return Checks.run(jdbc, sql);
        } catch (SQLException e) {
            throw Failures.sql(Failures.what("check", kind(), c), c, e);
        }
    }

    /** Opens c; unless {@code create}, a missing database is an error rather than silently created. */
    private static Connection open(DbConnection c, boolean create) throws SQLException {
        String url = c.jdbcUrl();
        if (!create && !url.toUpperCase(Locale.ROOT).contains(";IFEXISTS=")) {
            url += ";IFEXISTS=TRUE";
        }
        return DriverManager.getConnection(url, c.user() == null ? "" : c.user(),
                c.password() == null ? "" : c.password().value());
    }

    /** The {@code .mv.db} file of an embedded file database, or null. */
    private static Path file(DbConnection c) {
        Path dir = H2Urls.directory(c.jdbcUrl());
        return dir == null ? null : dir.resolve(c.database() + ".mv.db");
    }
}
