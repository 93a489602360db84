package io.lifeboat.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifeboat.backup.BackupRunner;
import io.lifeboat.backup.Connections;
import io.lifeboat.backup.TargetRegistry;
import io.lifeboat.backup.database.DatabaseEngines;
import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.ArchiveOptions;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.BackupStatus;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.catalog.RtoKind;
import io.lifeboat.core.catalog.ScratchDatabase;
import io.lifeboat.core.catalog.VerificationRecord;
import io.lifeboat.core.config.ConfigLoader;
import io.lifeboat.core.config.LifeboatConfig;
import io.lifeboat.verifier.database.RestoreTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Level 3 on an H2 source (no server needed): the restore test's findings, status, RTO sample,
 * scratch database clean-up and leftovers. The same paths on PostgreSQL and MariaDB are covered by
 * the end-to-end tests.
 */
class VerifierLevel3Test {
    @TempDir
    Path dir;
    Catalog catalog;
    TargetRegistry targets;
    LifeboatConfig config;
    final Clock clock = Clock.systemUTC();

    @AfterEach
    void close() {
        if (targets != null) {
            targets.close();
        }
        if (catalog != null) {
            catalog.close();
        }
    }

    private void open(String... checks) throws Exception {
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(Files.createDirectories(dir.resolve("files")).resolve("a.txt"), "a");
        try (Connection c = DriverManager.getConnection(appUrl(), "sa", ""); Statement st = c.createStatement()) {
            st.execute("create table if not exists items (id int primary key, name varchar(100))");
            st.execute("merge into items select x, 'item ' || x from system_range(1, 300)");
            st.execute("create table if not exists customers (id int primary key)");
            st.execute("merge into customers select x from system_range(1, 50)");
        }
        String checkList = Stream.of(checks).map(c -> "\"" + c + "\"").collect(Collectors.joining(", ", "[", "]"));
        Path file = dir.resolve("lifeboat.yaml");
        Files.writeString(file, """
                catalog: { url: "jdbc:h2:file:%1$s/var/catalog" }
                targets: { primary: { type: file, path: %1$s/var/primary } }
                sources:
                  - { name: app, type: h2, connection: { url: "%2$s", user: sa }, schedule: "0 0 1 * * ?",
                      targets: [primary], rpo: 25h, verify: { level: 3, checks: %3$s } }
                  - { name: files, type: directory, path: %1$s/files, schedule: "0 0 1 * * ?", targets: [primary], rpo: 25h }
                """.formatted(dir, appUrl(), checkList));
        config = ConfigLoader.load(file);
        catalog = Catalog.open(config.catalog(), clock);
        targets = new TargetRegistry(config);
    }

    private String appUrl() {
        return "jdbc:h2:file:" + dir.resolve("app/appdb");
    }

    private BackupRecord backup(String source) {
        return new BackupRunner(catalog, targets, clock, ArchiveOptions.DEFAULT, new Connections(Map.of()))
                .run(config.source(source).orElseThrow()).record();
    }

    private Verifier verifier() {
        return new Verifier(catalog, targets, clock,
                new RestoreTest(catalog, config, new Connections(Map.of()), DatabaseEngines::forKind, clock));
    }

