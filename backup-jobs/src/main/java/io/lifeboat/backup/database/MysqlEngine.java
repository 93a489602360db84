package io.lifeboat.backup.database;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MySQL and MariaDB through {@code mariadb-dump} or {@code mysqldump} (whichever is on the PATH,
 * MariaDB's first) and the {@code mariadb}/{@code mysql} client. The dump is plain SQL without
 * {@code CREATE DATABASE}/{@code USE}, so it loads into any database name (a scratch database).
 *
 * <p>Passwords reach the tools only through a private option file ({@link MysqlOptionFile}).
 *
 * <p>The consistent point is the server's UTC clock read over JDBC just before the dump starts its
 * {@code --single-transaction} snapshot (mysqldump's own snapshot cannot be shared), and the row
 * estimates are {@code information_schema.tables.table_rows} read at the same moment. Restores are
 * sequential: {@code jobs} is ignored.
 */
final class MysqlEngine implements DatabaseEngine {
    static final String DEBIAN_PACKAGE = "mariadb-client";
    private static final Set<String> UNSET = Set.of("MYSQL_PWD", "MYSQL_HOST", "MYSQL_TCP_PORT");

    private final ToolLocator tools;
    private final ToolRunner runner;
    private final Path privateDir;

    MysqlEngine(ToolLocator tools, ToolRunner runner, Path privateDir) {
        this.tools = tools;
        this.runner = runner;
        this.privateDir = privateDir;
    }

    @Override
    public String kind() {
        return "mysql";
    }

    @Override
    public String toolVersion() {
        return runner.version(dumper());
    }

    @Override
    public String serverVersion(DbConnection c) {
        try (Connection jdbc = MysqlSql.open(c, false)) {
            return MysqlSql.serverVersion(jdbc);
        } catch (SQLException e) {
            throw Failures.sql(Failures.what("version query", kind(), c), c, e);
        }
    }

    @Override
    public DumpInfo dump(DbConnection c, OutputStream out) {
        String what = Failures.what("dump", kind(), c);
        String version = toolVersion();
        String serverVersion;
        Instant point;
        Map<String, Long> estimates;
        try (Connection jdbc = MysqlSql.open(c, true)) {
            serverVersion = MysqlSql.serverVersion(jdbc);
            estimates = MysqlSql.estimates(jdbc, c.database());
            point = MysqlSql.serverNow(jdbc);
        } catch (SQLException e) {
            throw Failures.sql(what, c, e);
        }
        ToolResult r = run(dumper(), c, what, List.of("--single-transaction", "--routines", "--triggers", "--events",
                "--hex-blob", "--no-tablespaces", "--quick", "--max-allowed-packet=1G", c.database()), null, out);
        if (r.bytesOut() == 0) {
            throw new LifeboatException(ErrorCode.SOURCE_IO, what + " failed: " + dumper().getFileName()
                    + " wrote nothing");
        }
        return new DumpInfo(version, serverVersion, point, estimates, "mysqldump-sql");
    }

    @Override
    public void dumpGlobals(DbConnection c, OutputStream out) {
        throw new UnsupportedOperationException("globals (roles, tablespaces) are a PostgreSQL feature;"
                + " MySQL users and grants live in the mysql database");
    }

    @Override
    public RestoreInfo restore(InputStream dump, DbConnection into, int jobs) {
        String what = Failures.what("restore", kind(), into);
        long started = System.nanoTime();
        run(client(), into, what, List.of("--connect-timeout=15", "--binary-mode", "--batch", "--max-allowed-packet=1G", into.database()),
                dump, null);
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        try (Connection jdbc = MysqlSql.open(into, false)) {
            return new RestoreInfo(duration, MysqlSql.tableCount(jdbc, into.database()));
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
        try (Connection server = MysqlSql.open(c, false)) {
            MysqlSql.createDatabase(server, c.database());
        } catch (SQLException e) {
            throw Failures.sql(Failures.what("create", kind(), c), c, e);
        }
    }

    @Override
    public void dropDatabase(DbConnection c) {
        try (Connection server = MysqlSql.open(c, false)) {
            MysqlSql.dropDatabase(server, c.database());
        } catch (SQLException e) {
            throw Failures.sql(Failures.what("drop", kind(), c), c, e);
        }
    }

    @Override
    public boolean hasTables(DbConnection c) {
        try (Connection jdbc = MysqlSql.open(c, false)) {
            return MysqlSql.hasTables(jdbc, c.database());
        } catch (SQLException e) {
            throw Failures.sql(Failures.what("table listing", kind(), c), c, e);
        }
    }

    @Override
    public List<String> databasesLike(DbConnection server, String prefix) {
        try (Connection jdbc = MysqlSql.open(server, false)) {
            return MysqlSql.databases(jdbc).stream().filter(n -> n.startsWith(prefix)).sorted().toList();
        } catch (SQLException e) {
            throw Failures.sql(Failures.what("database listing", kind(), server), server, e);
        }
    }

    @Override
    public Map<String, Long> rowCounts(DbConnection c) {
        try (Connection jdbc = MysqlSql.open(c, false)) {
            return MysqlSql.rowCounts(jdbc, c.database());
        } catch (SQLException e) {
            throw Failures.sql(Failures.what("row count", kind(), c), c, e);
        }
    }

    @Override
    public CheckResult check(DbConnection c, String sql) {
        try (Connection jdbc = MysqlSql.open(c, true)) {
            return Checks.run(jdbc, sql);
        } catch (SQLException e) {
            throw Failures.sql(Failures.what("check", kind(), c), c, e);
        }
    }

    /** Runs a tool with the connection options (and the password file first, when there is a password). */
    private ToolResult run(Path tool, DbConnection c, String what, List<String> args, InputStream in,
            OutputStream out) {
        MysqlOptionFile options = c.password() == null ? null : MysqlOptionFile.write(privateDir, c.password());
        try {
            List<String> all = new ArrayList<>();
            if (options != null) {
                all.add(options.argument());
            }
            all.addAll(List.of("--host=" + c.host(), "--port=" + c.port(), "--protocol=TCP", "--user=" + c.user(),
                    "--default-character-set=utf8mb4"));
            all.addAll(args);
            ToolCall call = new ToolCall(tool, all, Map.of(), UNSET, what, c.password());
            ToolResult r = runner.run(call, in, out);
            if (!r.ok()) {
                throw Failures.tool(what, c, call, r);
            }
            return r;
        } finally {
            if (options != null) {
                options.close();
            }
        }
    }

    private Path dumper() {
        return tools.find(List.of("mariadb-dump", "mysqldump"), DEBIAN_PACKAGE);
    }

    private Path client() {
        return tools.find(List.of("mariadb", "mysql"), DEBIAN_PACKAGE);
    }
}
