package io.lifeboat.backup.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parallel load of a PostgreSQL restore, against the real server: a real pg_dump archive with
 * tricky values (escaped newlines, tabs, backslashes, a row far longer than a piece, an empty table,
 * partitions), cut into pieces of many sizes and loaded over several connections, gives the same
 * per-table checksums as the source; a damaged dump, a failing COPY and an interrupt fail with a
 * clear message and leave no connection behind; dumps it does not take go through pg_restore alone.
 */
class PgCopyLoaderTest {
    private static final DatabaseEngine ENGINE = DatabaseEngines.forKind("postgres");
    private static String source;
    private static byte[] dump;
    private static PgArchive.Toc toc;
    private static Map<String, String> checksums;
    private static Map<String, Long> counted;
    private final List<String> databases = new ArrayList<>();

    @TempDir
    Path temp;

    @BeforeAll
    static void dumpATrickyDatabase() throws Exception {
        TestServers.requirePostgres();
        source = TestServers.unique("lb_pg_par");
        TestServers.pgDatabase(source, TestServers.trickyTables(
                // one row of 3 MB: longer than any piece
                "insert into \"Odd Schema\".\"Mixed Case\" values (0, repeat(E'long\\n', 600000), null)",
                "create table public.numbers(n bigint generated always as identity primary key, label text unique)",
                "insert into public.numbers(label) select 'number ' || g from generate_series(1, 200000) g",
                "create table public.child(id int primary key, n bigint references public.numbers(n))",
                "insert into public.child select g, g from generate_series(1, 1000) g"));
        try (Connection c = TestServers.pgAdmin(source)) {
            counted = PostgresSql.rowCounts(c);
        }
        checksums = checksums(source);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ENGINE.dump(TestServers.pg(source), out);
        dump = out.toByteArray();
        toc = PgArchive.Toc.read(dump, dump.length);
    }

    @AfterAll
    static void dropSource() {
        if (source != null) {
            ENGINE.dropDatabase(TestServers.pg(source));
        }
    }

    @AfterEach
    void dropTargets() {
        databases.forEach(d -> ENGINE.dropDatabase(TestServers.pg(d)));
    }

    @Test
    void piecesOfAnySizeOverSeveralConnectionsLoadExactlyTheRows() throws Exception {
        assertThat(PostgresEngine.parallelWhyNot(toc)).isNull();
        assertThat(counted).containsEntry("Odd Schema.Mixed Case", 20_001L).containsEntry("public.empty", 0L)
                .containsEntry("public.numbers", 200_000L).containsEntry("public.measures_2025", 213L);
        for (int piece : new int[] {64, 1000, 64 << 10, PgCopyLoader.PIECE}) {
            for (int jobs : new int[] {1, 3}) {
                String target = schemaOnly("lb_pg_par_dst");
                Map<String, Long> rows = new PgCopyLoader(TestServers.pg(target), "test load", toc, jobs, piece)
                        .load(dataOf(dump));
                assertThat(rows).as("pieces of %d bytes, %d connections", piece, jobs).isEqualTo(counted);
                assertThat(checksums(target)).as("pieces of %d bytes, %d connections", piece, jobs).isEqualTo(checksums);
                assertThat(lifeboatSessions(target)).isZero();
            }
        }
    }

    @Test
    void theEngineRestoresSchemaDataAndIndexesInParallel() throws Exception {
        String target = database("lb_pg_par_eng");
        DatabaseEngine spoolingHere = DatabaseEngines.forKind("postgres", Duration.ofMinutes(5), temp);
        spoolingHere.createDatabase(TestServers.pg(target));
        // what a restore killed with -9 left: its process is gone
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path leftover = Files.writeString(temp.resolve(PostgresEngine.SPOOL_PREFIX + gone.pid() + "-toc-1.pgdump"), "toc");
        Path live = Files.writeString(temp.resolve(PrivateFile.ownPrefix(PostgresEngine.SPOOL_PREFIX) + "toc-2.pgdump"), "toc");
        Path other = Files.writeString(temp.resolve(PostgresEngine.SPOOL_PREFIX + "toc-3.pgdump"), "not ours");
        RestoreInfo info = spoolingHere.restore(new ByteArrayInputStream(dump), TestServers.pg(target), 3);

        assertThat(checksums(target)).isEqualTo(checksums);
        assertThat(info.rows()).isEqualTo(counted);
        assertThat(info.tables()).as("tables, the partitioned parent included").isEqualTo(counted.size() + 1);
        assertThat(leftover).as("a dead restore's file is swept").doesNotExist();
        assertThat(live).as("a live process's file is left alone").exists();
        assertThat(other).exists();
        Files.delete(live);
        Files.delete(other);
        assertThat(temp.toFile().list()).as("the table of contents and list files are deleted").isEmpty();
        try (Connection c = TestServers.pgAdmin(target)) {
            // post-data (indexes, constraints) and the data section's sequence values came through pg_restore
            assertThat(objects(target)).isEqualTo(objects(source)).contains("public.numbers_label_key", "child.child_n_fkey");
            TestServers.execute(c, "insert into public.numbers(label) values ('next')");
            assertThat(single(c, "select max(n) from public.numbers")).isEqualTo("200001");
            assertThatThrownBy(() -> TestServers.execute(c, "insert into public.child values (5000, 999999)"))
                    .hasMessageContaining("foreign key");
        }
    }