    private List<String> scratchFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("app"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(RestoreTest.SCRATCH_PREFIX)).toList();
        }
    }

    @Test
    void aGoodDumpPassesRecordsAnRtoSampleAndLeavesNoScratchDatabase() throws Exception {
        open("select count(*) = 300 from items", "select count(*) > 0 from customers");
        BackupRecord b = backup("app");

        VerificationReport report = verifier().verify(b, 3);

        assertThat(report.findings()).isEmpty();
        assertThat(report.passed()).isTrue();
        assertThat(report.restoreTest().tables()).isEqualTo(2);
        assertThat(report.restoreTest().rows()).isEqualTo(350);
        assertThat(report.restoreTest().checks()).isEqualTo(2);
        assertThat(report.restoreTest().scratch()).isEqualTo("lifeboat_verify_" + b.id().shortId());
        assertThat(catalog.backup(b.id()).orElseThrow().status()).isEqualTo(BackupStatus.VERIFIED);
        assertThat(catalog.latestRtoSample(b.id())).hasValueSatisfying(s -> assertThat(s.kind()).isEqualTo(RtoKind.VERIFY));
        assertThat(catalog.verifications(b.id())).extracting(VerificationRecord::level, VerificationRecord::passed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, true), org.assertj.core.groups.Tuple.tuple(3, true));
        assertThat(scratchFiles()).isEmpty();
        assertThat(catalog.scratchDatabases()).isEmpty();
    }

    @Test
    void falseAndBrokenChecksAreFindingsNamingTheCheckAndTheBackupFails() throws Exception {
        open("select count(*) = 300 from items", "select count(*) > 1000 from items", "select count(*) from nowhere");
        BackupRecord b = backup("app");

        VerificationReport report = verifier().verify(b, 3);

        assertThat(report.passed()).isFalse();
        assertThat(report.findings()).map(Finding::describe).containsExactly(
                "primary: restore test: check \"select count(*) > 1000 from items\" failed: value: false",
                report.findings().get(1).describe());
        assertThat(report.findings().get(1).describe()).startsWith(
                "primary: restore test: check \"select count(*) from nowhere\" could not run: ").contains("NOWHERE");
        BackupRecord after = catalog.backup(b.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(BackupStatus.FAILED);
        assertThat(after.reason()).startsWith("verification failed: primary: restore test: check \"select count(*) > 1000");
        assertThat(catalog.latestRtoSample(b.id())).as("the restore itself worked: its time is a sample").isPresent();
        assertThat(scratchFiles()).isEmpty();
        assertThat(catalog.scratchDatabases()).isEmpty();
    }

    @Test
    void rowEstimatesTheRestoreDoesNotMeetAreFindings() throws Exception {
        open();
        BackupRecord b = backup("app");
        Path manifest;
        try (Stream<Path> s = Files.walk(dir.resolve("var/primary"))) {
            manifest = s.filter(p -> p.getFileName().toString().equals("manifest.json")).findFirst().orElseThrow();
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(manifest.toFile());
        ObjectNode props = (ObjectNode) root.get("properties");
        assertThat(props.get("rows.PUBLIC.ITEMS").asText()).isEqualTo("300");
        props.put("rows.PUBLIC.ITEMS", "5000");
        props.put("rows.PUBLIC.CUSTOMERS", "1000");
        props.put("rows.PUBLIC.GONE", "7");
        json.writeValue(manifest.toFile(), root);

        VerificationReport report = verifier().verify(b, 3);

        assertThat(report.findings()).map(Finding::describe).containsExactly(
                "primary: restore test: table PUBLIC.GONE is missing after the restore (the manifest lists it with about 7 rows)",
                "primary: restore test: table PUBLIC.ITEMS has 300 rows after the restore, the manifest estimated 5000"
                        + " at dump time (more than a factor of 2 and 1000 rows apart)");
        assertThat(catalog.backup(b.id()).orElseThrow().status()).isEqualTo(BackupStatus.FAILED);
    }

    @Test
    void aScratchDatabaseInUseByAnotherRunIsNotTouchedAndTheBackupIsNotVerified() throws Exception {
        open();
        BackupRecord b = backup("app");
        String server = "jdbc:h2:file:" + dir.resolve("app/lifeboat_verify_" + b.id().shortId());
        catalog.recordScratch(new ScratchDatabase("lifeboat_verify_" + b.id().shortId(), server, "app", "elsewhere:1",
                clock.instant()));

        VerificationReport report = verifier().verify(b, 3);

        assertThat(report.passed()).isFalse();
        assertThat(report.restoreTest().loaded()).isFalse();
        assertThat(report.findings()).singleElement().extracting(Finding::describe).asString()
                .contains("restore test failed at scratch database").contains("is already recorded in the catalog");
        BackupRecord after = catalog.backup(b.id()).orElseThrow();
        assertThat(after.status()).as("the copies are fine; only level 3 could not run").isEqualTo(BackupStatus.COMPLETE);
        assertThat(after.reason()).startsWith("not verified: restore test did not run");
        assertThat(catalog.scratchDatabases()).hasSize(1);
    }

    @Test
    void leftoversOlderThanAnHourAreDroppedAndSaidSo() throws Exception {
        open();
        BackupRecord b = backup("app");
        String name = "lifeboat_verify_0badf00d";
        String url = "jdbc:h2:file:" + dir.resolve("app/" + name);
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            st.execute("create table leftover (id int)");
        }
        catalog.recordScratch(new ScratchDatabase(name, url, "app", "elsewhere:1", clock.instant().minus(Duration.ofMinutes(90))));

        VerificationReport report = verifier().verify(b, 3);

        assertThat(report.passed()).as(report.findings().toString()).isTrue();
        assertThat(report.notes()).singleElement().asString()
                .startsWith("dropped leftover scratch database " + name + " on " + url + " (created ")
                .endsWith("by elsewhere:1, more than an hour ago)");
        assertThat(scratchFiles()).isEmpty();
        assertThat(catalog.scratchDatabases()).isEmpty();
    }

    @Test
    void levelThreeOfAFilesBackupIsAUsageError() throws Exception {
        open();
        BackupRecord b = backup("files");

        assertThatThrownBy(() -> verifier().verify(b, 3))
                .isInstanceOfSatisfying(LifeboatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessage("level 3 (restore test) is for database backups; backup " + b.id()
                        + " of files is a directory backup (use level 1 or 2)");
        assertThatThrownBy(() -> new Verifier(catalog, targets, clock).verify(backup("app"), 3))
                .isInstanceOfSatisfying(LifeboatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE));
    }

    static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
