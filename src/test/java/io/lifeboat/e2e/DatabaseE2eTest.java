package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifeboat.backup.Owner;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.catalog.ScratchDatabase;
import io.lifeboat.core.config.CatalogConfig;
import io.lifeboat.testing.Servers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Database backups through the command line against a real server: level-3 verification with checks,
 * row-count expectations and scratch databases that never outlive their run; restores into new and
 * existing databases, by time; clear errors. One subclass per server; each test uses its own databases.
 */
abstract class DatabaseE2eTest {
    static final String SOURCE = "appdb";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Cli cli;
    /** The source database, filled with {@link #fill} version 1. */
    String db;
    final List<String> databases = new ArrayList<>();

    // ---- what differs between servers

    abstract String type();

    abstract String scheme();

    abstract int port();

    abstract String user();

    abstract String serverDescription();

    /** How a restore of this kind counts its rows, as it says. */
    String rowsCounted() {
        return "after the restore";
    }

    final boolean reachable() {
        try (Connection c = connect(null)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** A connection to {@code database}, or to the server when null. */
    abstract Connection connect(String database) throws SQLException;

    abstract List<String> serverDatabases() throws SQLException;

    /** Creates the test schema in an empty database (version 1), or changes its data (version 2). */
    abstract void fill(String database, int version) throws SQLException;

    /** Per table: row count and a checksum of every row, computed by SQL in key order. */
    abstract Map<String, String> checksums(String database) throws SQLException;

    /** The manifest's {@code rows.} key of a table of the test schema. */
    abstract String tableKey(String table);

    /** A check that passes after about {@code seconds}. */
    abstract String slowCheck(int seconds);

    abstract void createEmptyDatabase(String name) throws SQLException;

    abstract void dropDatabase(String name) throws SQLException;

    // ---- set-up

    /** Per test class: the source database that tests only read, created and filled once. */
    private static final Map<Class<?>, String> SHARED = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Runnable> DROP_SHARED = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        Servers.requireOrSkip(reachable(), serverDescription());
        Files.writeString(Files.createDirectories(dir.resolve("files")).resolve("a.txt"), "a file");
        db = SHARED.get(getClass());
        if (db == null) {
            db = freshSource();
            databases.remove(db);
            String shared = db;
            SHARED.put(getClass(), shared);
            DROP_SHARED.put(getClass(), () -> {
                try {
                    dropDatabase(shared);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        writeConfig(List.of("select count(*) > 0 from items"), null);
    }

    @AfterEach
    void dropDatabases() throws SQLException {
        for (String name : databases) {
            dropDatabase(name);
        }
    }

    @AfterAll
    static void dropSharedSources() {
        DROP_SHARED.values().forEach(Runnable::run);
        DROP_SHARED.clear();
        SHARED.clear();
    }

    /** A source database of this test's own (for tests that change it), filled with version 1. */
    String freshSource() throws SQLException {
        String name = newDatabase();
        fill(name, 1);
        return name;
    }

    /** A new, empty, uniquely named database that is dropped after the test. */
    String newDatabase() throws SQLException {
        String name = uniqueName();
        createEmptyDatabase(name);
        return name;
    }

    String uniqueName() {
        byte[] random = new byte[5];
        ThreadLocalRandom.current().nextBytes(random);
        String name = "lb_e2e_" + HexFormat.of().formatHex(random);
        databases.add(name);
        return name;
    }

    void writeConfig(List<String> checks, String passwordEnv) throws IOException {
        String checkList = checks.stream().map(c -> "\"" + c.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(", ", "[", "]"));
        Path config = dir.resolve("lifeboat.yaml");
        Files.writeString(config, """
                catalog: { url: "jdbc:h2:file:%1$s/var/catalog" }
                targets:
                  primary: { type: file, path: %1$s/var/primary }
                sources:
                  - name: %2$s
                    type: %3$s
                    connection: { host: 127.0.0.1, port: %4$d, database: %5$s, user: %6$s%7$s }
                    schedule: "0 0 1 * * ?"
                    targets: [primary]
                    rpo: 25h
                    verify: { level: 3, checks: %8$s }
                  - { name: files, type: directory, path: %1$s/files, schedule: "0 0 3 * * ?", targets: [primary], rpo: 25h }
                """.formatted(dir, SOURCE, type(), port(), db, user(),
                passwordEnv == null ? "" : ", passwordEnv: " + passwordEnv, checkList));
        cli = new Cli(config);
    }

    // ---- level 3

    @Test
    void levelThreeAfterTheBackupRestoresChecksAndDropsTheScratchDatabase() throws Exception {
        Cli.Result run = cli.run("backup", "run", SOURCE);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("VERIFIED (level 3, 1 copy)").contains("restore test passed");
        String id = Cli.backupId(run, SOURCE);
        assertThat(serverDatabases()).doesNotContain(scratchOf(id));
        assertThat(recordedScratch()).isEmpty();
        JsonNode backup = listed(id);
        assertThat(backup.path("status").asText()).isEqualTo("VERIFIED");
        assertThat(backup.path("consistentPoint").asText()).isNotEmpty();
        assertThat(backup.path("rto").path("kind").asText()).isEqualTo("verify");
        assertThat(backup.path("rto").path("durationMs").asLong()).isPositive();
        assertThat(cli.run("backup", "list").out()).contains("consistent point: ").contains("(verify at ");

        Cli.Result status = cli.run("status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).containsPattern("\n    consistent point " + Pattern.quote(backup.path("consistentPoint").asText())
                + " \\(" + id + ", [0-9.]+ (B|KiB|MiB) dumped, [0-9.]+ (B|KiB|MiB) stored\\), last RTO: [0-9]+ ms \\(verify at ");
        JsonNode database = JSON.readTree(cli.run("status", "--json").out()).get(0).path("database");
        assertThat(database.path("restorableBackup").asText()).isEqualTo(id);
        assertThat(database.path("consistentPoint").asText()).isEqualTo(backup.path("consistentPoint").asText());
        assertThat(database.path("storedBytes").asLong()).isEqualTo(backup.path("storedBytes").asLong());
        assertThat(database.path("lastRto").path("kind").asText()).isEqualTo("verify");
        assertThat(database.path("lastRto").path("durationMs").asLong()).isEqualTo(backup.path("rto").path("durationMs").asLong());
    }

    @Test
    void aFailingOrBrokenCheckFailsTheVerificationNamingTheCheck() throws Exception {
        writeConfig(List.of("select count(*) > 0 from items", "select count(*) > 1000000 from items",
                "select count(*) > 0 from no_such_table"), null);

        Cli.Result run = cli.run("backup", "run", SOURCE);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("VERIFICATION FAILED (level 3")
                .contains("check \"select count(*) > 1000000 from items\" failed: value: ")
                .contains("check \"select count(*) > 0 from no_such_table\" could not run: ")
                .doesNotContain("check \"select count(*) > 0 from items\"");
        String id = Cli.backupId(run, SOURCE);
        assertThat(serverDatabases()).doesNotContain(scratchOf(id));
        assertThat(recordedScratch()).isEmpty();
        assertThat(listed(id).path("status").asText()).isEqualTo("FAILED");
        assertThat(listed(id).path("reason").asText()).contains("select count(*) > 1000000 from items");
    }

    @Test
    void manifestExpectationsTheRestoreDoesNotMeetAreFindings() throws Exception {
        String id = Cli.backupId(cli.run("backup", "run", SOURCE, "--no-verify"), SOURCE);
        Path manifest = onlyFile("manifest.json");
        ObjectNode root = (ObjectNode) JSON.readTree(manifest.toFile());
        ObjectNode props = (ObjectNode) root.path("properties");
        assertThat(props.has("rows." + tableKey("items"))).as(root.toString()).isTrue();
        props.put("rows." + tableKey("ghost"), "12");
        props.put("rows." + tableKey("items"), "50000000");
        JSON.writeValue(manifest.toFile(), root);

        Cli.Result verify = cli.run("verify", id, "--level", "3");

        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(1);
        assertThat(verify.out()).contains("table " + tableKey("ghost") + " is missing after the restore")
                .contains("table " + tableKey("items") + " has 300 rows after the restore, the manifest estimated 50000000");
        assertThat(verify.err()).startsWith("lifeboat: verification of " + id + " failed: ");
        assertThat(serverDatabases()).doesNotContain(scratchOf(id));
        assertThat(listed(id).path("status").asText()).isEqualTo("FAILED");
    }

    @Test
    void leftoverScratchDatabasesOfDeadOrOldRunsAreDroppedByTheNextLevelThreeRun() throws Exception {
        String old = "lifeboat_verify_" + hex(4);
        String deadHere = "lifeboat_verify_" + hex(4);
        String fresh = "lifeboat_verify_" + hex(4);
        String server = "127.0.0.1:" + port();
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Instant now = Instant.now();
        try (Catalog catalog = openCatalog()) {
            catalog.recordScratch(new ScratchDatabase(old, server, SOURCE, "elsewhere.example:4242", now.minus(Duration.ofMinutes(61))));
            catalog.recordScratch(new ScratchDatabase(deadHere, server, SOURCE, Owner.current().host() + ":" + gone.pid(), now));
            catalog.recordScratch(new ScratchDatabase(fresh, server, SOURCE, "elsewhere.example:4242", now));
        }
        for (String name : List.of(old, deadHere, fresh)) {
            createEmptyDatabase(name);
        }
        try {
            Cli.Result run = cli.run("backup", "run", SOURCE);

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("cleaned up: dropped leftover scratch database " + old + " on " + server
                            + " (created ")
                    .contains("more than an hour ago")
                    .contains("cleaned up: dropped leftover scratch database " + deadHere + " on " + server + " (its owner ")
                    .doesNotContain(fresh);
            assertThat(serverDatabases()).doesNotContain(old, deadHere).contains(fresh);
            assertThat(recordedScratch()).extracting(ScratchDatabase::name).containsExactly(fresh);
        } finally {
            for (String name : List.of(old, deadHere, fresh)) {
                dropDatabase(name);
            }
        }
    }

    @Test
    void levelThreeOfAFilesBackupIsAUsageError() {
        Cli.Result run = cli.run("backup", "run", "files", "--no-verify");
        assertThat(run.exitCode()).as(run.toString()).isZero();

        Cli.Result verify = cli.run("verify", Cli.backupId(run, "files"), "--level", "3");

        assertThat(verify.exitCode()).isEqualTo(2);
        assertThat(verify.err().strip()).isEqualTo("lifeboat: level 3 (restore test) is for database backups; backup "
                + Cli.backupId(run, "files") + " of files is a directory backup (use level 1 or 2)");
    }

    // ---- restore database

    @Test
    void restoreIntoANewDatabaseThenRefuseANonEmptyOneUnlessForced() throws Exception {
        Cli.Result run = cli.run("backup", "run", SOURCE, "--no-verify");
        String id = Cli.backupId(run, SOURCE);
        Map<String, String> original = checksums(db);
        String into = uniqueName();

        Cli.Result restore = cli.run("restore", "database", "--source", SOURCE, "--into", url(into));

        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(restore.out()).contains("restored backup " + id + " of " + SOURCE + " (consistent point ")
                .contains("created the database").containsPattern("\\d+ tables, 350 rows \\(exact counts, " + rowsCounted() + "\\)");
        assertThat(checksums(into)).isEqualTo(original);
        assertThat(listed(id).path("rto").path("kind").asText()).isEqualTo("restore");
        JsonNode audited = JSON.readTree(cli.run("restore", "status", "--json").out()).path("requests").get(0);
        assertThat(audited.path("kind").asText()).isEqualTo("database");
        assertThat(audited.path("targetDir").asText()).as("the URL as given, not folded as a path").isEqualTo(url(into));

        Cli.Result refused = cli.run("restore", "database", "--source", SOURCE, "--into", url(into));
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("already has tables").contains("--force");
        try (Connection c = connect(into); Statement st = c.createStatement()) {
            st.executeUpdate("delete from items where id <= 10");
        }

        Cli.Result forced = cli.run("restore", "database", "--source", SOURCE, "--into", url(into), "--force",
                "--backup", id, "--target", "primary");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(forced.out()).contains("dropped and recreated the database (--force)");
        assertThat(checksums(into)).isEqualTo(original);
    }

    @Test
    void atPicksTheNewestBackupConsistentAtThatTime() throws Exception {
        db = freshSource();
        writeConfig(List.of("select count(*) > 0 from items"), null);
        String first = Cli.backupId(cli.run("backup", "run", SOURCE, "--no-verify"), SOURCE);
        Map<String, String> v1 = checksums(db);
        fill(db, 2);
        Map<String, String> v2 = checksums(db);
        assertThat(v2).isNotEqualTo(v1);
        String second = Cli.backupId(cli.run("backup", "run", SOURCE, "--no-verify"), SOURCE);
        String firstPoint = listed(first).path("consistentPoint").asText();

        String atFirst = uniqueName();
        Cli.Result restore = cli.run("restore", "database", "--source", SOURCE, "--at", firstPoint, "--into", url(atFirst));
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(restore.out()).contains("restored backup " + first);
        assertThat(checksums(atFirst)).isEqualTo(v1);

        String newest = uniqueName();
        Cli.Result latest = cli.run("restore", "database", "--source", SOURCE, "--into", url(newest));
        assertThat(latest.out()).as(latest.toString()).contains("restored backup " + second);
        assertThat(checksums(newest)).isEqualTo(v2);

        Cli.Result before = cli.run("restore", "database", "--source", SOURCE, "--at", "2000-01-01T00:00Z", "--into", url(uniqueName()));
        assertThat(before.exitCode()).isEqualTo(1);
        assertThat(before.err()).contains("no published backup of " + SOURCE + " is consistent at or before 2000-01-01T00:00:00Z");
    }

    @Test
    void badRequestsAreOneClearLineWithExitTwo() throws Exception {
        cli.run("backup", "run", SOURCE, "--no-verify");
        String other = "mysql".equals(type()) ? "postgresql" : "mysql";
        Map<List<String>, String> cases = Map.of(
                List.of("--source", "nope", "--into", url("x")), "no source named \"nope\"",
                List.of("--source", "files", "--into", url("x")), "source files is a directory source; restore database is for",
                List.of("--source", SOURCE, "--into", other + "://127.0.0.1/x"), "source " + SOURCE + " is a " + type() + " database",
                List.of("--source", SOURCE, "--into", scheme() + "://u:secret@127.0.0.1/x"), "leave the password out of the URL",
                List.of("--source", SOURCE, "--into", scheme() + "://127.0.0.1/bad;name"), "is not a usable database URL",
                List.of("--source", SOURCE, "--at", "yesterday", "--into", url("x")), "\"yesterday\" is not a time");
        for (Map.Entry<List<String>, String> c : cases.entrySet()) {
            List<String> args = new ArrayList<>(List.of("restore", "database"));
            args.addAll(c.getKey());
            Cli.Result r = cli.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).as(r.toString()).contains(c.getValue()).doesNotContain("secret");
            assertThat(r.err().strip().lines().count()).as(r.toString()).isEqualTo(1);
        }
    }

    @Test
    void aMissingPasswordVariableIsNamed() throws Exception {
        String variable = "LIFEBOAT_E2E_UNSET_" + hex(4).toUpperCase();
        writeConfig(List.of("select count(*) > 0 from items"), variable);

        Cli.Result run = cli.run("backup", "run", SOURCE);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("FAILED").contains("environment variable " + variable + " (" + SOURCE
                + ".connection.passwordEnv) is not set");

        Cli.Result restore = cli.run("restore", "database", "--source", SOURCE, "--into", url("x"));
        assertThat(restore.exitCode()).isEqualTo(2);
        assertThat(restore.err()).contains(variable);
    }

    // ---- helpers

    String url(String database) {
        return scheme() + "://127.0.0.1:" + port() + "/" + database;
    }

    static String scratchOf(String backupId) {
        return "lifeboat_verify_" + backupId.substring(backupId.indexOf('-') + 1);
    }

    static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    Catalog openCatalog() {
        return Catalog.open(new CatalogConfig("jdbc:h2:file:" + dir + "/var/catalog", null, null), Clock.systemUTC());
    }

    List<ScratchDatabase> recordedScratch() {
        try (Catalog catalog = openCatalog()) {
            return catalog.scratchDatabases();
        }
    }

    JsonNode listed(String id) throws IOException {
        Cli.Result list = cli.run("backup", "list", "--json");
        for (JsonNode b : JSON.readTree(list.out())) {
            if (b.path("id").asText().equals(id)) {
                return b;
            }
        }
        throw new AssertionError("backup " + id + " not listed:\n" + list);
    }

    Path onlyFile(String name) throws IOException {
        try (Stream<Path> s = Files.walk(dir.resolve("var/primary"))) {
            List<Path> found = s.filter(p -> p.getFileName().toString().equals(name)).toList();
            assertThat(found).hasSize(1);
            return found.get(0);
        }
    }

    /** Waits until the child has created {@code database} (it fails the test if the child ends first). */
    void awaitDatabase(Process child, String database) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (serverDatabases().contains(database)) {
                return;
            }
            assertThat(child.isAlive()).as("the child is still running: " + ChildLifeboat.output(dir)).isTrue();
            Thread.sleep(20);
        }
        throw new AssertionError(database + " never appeared: " + ChildLifeboat.output(dir));
    }

    /** The real command line in a child JVM, so that it can be sent SIGTERM or SIGKILL. */
    static final class ChildLifeboat {
        private ChildLifeboat() {
        }

        static Process start(Path dir, Path config, String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.lifeboat.cli.Main"));
            cmd.addAll(List.of(args));
            cmd.addAll(List.of("--config", config.toString()));
            return new ProcessBuilder(cmd).redirectOutput(dir.resolve("child.out").toFile())
                    .redirectError(dir.resolve("child.err").toFile()).start();
        }

        static String output(Path dir) throws IOException {
            return "\n--- child stdout\n" + read(dir.resolve("child.out")) + "--- child stderr\n" + read(dir.resolve("child.err"));
        }

        private static String read(Path file) throws IOException {
            return Files.exists(file) ? Files.readString(file) : "";
        }
    }
}
