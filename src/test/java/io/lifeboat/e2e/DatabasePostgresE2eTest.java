package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.core.catalog.ScratchDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@link DatabaseE2eTest} against the machine's PostgreSQL (127.0.0.1:5432, postgres, trust). */
class DatabasePostgresE2eTest extends DatabaseE2eTest {
    private static final Map<String, String> TABLES = Map.of("items", "id", "customers", "id", "sales.regions", "code");

    @Override
    String type() {
        return "postgres";
    }

    @Override
    String rowsCounted() {
        return "counted as they were loaded";
    }

    @Override
    String scheme() {
        return "postgresql";
    }

    @Override
    int port() {
        return 5432;
    }

    @Override
    String user() {
        return "postgres";
    }

    @Override
    String serverDescription() {
        return "PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth; .ci/run starts it)";
    }

    @Override
    Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("connectTimeout", "3");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + (database == null ? "postgres" : database), props);
    }

    @Override
    List<String> serverDatabases() throws SQLException {
        return strings(null, "select datname from pg_database");
    }

    @Override
    void createEmptyDatabase(String name) throws SQLException {
        execute(null, "create database " + name);
    }

    @Override
    void dropDatabase(String name) throws SQLException {
        execute(null, "drop database if exists " + name + " with (force)");
    }

    @Override
    void fill(String database, int version) throws SQLException {
        if (version == 1) {
            execute(database,
                    "create schema sales",
                    "create table items (id int primary key, name text not null, price numeric(10, 2), data bytea,"
                            + " doc jsonb, created timestamptz not null)",
                    "insert into items select g, 'item ' || g || ' ✓ ünïcödé', g * 1.5, decode(md5(g::text), 'hex'),"
                            + " jsonb_build_object('n', g, 'tags', jsonb_build_array('a', g)),"
                            + " timestamptz '2026-01-01 00:00Z' + g * interval '1 hour' from generate_series(1, 300) g",
                    "create index items_name_ix on items (name)",
                    "create table customers (id serial primary key, email text unique not null)",
                    "insert into customers (email) select 'c' || g || '@example.com' from generate_series(1, 50) g",
                    "create table sales.regions (code text primary key)",
                    "create view expensive as select id, name from items where price > 100",
                    "create function item_count() returns bigint language sql as 'select count(*) from items'");
        } else {
            execute(database,
                    "update items set price = price + 1 where id % 3 = 0",
                    "delete from customers where id > 45",
                    "insert into customers (email) values ('new@example.com')");
        }
    }

    @Override
    Map<String, String> checksums(String database) throws SQLException {
        Map<String, String> sums = new LinkedHashMap<>();
        for (Map.Entry<String, String> t : TABLES.entrySet()) {
            sums.put(t.getKey(), strings(database, "select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t."
                    + t.getValue() + ")), '') from " + t.getKey() + " t").get(0));
        }
        sums.put("item_count()", strings(database, "select item_count()").get(0));
        sums.put("expensive", strings(database, "select count(*) from expensive").get(0));
        return sums;
    }

    @Override
    String tableKey(String table) {
        return table.contains(".") ? table : "public." + table;
    }

    @Override
    String slowCheck(int seconds) {
        return "select (select count(*) from pg_sleep(" + seconds + ")) = 1";
    }

    @Test
    void globalsAreRestoredBeforeTheDumpSoThatGrantsFindTheirRole() throws Exception {
        db = freshSource();
        String role = "lb_e2e_role_" + hex(4);
        String into = uniqueName();
        execute(db, "create role " + role, "grant select on items to " + role);
        try {
            writeConfig(List.of("select count(*) > 0 from items"), null);
            Path config = dir.resolve("lifeboat.yaml");
            Files.writeString(config, Files.readString(config).replaceFirst("    schedule:", "    globals: true\n    schedule:"));
            Cli.Result run = cli.run("backup", "run", SOURCE);
            assertThat(run.exitCode()).as(run.toString()).isZero();
            execute(db, "revoke select on items from " + role);
            execute(null, "drop role " + role);

            Cli.Result restore = cli.run("restore", "database", "--source", SOURCE, "--into", url(into), "--globals");

            assertThat(restore.exitCode()).as(restore.toString()).isZero();
            assertThat(restore.out()).contains("created the database, restored the globals first");
            assertThat(strings(into, "select has_table_privilege('" + role + "', 'items', 'select')")).containsExactly("t");
            assertThat(checksums(into)).isEqualTo(checksums(db));
        } finally {
            dropDatabase(into);
            if (!strings(null, "select 1 from pg_roles where rolname = '" + role + "'").isEmpty()) {
                execute(db, "revoke all on items from " + role);
                execute(null, "drop role " + role);
            }
        }
    }

    @Test
    void sigtermDuringTheRestoreTestDropsTheScratchDatabase() throws Exception {
        writeConfig(List.of(slowCheck(3)), null);
        String id = Cli.backupId(cli.run("backup", "run", SOURCE, "--no-verify"), SOURCE);
        Process child = ChildLifeboat.start(dir, dir.resolve("lifeboat.yaml"), "verify", id, "--level", "3");

        awaitDatabase(child, scratchOf(id));
        child.destroy(); // SIGTERM: the shutdown hook drops the scratch database

        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(serverDatabases()).as(ChildLifeboat.output(dir)).doesNotContain(scratchOf(id));
        // H2 closes an embedded catalog in a shutdown hook of its own, which may come first: then the row stays
        // and the next level-3 run forgets it. With a PostgreSQL catalog the hook forgets it at once.
        List<ScratchDatabase> left = recordedScratch();
        writeConfig(List.of("select count(*) > 0 from items"), null);
        Cli.Result next = cli.run("verify", id, "--level", "3");
        assertThat(next.exitCode()).as(next.toString()).isZero();
        if (!left.isEmpty()) {
            assertThat(next.out()).contains("forgot leftover scratch database " + scratchOf(id)).contains("already gone");
        }
        assertThat(recordedScratch()).isEmpty();
    }

    @Test
    void sigtermDuringARestoreDropsTheHalfRestoredDatabaseAndItsTempFiles() throws Exception {
        writeConfig(List.of(), null);
        String id;
        try {
            // enough rows (150 MB) that the load is still running when the signal comes
            execute(db, "create table big as select g as id, md5(g::text) || md5((g * 7)::text) as body"
                    + " from generate_series(1, 2000000) g");
            id = Cli.backupId(cli.run("backup", "run", SOURCE, "--no-verify"), SOURCE);
        } finally {
            execute(db, "drop table if exists big"); // the source is shared with the other tests
        }
        String into = db + "_sigterm";
        databases.add(into);
        Process child = ChildLifeboat.start(dir, dir.resolve("lifeboat.yaml"), "restore", "database", "--source", SOURCE,
                "--backup", id, "--into", "postgresql://127.0.0.1:5432/" + into);
        awaitDatabase(child, into);
        Instant deadline = Instant.now().plusSeconds(60);
        while (strings(into, "select relname from pg_class where relname = 'big'").isEmpty()) { // the schema is in: rows load
            assertThat(child.isAlive()).as("the restore is still running: " + ChildLifeboat.output(dir)).isTrue();
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(20);
        }
        child.destroy(); // SIGTERM

        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = ChildLifeboat.output(dir);
        assertThat(child.exitValue()).as(output).isEqualTo(143);
        assertThat(output).contains(": interrupted;").contains("the half-restored database " + into + " was dropped");
        assertThat(serverDatabases()).as(output).doesNotContain(into);
        try (Stream<Path> temp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(temp.map(p -> p.getFileName().toString())).as("its table of contents and list files")
                    .noneMatch(n -> n.startsWith("lifeboat-restore-" + child.pid() + "-"));
        }
    }

    @Test
    void killMinus9DuringTheRestoreTestLeavesALeftoverTheNextRunDrops() throws Exception {
        writeConfig(List.of(slowCheck(20)), null);
        String id = Cli.backupId(cli.run("backup", "run", SOURCE, "--no-verify"), SOURCE);
        Process child = ChildLifeboat.start(dir, dir.resolve("lifeboat.yaml"), "verify", id, "--level", "3");

        awaitDatabase(child, scratchOf(id));
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(recordedScratch()).extracting(ScratchDatabase::name).containsExactly(scratchOf(id));
        assertThat(serverDatabases()).contains(scratchOf(id));

        writeConfig(List.of("select count(*) > 0 from items"), null);
        Cli.Result next = cli.run("verify", id, "--level", "3");
        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(next.out()).contains("note: dropped leftover scratch database " + scratchOf(id)).contains("is no longer running");
        assertThat(serverDatabases()).doesNotContain(scratchOf(id));
        assertThat(recordedScratch()).isEmpty();
    }

    @Test
    void pgDumpKilledMidStreamFailsTheBackupAndPublishesNothing() throws Exception {
        db = freshSource();
        writeConfig(List.of("select count(*) > 0 from items"), null);
        execute(db, "create table bulk (id int primary key, payload text)",
                "insert into bulk select g, md5(g::text) || md5((g * 7)::text) || md5((g * 13)::text)"
                        + " from generate_series(1, 600000) g");
        AtomicReference<Cli.Result> result = new AtomicReference<>();
        Thread backup = new Thread(() -> result.set(cli.run("backup", "run", SOURCE)), "backup-under-test");
        backup.start();
        Path primary = dir.resolve("var/primary");
        boolean killed = false;
        Instant deadline = Instant.now().plusSeconds(60);
        while (!killed && backup.isAlive() && Instant.now().isBefore(deadline)) {
            if (bytesUnder(primary) > 1 << 20) {
                Optional<ProcessHandle> dump = pgDump();
                if (dump.isPresent()) {
                    dump.get().destroyForcibly();
                    killed = true;
                }
            }
            Thread.sleep(2);
        }
        backup.join(TimeUnit.SECONDS.toMillis(60));

        assertThat(killed).as("pg_dump was killed mid-stream (it must not have finished first): " + result.get()).isTrue();
        Cli.Result run = result.get();
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains(SOURCE).contains("FAILED").contains("pg_dump");
        assertThat(manifests(primary)).as("no manifest was published").isEmpty();
        JsonAssert failed = new JsonAssert(cli.run("backup", "list", "--json").out());
        assertThat(failed.statuses()).containsExactly("FAILED");
    }

    private Optional<ProcessHandle> pgDump() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/pg_dump")).orElse(false))
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(db)).orElse(true))
                .findFirst();
    }

    private static long bytesUnder(Path root) throws IOException {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static List<Path> manifests(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals("manifest.json")).toList();
        }
    }

    /** The statuses in {@code backup list --json}. */
    private record JsonAssert(String json) {
        List<String> statuses() throws IOException {
            List<String> out = new ArrayList<>();
            JSON.readTree(json).forEach(b -> out.add(b.path("status").asText()));
            return out;
        }
    }

    private void execute(String database, String... statements) throws SQLException {
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    private List<String> strings(String database, String sql) throws SQLException {
        try (Connection c = connect(database); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