    @Test
    void aDumpCutInsideTheDataFailsAndLeavesNoConnection() throws Exception {
        String target = schemaOnly("lb_pg_par_cut");
        byte[] cut = Arrays.copyOf(dump, toc.end() + (dump.length - toc.end()) / 2);
        assertThatThrownBy(() -> new PgCopyLoader(TestServers.pg(target), "test load", toc, 2, 4096).load(dataOf(cut)))
                .isInstanceOf(LifeboatException.class)
                .hasMessage("test load: the dump is damaged: the archive ends inside a data block");
        assertThat(lifeboatSessions(target)).isZero();

        // a whole block missing (the archive stops between two blocks)
        byte[] first = Arrays.copyOf(dump, endOfFirstBlock());
        assertThatThrownBy(() -> new PgCopyLoader(TestServers.pg(schemaOnly("lb_pg_par_cut2")), "test load", toc, 2)
                .load(dataOf(first)))
                .hasMessageStartingWith("test load: the dump is damaged: the archive ends before the data of ");
    }

    @Test
    void aFailingCopyNamesTheTableAndTheServersWords() throws Exception {
        String target = database("lb_pg_par_bad");
        TestServers.pgDatabase(target, "create schema \"Odd Schema\"",
                "create table \"Odd Schema\".\"Mixed Case\"(id int, body int, raw bytea)",
                "create table public.empty(id int)", "create table public.numbers(n bigint, label text)",
                "create table public.measures_2025(at date, v int)", "create table public.measures_2026(at date, v int)",
                "create table public.child(id int, n bigint)");
        assertThatThrownBy(() -> new PgCopyLoader(TestServers.pg(target), "test load", toc, 2, 4096).load(dataOf(dump)))
                .isInstanceOf(LifeboatException.class)
                .hasMessageContaining("test load, loading the rows of Odd Schema.Mixed Case,")
                .hasMessageContaining("invalid input syntax for type integer");
        assertThat(lifeboatSessions(target)).isZero();
    }

