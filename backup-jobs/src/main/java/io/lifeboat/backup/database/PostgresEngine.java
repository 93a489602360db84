package io.lifeboat.backup.database;

import io.lifeboat.core.Beside;
import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>Restores stream: nothing of the dump is written to disk but its table of contents. With
 * {@code jobs == 1} the dump goes into {@code pg_restore}'s stdin. With {@code jobs > 1} pg_restore
 * creates the schema, the rows are loaded over {@code jobs} connections as they stream in
 * ({@link PgCopyLoader}; pg_restore loads a table over one, and its {@code --jobs} needs a seekable
 * file), then {@code pg_restore --jobs} builds the indexes and constraints; the header and table of
 * contents it reads are a private temp file (mode 0600, in {@code spoolDir}, deleted afterwards). A
 * dump whose data that loader does not take (large objects, an encoding other than UTF8) goes through
 * pg_restore alone. Restores stop at the first error ({@code --exit-on-error}), so owners and grants
 * need their roles: restore the globals first on a new server.
 */
final class PostgresEngine implements DatabaseEngine {
    static final String DEBIAN_PACKAGE = "postgresql-client";
    private static final Set<String> UNSET = Set.of("PGPASSWORD", "PGSERVICE");
    private static final Logger log = LoggerFactory.getLogger(PostgresEngine.class);
    /** A client older than the server: "aborting because of server version mismatch ... server version: 17.2". */
    private static final Pattern VERSION_MISMATCH = Pattern.compile("(?s)server version mismatch.*?server version: (\\d+)"
            + "|server version: (\\d+).*?server version mismatch");

    /** The temp files of a parallel restore: {@code lifeboat-restore-<pid>-toc-*.pgdump}, {@code -list-*.txt}. */
    static final String SPOOL_PREFIX = "lifeboat-restore-";

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
        Map<String, Long> loaded;
        if (jobs == 1) {
            loaded = streamed(dump, into, what);
        } else {
            Head head = Head.read(dump, what);
            String why = head.toc == null ? head.why : parallelWhyNot(head.toc);
            if (why == null) {
                loaded = parallel(head, dump, into, what, jobs);
            } else {
                log.info("{}: loading through pg_restore alone, one table at a time ({})", what, why);
                loaded = streamed(new SequenceInputStream(new ByteArrayInputStream(head.bytes, 0, head.length), dump), into, what);
            }
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        try (Connection jdbc = PostgresSql.open(into)) {
            return new RestoreInfo(duration, PostgresSql.tableCount(jdbc),
                    loaded == null ? null : PostgresSql.rowCounts(jdbc, loaded));
        } catch (SQLException e) {
            throw Failures.sql(what, into, e);
        }
    }

    /** The dump streamed into one pg_restore; the rows per table counted on the way, or null. */
    private Map<String, Long> streamed(InputStream dump, DbConnection into, String what) {
        // --exit-on-error and exit 0 mean every COPY loaded all of the rows counted in the dump
        PgDumpRows counter = new PgDumpRows();
        restoreWith(call("pg_restore", into, what, List.of("--exit-on-error", "--dbname=" + conninfo(into))),
                counter.tap(dump), into);
        Map<String, Long> loaded = counter.rows();
        if (loaded == null) {
            log.info("{}: rows not counted in the dump ({}); counting in the database", what, counter.whyNot());
        }
        return loaded;
    }

    /**
     * pg_restore for the schema before the data (from the header and TOC, in a private temp file),
     * the data over {@code jobs} connections as it streams in ({@link PgCopyLoader}), then pg_restore
     * {@code --jobs} for the rest of the data section (sequence values) and the indexes, constraints,
     * triggers and grants after it. Returns the rows per table, as the server's COPYs counted them.
     */
    private Map<String, Long> parallel(Head head, InputStream rest, DbConnection into, String what, int jobs) {
        PgArchive.Toc toc = head.toc;
        int stale = PrivateFile.sweep(spoolDir, SPOOL_PREFIX);
        if (stale > 0) {
            log.info("deleted {} temp files that killed restores left in {}", stale, spoolDir);
        }
        try (PrivateFile tocFile = PrivateFile.create(spoolDir, PrivateFile.ownPrefix(SPOOL_PREFIX) + "toc-", ".pgdump");
             PrivateFile list = PrivateFile.create(spoolDir, PrivateFile.ownPrefix(SPOOL_PREFIX) + "list-", ".txt")) {
            tocFile.fill(new ByteArrayInputStream(head.bytes, 0, toc.end()), what + ": writing the table of contents");
            StringBuilder ids = new StringBuilder();
            toc.entries().stream().filter(e -> !e.isTableData()).forEach(e -> ids.append(e.dumpId()).append('\n'));
            list.fill(new ByteArrayInputStream(ids.toString().getBytes(StandardCharsets.US_ASCII)), what + ": writing the list of entries");
            restoreWith(call("pg_restore", into, what, List.of("--exit-on-error", "--dbname=" + conninfo(into),
                    "--section=pre-data", tocFile.path().toString())), null, into);
            Map<String, Long> loaded = new PgCopyLoader(into, what, toc, jobs).load(new SequenceInputStream(
                    new ByteArrayInputStream(head.bytes, toc.end(), head.length - toc.end()), rest));
            restoreWith(call("pg_restore", into, what, List.of("--exit-on-error", "--dbname=" + conninfo(into),
                    "--section=data", "--section=post-data", "--use-list=" + list.path(), "--jobs=" + jobs,
                    tocFile.path().toString())), null, into);
            return loaded;
        }
    }

    /** Why the archive must go through pg_restore alone, or null if its data can be loaded in parallel. */
    static String parallelWhyNot(PgArchive.Toc toc) {
        String encoding = toc.encoding();
        if (!"UTF8".equalsIgnoreCase(encoding)) {
            return "the dump's encoding is " + encoding + ", and parallel loading speaks UTF8 only";
        }
        for (PgArchive.Entry e : toc.entries()) {
            if (!e.hadDumper()) {
                continue;
            }
            if (!e.isTableData()) {
                return "the dump holds " + e.desc() + " data";
            }
            if (e.copyStmt() == null || !e.copyStmt().startsWith("COPY ")) {
                return "the data of " + e.table() + " is not in COPY format";
            }
        }
        return null;
    }

    /** The first bytes of a dump: its header and TOC, parsed ({@code toc}), or why not ({@code why}). */
    private record Head(byte[] bytes, int length, PgArchive.Toc toc, String why) {
        static Head read(InputStream in, String what) {
            byte[] b = new byte[64 << 10];
            int length = 0;
            while (true) {
                try {
                    length += in.readNBytes(b, length, b.length - length);
                } catch (IOException e) {
                    throw new LifeboatException(ErrorCode.TARGET_IO, what + ": reading the dump failed: " + e.getMessage(), e);
                }
                try {
                    return new Head(b, length, PgArchive.Toc.read(b, length), null);
                } catch (PgArchive.Unsupported u) {
                    return new Head(b, length, null, u.getMessage());
                } catch (PgArchive.NeedMore more) {
                    if (length < b.length) {
                        return new Head(b, length, null, "the dump ends inside its table of contents");
                    } else if (b.length >= PgArchive.MAX_HEAD) {
                        return new Head(b, length, null, "a table of contents larger than " + (PgArchive.MAX_HEAD >> 20) + " MiB");
                    }
                    b = Arrays.copyOf(b, b.length * 2);
                }
            }
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
