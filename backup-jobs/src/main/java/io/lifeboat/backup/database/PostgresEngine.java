package io.lifeboat.backup.database;

import io.lifeboat.core.Beside;
import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL through its own tools. {@code pg_dump --format=custom --compress=0}: the archive
 * compresses (in parallel zstd frames), so pg_dump's single-threaded zlib is left out; the output
 * is still an ordinary custom-format archive for {@code pg_restore}. The dump reads a snapshot
 * exported by a JDBC transaction held open alongside, so its consistent point and row estimates
 * come from exactly the data dumped.
 *
 * <p>Passwords reach the tools only through {@code PGPASSWORD} in their environment.
 *
 * <p>Restores with {@code jobs == 1} stream the dump into {@code pg_restore}'s stdin. pg_restore
 * needs a seekable file for {@code --jobs}: with {@code jobs > 1} the dump is first copied to a
 * private temp file (mode 0600, in {@code spoolDir}, deleted afterwards); the copy counts in the
 * restore duration. Restores stop at the first error ({@code --exit-on-error}), so owners and grants
 * need their roles: restore the globals first on a new server.
 */
final class PostgresEngine implements DatabaseEngine {
    static final String DEBIAN_PACKAGE = "postgresql-client";
    private static final Set<String> UNSET = Set.of("PGPASSWORD", "PGSERVICE");
    private static final Logger log = LoggerFactory.getLogger(PostgresEngine.class);
    /** A client older than the server: "aborting because of server version mismatch ... server version: 17.2". */
    private static final Pattern VERSION_MISMATCH = Pattern.compile("(?s)server version mismatch.*?server version: (\\d+)"
            + "|server version: (\\d+).*?server version mismatch");

    private final ToolLocator tools;
    private final ToolRunner runner;
    private final Path spoolDir;

    PostgresEngine(ToolLocator tools, ToolRunner runner, Path spoolDir) {
        this.tools = tools;
        this.runner = runner;
        this.spoolDir = spoolDir;
    }

    @Override
    public String kind() {
        return "postgres";
    }

    @Override
    public String toolVersion() {
        return runner.version(tool("pg_dump"));
    }

    @Override
    public String serverVersion(DbConnection c) {
        try (Connection jdbc = PostgresSql.open(c)) {
            return PostgresSql.serverVersion(jdbc);
        } catch (SQLException e) {
            throw Failures.sql(Failures.what("version query", kind(), c), c, e);
        }
    }

    @Override
    public DumpInfo dump(DbConnection c, OutputStream out) {
        String what = Failures.what("dump", kind(), c);
        // pg_dump starts as soon as the snapshot is exported; the row estimates are read in the exporting
        // transaction while it runs, and its version comes from the header of what it wrote
        HeadOfOutput head = new HeadOfOutput(out);
        try (Connection jdbc = PostgresSql.open(c)) {
            PostgresSql.Snapshot snapshot = PostgresSql.exportSnapshot(jdbc);
            Beside<Map<String, Long>> estimates = Beside.start("lifeboat-row-estimates", () -> PostgresSql.estimates(jdbc));
            ToolCall call = call("pg_dump", c, what, List.of("--format=custom", "--compress=0",
                    "--snapshot=" + snapshot.id(), "--dbname=" + conninfo(c)));
            ToolResult r;
            try {
                r = runner.run(call, null, head);
            } finally {
                estimates.settle(); // jdbc is used by one thread at a time, and closed by this one only
            }
            if (!r.ok()) {
                throw failed(what, c, call, r);
            }
            if (r.bytesOut() == 0) {
                throw new LifeboatException(ErrorCode.SOURCE_IO, what + " failed: pg_dump wrote nothing");
            }
            Map<String, Long> rows = estimates.join(SQLException.class);
            jdbc.rollback();
            String dumpedBy = PgDumpRows.pgDumpVersion(head.bytes(), head.length());
            String version = dumpedBy != null ? "pg_dump (PostgreSQL) " + dumpedBy : toolVersion(); // ask it only if unreadable
            return new DumpInfo(version, snapshot.serverVersion(), snapshot.at(), rows, "pg_dump-custom");
        } catch (SQLException e) {
            throw Failures.sql(what, c, e);
        }
    }

    /** Passes everything on to {@code out}, keeping a copy of the first bytes: the archive's header. */
    static final class HeadOfOutput extends FilterOutputStream {
        private final byte[] head = new byte[4096];
        private int length;

        HeadOfOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int keep = Math.min(len, head.length - length);
            if (keep > 0) {
                System.arraycopy(b, off, head, length, keep);
                length += keep;
            }
            out.write(b, off, len);
        }

        byte[] bytes() {
            return head;
        }

