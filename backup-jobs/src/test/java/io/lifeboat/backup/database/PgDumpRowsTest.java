package io.lifeboat.backup.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rows counted in a real pg_dump custom-format archive as it streams, against count(*) in the database
 * dumped: tricky names and values, an empty table, partitions, a large object; in chunks of any size.
 * Anything it cannot read gives null (the restore then counts in the database), never a wrong count.
 */
class PgDumpRowsTest {
    private static final DatabaseEngine ENGINE = DatabaseEngines.forKind("postgres");
    private static String db;
    private static byte[] dump;
    private static Map<String, Long> counted;
    private static DumpInfo info;

    @BeforeAll
    static void dumpATrickyDatabase() throws Exception {
        TestServers.requirePostgres();
        db = TestServers.unique("lb_pg_rows");
        TestServers.pgDatabase(db, TestServers.trickyTables(
                "create table public.numbers(n bigint primary key, label text)",
                "insert into public.numbers select g, 'number ' || g from generate_series(1, 250000) g",
                "create unlogged table public.scratch(note text)",
                "insert into public.scratch values (E'a\\nb'), (null), ('')",
                "select lo_from_bytea(0, decode(repeat('0a0a', 5000), 'hex'))"));
        try (Connection c = TestServers.pgAdmin(db)) {
            counted = PostgresSql.rowCounts(c);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        info = ENGINE.dump(TestServers.pg(db), out);
        dump = out.toByteArray();
    }

    @AfterAll
    static void drop() {
        if (db != null) {
            ENGINE.dropDatabase(TestServers.pg(db));
        }
    }

    @Test
    void countsEveryTablesRowsWhateverTheChunkSize() throws IOException {
        assertThat(counted).containsEntry("Odd Schema.Mixed Case", 20_000L).containsEntry("public.empty", 0L)
                .containsEntry("public.numbers", 250_000L).containsEntry("public.measures_2025", 213L)
                .containsEntry("public.measures_2026", 187L).containsEntry("public.scratch", 3L);
        for (int chunk : new int[] {1, 3, 7, 8192, 1 << 20, dump.length}) {
            PgDumpRows rows = new PgDumpRows();
            try (InputStream in = rows.tap(new ByteArrayInputStream(dump))) {
                byte[] buffer = new byte[chunk];
                while (in.read(buffer, 0, chunk) >= 0) {
                    // everything passes through the counter
                }
            }
            assertThat(rows.rows()).as("chunks of %d bytes", chunk).isEqualTo(counted);
            assertThat(rows.whyNot()).isNull();
        }
    }

    @Test
    void singleByteReadsCountToo() throws IOException {
        PgDumpRows rows = new PgDumpRows();
        try (InputStream in = rows.tap(new ByteArrayInputStream(dump))) {
            while (in.read() >= 0) {
                // one byte at a time
            }
        }
        assertThat(rows.rows()).isEqualTo(counted);
    }

    @Test
    void aStreamCutShortIsNotCounted() {
        int tocEnd = indexOf(dump, "\tnumber 1\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(tocEnd).isPositive();
        for (int cut : new int[] {4, 100, tocEnd / 2, tocEnd + 10, dump.length - 1}) {
            assertThat(notCounted(Arrays.copyOf(dump, cut))).as("cut at %d of %d", cut, dump.length)
                    .startsWith("the archive ended inside");
        }
        // cut between two tables' data: every block read is whole, but a table the TOC lists has not come
        int between = indexOf(dump, "\\.\n\n\n".getBytes(StandardCharsets.US_ASCII)) + 5 + 5; // marker, the int 0
        assertThat(notCounted(Arrays.copyOf(dump, between))).startsWith("the archive ended before the data of ");
    }

    @Test
    void aCompressedOrPlainDumpIsNotCountedAndSaysWhy() throws Exception {
        assertThat(notCounted(pgDump("--format=custom", "--compress=6"))).isEqualTo("compressed archive");
        assertThat(notCounted(pgDump("--format=plain"))).isEqualTo("not a pg_dump custom-format archive");
    }

    @Test
    void anUnknownArchiveVersionOrBlockIsNotGuessedAt() {
        byte[] newer = dump.clone();
        newer[6] = 99; // the minor version: 1.99
        assertThat(notCounted(newer)).contains("archive version 1.99").contains("1.12 to 1.16");

        byte[] extra = Arrays.copyOf(dump, dump.length + 1);
        extra[dump.length] = 9; // a block type after the last block
        assertThat(notCounted(extra)).isEqualTo("unknown data block type 9");

        byte[] unmarked = dump.clone();
        int marker = indexOf(unmarked, "\\.\n\n\n".getBytes(StandardCharsets.US_ASCII));
        unmarked[marker + 1] = 'x'; // a table's data no longer ends with pg_dump's end marker
        assertThat(notCounted(unmarked)).endsWith("does not end with COPY's end marker");
    }

    /** The dump's tool version is read from the header pg_dump wrote, not from a second run of it. */
    @Test
    void theHeaderSaysWhichPgDumpWroteIt() throws Exception {
        Process p = new ProcessBuilder("pg_dump", "--version").redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).isZero();

        assertThat(printed).startsWith("pg_dump (PostgreSQL) 1");
        assertThat("pg_dump (PostgreSQL) " + PgDumpRows.pgDumpVersion(dump, 4096)).isEqualTo(printed);
        assertThat(info.toolVersion()).isEqualTo(printed);
        assertThat(PgDumpRows.pgDumpVersion(dump, 40)).as("cut inside the header").isNull();
        byte[] plain = "-- PostgreSQL database dump\n".getBytes(StandardCharsets.UTF_8);
        assertThat(PgDumpRows.pgDumpVersion(plain, plain.length)).isNull();
    }

    @Test
    void newlinesAreCountedAtAnyOffsetAndLength() {
        Random random = new Random(7);
        byte[] b = new byte[4096];
        for (int i = 0; i < b.length; i++) {
            int r = random.nextInt(6);
            b[i] = (byte) (r == 0 ? '\n' : r == 1 ? 0x8A : r == 2 ? 0x0B : r == 3 ? 0 : r == 4 ? 0xFF : 0x09);
        }
        for (int off = 0; off < 16; off++) {
            for (int len : new int[] {0, 1, 7, 8, 9, 63, 64, 1000, b.length - 16}) {
                long naive = 0;
                for (int i = off; i < off + len; i++) {
                    naive += b[i] == '\n' ? 1 : 0;
                }
                assertThat(PgDumpRows.newlines(b, off, len)).as("off %d len %d", off, len).isEqualTo(naive);
            }
        }
    }

    /** Why {@code archive} is not counted (asserting that it is not). */
    private static String notCounted(byte[] archive) {
        PgDumpRows rows = new PgDumpRows();
        rows.accept(archive, 0, archive.length);
        assertThat(rows.rows()).isNull();
        return rows.whyNot();
    }

    private static byte[] pgDump(String... format) throws Exception {
        String[] command = new String[format.length + 2];
        command[0] = "pg_dump";
        System.arraycopy(format, 0, command, 1, format.length);
        command[command.length - 1] = "--dbname=host=127.0.0.1 port=5432 user=postgres dbname=" + db;
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