    @Test
    void anInterruptStopsEveryConnection() throws Exception {
        String target = schemaOnly("lb_pg_par_int");
        Thread caller = Thread.currentThread();
        InputStream interrupting = new FilterInputStream(dataOf(dump)) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, Math.min(len, 4096));
                read += Math.max(n, 0);
                if (read > 3_000_000) {
                    caller.interrupt();
                }
                return n;
            }
        };
        try {
            assertThatThrownBy(() -> new PgCopyLoader(TestServers.pg(target), "test load", toc, 2, 4096).load(interrupting))
                    .isInstanceOfSatisfying(LifeboatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERRUPTED))
                    .hasMessage("test load: interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(lifeboatSessions(target)).isZero();
    }

    @Test
    @Timeout(60)
    void anInterruptCancelsACopyWaitingForALock() throws Exception {
        String target = schemaOnly("lb_pg_par_lock");
        try (Connection locker = TestServers.pgAdmin(target)) {
            locker.setAutoCommit(false);
            TestServers.execute(locker, "lock table \"Odd Schema\".\"Mixed Case\", public.empty, public.numbers,"
                    + " public.measures_2025, public.measures_2026, public.child in access exclusive mode");
            Thread interrupter = TestServers.interruptLater(Thread.currentThread(), 1000);
            long started = System.nanoTime();
            try {
                assertThatThrownBy(() -> new PgCopyLoader(TestServers.pg(target), "test load", toc, 2, 4096).load(dataOf(dump)))
                        .isInstanceOfSatisfying(LifeboatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERRUPTED));
            } finally {
                Thread.interrupted();
                interrupter.join();
            }
            // the COPYs waiting for the lock were cancelled on the server: the load did not wait for the lock
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
            locker.rollback();
        }
        assertThat(lifeboatSessions(target)).isZero();
    }

    @Test
    void largeObjectsAndOtherEncodingsGoThroughPgRestoreAlone() throws Exception {
        String blobs = database("lb_pg_par_lo");
        TestServers.pgDatabase(blobs, "create table t(id int, doc oid)",
                "insert into t select 1, lo_from_bytea(0, decode('0a0b0c', 'hex'))");
        String latin1 = database("lb_pg_par_l1");
        try (Connection c = TestServers.pgAdmin("postgres")) {
            TestServers.execute(c, "create database " + latin1 + " encoding 'LATIN1' lc_collate 'C' lc_ctype 'C' template template0");
        }
        try (Connection c = TestServers.pgAdmin(latin1)) {
            TestServers.execute(c, "create table t(s text)", "insert into t values ('caf' || chr(233))");
        }
        byte[] withBlobs = dumpOf(blobs);
        assertThat(PostgresEngine.parallelWhyNot(PgArchive.Toc.read(withBlobs, withBlobs.length)))
                .isEqualTo("the dump holds BLOBS data");
        byte[] inLatin1 = dumpOf(latin1);
        assertThat(PostgresEngine.parallelWhyNot(PgArchive.Toc.read(inLatin1, inLatin1.length)))
                .isEqualTo("the dump's encoding is LATIN1, and parallel loading speaks UTF8 only");

        String restored = database("lb_pg_par_lo2");
        ENGINE.createDatabase(TestServers.pg(restored));
        RestoreInfo info = ENGINE.restore(new ByteArrayInputStream(withBlobs), TestServers.pg(restored), 2);
        assertThat(info.rows()).isEqualTo(Map.of("public.t", 1L));
        try (Connection c = TestServers.pgAdmin(restored)) {
            assertThat(single(c, "select encode(lo_get(doc), 'hex') from t")).isEqualTo("0a0b0c");
        }
    }

    private static byte[] dumpOf(String db) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ENGINE.dump(TestServers.pg(db), out);
        return out.toByteArray();
    }

    /** The archive after its table of contents: the data blocks. */
    private static InputStream dataOf(byte[] archive) {
        return new ByteArrayInputStream(archive, toc.end(), archive.length - toc.end());
    }

    /** Where the first data block ends: after its type, dump id, and chunks up to a zero length. */
    private static int endOfFirstBlock() {
        int il = toc.intLength();
        int at = toc.end() + 1 + il;
        while (true) {
            long n = PgArchive.archiveInt(dump, at, il - 1);
            at += il;
            if (n == 0) {
                return at;
            }
            at += (int) n;
        }
    }

    /** A new database with the source's schema and no rows (pg_restore --section=pre-data). */
    private String schemaOnly(String prefix) throws Exception {
        String target = database(prefix);
        ENGINE.createDatabase(TestServers.pg(target));
        Path file = temp.resolve(target + ".pgdump");
        Files.write(file, dump);
        Process p = new ProcessBuilder("pg_restore", "--exit-on-error", "--section=pre-data", "--host=127.0.0.1",
                "--username=postgres", "--dbname=" + target, file.toString()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(said).isZero();
        return target;
    }

    private String database(String prefix) {
        String name = TestServers.unique(prefix);
        databases.add(name);
        return name;
    }

    /** The indexes and constraints of a database's user schemas. */
    private static String objects(String db) throws SQLException {
        try (Connection c = TestServers.pgAdmin(db)) {
            return single(c, "select string_agg(n, ', ' order by n) from (select schemaname || '.' || indexname n from pg_indexes"
                    + " where schemaname in ('public', 'Odd Schema') union select conrelid::regclass || '.' || conname from"
                    + " pg_constraint where contype = 'f') o");
        }
    }

    /**
     * Lifeboat's sessions on {@code db}, once they are gone or after 5 s: a backend leaves
     * pg_stat_activity a moment after its client closed the connection.
     */
    private static long lifeboatSessions(String db) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        try (Connection c = TestServers.pgAdmin("postgres")) {
            while (true) {
                long n = Long.parseLong(single(c, "select count(*) from pg_stat_activity where datname = '" + db
                        + "' and application_name = 'lifeboat'"));
                if (n == 0 || System.nanoTime() > deadline) {
                    return n;
                }
                Thread.sleep(20);
            }
        }
    }

    /** md5 of every table's rows in a fixed order, by table. */
    private static Map<String, String> checksums(String db) throws SQLException {
        Map<String, String> sums = new LinkedHashMap<>();
        try (Connection c = TestServers.pgAdmin(db)) {
            for (String table : PostgresSql.rowCounts(c).keySet()) {
                int dot = table.indexOf('.');
                String quoted = "\"" + table.substring(0, dot) + "\".\"" + table.substring(dot + 1) + "\"";
                sums.put(table, single(c, "select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from " + quoted + " t"));
            }
        }
        return sums;
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