        int length() {
            return length;
        }
    }

    @Override
    public void dumpGlobals(DbConnection c, OutputStream out) {
        String what = Failures.what("globals dump (roles, tablespaces) of the server", kind(), c);
        ToolCall call = call("pg_dumpall", c, what, List.of("--globals-only", "--dbname=" + conninfo(c),
                "--database=" + c.database()));
        ToolResult r = runner.run(call, null, out);
        if (!r.ok()) {
            throw failed(what, c, call, r);
        }
    }

    @Override
    public RestoreInfo restore(InputStream dump, DbConnection into, int jobs) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be >= 1: " + jobs);
        }
        String what = Failures.what("restore", kind(), into);
        long started = System.nanoTime();
        List<String> args = new ArrayList<>(List.of("--exit-on-error", "--dbname=" + conninfo(into)));
        // the rows are counted in the dump on its way in: --exit-on-error and exit 0 mean every COPY loaded all of its rows
        PgDumpRows counter = new PgDumpRows();
        InputStream counted = counter.tap(dump);
        if (jobs == 1) {
            restoreWith(call("pg_restore", into, what, args), counted, into);
        } else {
            try (PrivateFile spool = PrivateFile.create(spoolDir, "lifeboat-restore-", ".pgdump")) {
                spool.fill(counted, what + ": copying the dump for a parallel pg_restore");
                args.add("--jobs=" + jobs);
                args.add(spool.path().toString());
                restoreWith(call("pg_restore", into, what, args), null, into);
            }
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        Map<String, Long> loaded = counter.rows();
        if (loaded == null) {
            log.info("{}: rows not counted in the dump ({}); counting in the database", what, counter.whyNot());
        }
        try (Connection jdbc = PostgresSql.open(into)) {
            return new RestoreInfo(duration, PostgresSql.tableCount(jdbc),
                    loaded == null ? null : PostgresSql.rowCounts(jdbc, loaded));
        } catch (SQLException e) {
            throw Failures.sql(what, into, e);
        }
    }

    private void restoreWith(ToolCall call, InputStream stdin, DbConnection into) {
        ToolResult r = runner.run(call, stdin, null);
        if (!r.ok()) {
            throw failed(call.what(), into, call, r);
        }
    }

    @Override
    public void restoreGlobals(InputStream sql, DbConnection server) {
        String what = Failures.what("globals restore (roles, tablespaces) into the server", kind(), server);
        ToolCall call = call("psql", server, what, List.of("--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=0",
                "--dbname=" + conninfo(server), "--file=-"));
        ToolResult r = runner.run(call, sql, null);
        List<String> errors = r.stderr().lines()
                .filter(l -> l.contains("ERROR:") && !l.matches(".*ERROR:\\s+(role|tablespace) \".*\" already exists.*"))
                .collect(Collectors.toList());
        if (r.exitCode() != 0 || r.inputIncomplete() || !errors.isEmpty()) {
            if (r.exitCode() == 0 && !r.inputIncomplete()) {
                throw new LifeboatException(ErrorCode.SOURCE_IO, what + " failed: psql reported errors:\n"
                        + String.join("\n", errors));
            }
            throw failed(what, server, call, r);
        }
    }

    @Override
    public void createDatabase(DbConnection c) {
        try (Connection server = PostgresSql.openServer(c)) {
            PostgresSql.createDatabase(server, c.database());
        } catch (SQLException e) {
            throw Failures.sql(Failures.what("create", kind(), c), c, e);
        }
    }

    @Override
    public void dropDatabase(DbConnection c) {
        try (Connection server = PostgresSql.openServer(c)) {
            PostgresSql.dropDatabase(server, c.database());
        } catch (SQLException e) {
            throw Failures.sql(Failures.what("drop", kind(), c), c, e);
        }
    }

    @Override
    public boolean hasTables(DbConnection c) {
        try (Connection jdbc = PostgresSql.open(c)) {
            return PostgresSql.hasTables(jdbc);
        } catch (SQLException e) {
            throw Failures.sql(Failures.what("table listing", kind(), c), c, e);
        }
    }

    @Override
    public List<String> databasesLike(DbConnection server, String prefix) {
        try (Connection jdbc = PostgresSql.openServer(server)) {
            return PostgresSql.databases(jdbc).stream().filter(n -> n.startsWith(prefix)).sorted().toList();
        } catch (SQLException e) {
            throw Failures.sql(Failures.what("database listing", kind(), server), server, e);
        }
    }

    @Override
    public Map<String, Long> rowCounts(DbConnection c) {
        try (Connection jdbc = PostgresSql.open(c)) {
            return PostgresSql.rowCounts(jdbc);
        } catch (SQLException e) {
            throw Failures.sql(Failures.what("row count", kind(), c), c, e);
        }
    }

    @Override
    public CheckResult check(DbConnection c, String sql) {
        try (Connection jdbc = PostgresSql.open(c)) {
            return Checks.run(jdbc, sql);
        } catch (SQLException e) {
            throw Failures.sql(Failures.what("check", kind(), c), c, e);
        }
    }

    private ToolCall call(String tool, DbConnection c, String what, List<String> args) {
        Map<String, String> env = new HashMap<>();
        if (c.password() != null) {
            env.put("PGPASSWORD", c.password().value());
        }
        env.put("PGCONNECT_TIMEOUT", "15");
        List<String> all = new ArrayList<>(args);
        all.add(0, "--no-password");
        return new ToolCall(tool(tool), all, env, UNSET, what, c.password());
    }

    /** A tool's failure; one that names a client older than the server ends with the package to install. */
    private static LifeboatException failed(String what, DbConnection c, ToolCall call, ToolResult r) {
        Matcher m = VERSION_MISMATCH.matcher(r.stderr());
        String hint = "";
        if (m.find()) {
            String major = m.group(1) != null ? m.group(1) : m.group(2);
            hint = call.tool() + " must be as new as the server or newer, and Lifeboat runs the newest client installed ("
                    + call.executable() + "): install postgresql-client-" + major + " (apt-get install postgresql-client-"
                    + major + ")";
        }
        return Failures.tool(what, c, call, r, hint);
    }

    /** The tool on the PATH; Debian's pg_wrapper resolved to the newest installed client ({@link PgClients}). */
    private Path tool(String name) {
        return PgClients.resolve(tools.find(List.of(name), DEBIAN_PACKAGE));
    }

    /** A libpq connection string with every value quoted; no password (that is PGPASSWORD). */
    static String conninfo(DbConnection c) {
        return kv("host", c.host()) + " " + kv("port", Integer.toString(c.port())) + " " + kv("dbname", c.database())
                + " " + kv("user", c.user()) + " " + kv("application_name", "lifeboat");
    }

    private static String kv(String key, String value) {
        return key + "='" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
