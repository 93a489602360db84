package io.lifeboat.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.BackupId;
import io.lifeboat.core.config.CatalogConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every catalog database must do; run against H2 ({@link CatalogH2Test}) and PostgreSQL ({@link CatalogPostgresTest}). */
abstract class CatalogContract {
    static final Instant T0 = Instant.parse("2026-11-25T01:00:00.123456Z");
    static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    protected CatalogConfig config;
    protected Catalog catalog;

    /** A fresh, empty database for one test. */
    protected abstract CatalogConfig newDatabase() throws Exception;

    protected void dropDatabase() throws Exception {
    }

    @BeforeEach
    void open() throws Exception {
        config = newDatabase();
        catalog = Catalog.open(config, CLOCK);
    }

    @AfterEach
    void close() throws Exception {
        if (catalog != null) {
            catalog.close();
        }
        dropDatabase();
    }

    static BackupRecord backup(String id, String source, Instant started) {
        return BackupRecord.running(new BackupId(id), source, "logs", started, null, "data/" + source + "/" + id + ".tar.zst");
    }

    static BackupRecord finished(BackupRecord r, BackupStatus status) {
        return r.withStatus(status, status == BackupStatus.FAILED ? "disk full" : null)
                .withFinished(r.started().plusSeconds(60));
    }

    @Test
    void everyColumnRoundTrips() {
        BackupRecord r = new BackupRecord(new BackupId("20261125T010000Z-1a2b3c4d"), "app-logs", "logs",
                BackupStatus.COMPLETE, T0, T0.plusSeconds(75), T0.minusMillis(3), false, "20261124T010000Z-00000001",
                1_234, 9_876_543_210L, 1_000_000_000L, 999_999_999L, "ab".repeat(32), "app-logs/20261125T010000Z-1a2b3c4d",
                "host-a:4242", "one copy slow");

        catalog.insertBackup(r);

        assertThat(catalog.backup(r.id())).contains(r);
    }

    @Test
    void nullableColumnsStayNull() {
        BackupRecord r = backup("20261125T010000Z-00000001", "releases", T0);

        catalog.insertBackup(r);

        BackupRecord read = catalog.backup(r.id()).orElseThrow();
        assertThat(read).isEqualTo(r);
        assertThat(read.finished()).isNull();
        assertThat(read.consistentPoint()).isNull();
        assertThat(read.sha256()).isNull();
        assertThat(read.reason()).isNull();
        assertThat(read.owner()).isEqualTo(BackupRecord.currentOwner());
        assertThat(catalog.backup(new BackupId("20261125T010000Z-ffffffff"))).isEmpty();
    }

    @Test
    void timesAreKeptToTheMicrosecond() {
        BackupRecord r = backup("20261125T010000Z-00000002", "releases", Instant.parse("2026-11-25T01:00:00.123456789Z"));

        catalog.insertBackup(r);

        assertThat(catalog.backup(r.id()).orElseThrow().started()).isEqualTo(Instant.parse("2026-11-25T01:00:00.123456Z"));
    }

    @Test
    void updateReplacesTheRow() {
        BackupRecord r = backup("20261125T010000Z-00000003", "app-logs", T0);
        catalog.insertBackup(r);
        BackupRecord done = r.withSizes(10, 2_000, 500, 480).withSha256("cd".repeat(32))
                .withConsistentPoint(T0.plusMillis(5)).withFinished(T0.plusSeconds(9))
                .withStatus(BackupStatus.PARTIALLY_FAILED, "copy to dr failed");

        catalog.updateBackup(done);

        assertThat(catalog.backup(r.id())).contains(done);
    }

    @Test
    void updateOfAnUnknownBackupIsNotFound() {
        BackupRecord r = backup("20261125T010000Z-00000004", "app-logs", T0);

        assertThatThrownBy(() -> catalog.updateBackup(r))
                .isInstanceOfSatisfying(LifeboatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessage("no backup 20261125T010000Z-00000004 in the catalog");
    }

    @Test
    void insertingTheSameIdTwiceIsRefused() {
        BackupRecord r = backup("20261125T010000Z-00000005", "app-logs", T0);
        catalog.insertBackup(r);

        LifeboatException e = catchThrowableOfType(LifeboatException.class, () -> catalog.insertBackup(r));

        assertThat(e.code()).isEqualTo(ErrorCode.CATALOG);
        assertThat(e).hasMessage("backup 20261125T010000Z-00000005 is already in the catalog").hasCauseInstanceOf(SQLException.class);
    }

    @Test
    void backupsAreListedNewestFirst() {
        BackupRecord a1 = backup("20261120T010000Z-00000001", "app-logs", T0.minus(Duration.ofDays(5)));
        BackupRecord b1 = backup("20261121T010000Z-00000001", "releases", T0.minus(Duration.ofDays(4)));
        BackupRecord a2 = backup("20261125T010000Z-0000000a", "app-logs", T0);
        BackupRecord a3 = backup("20261125T010000Z-0000000b", "app-logs", T0); // same start: the id decides
        for (BackupRecord r : List.of(a2, b1, a3, a1)) {
            catalog.insertBackup(r);
        }

        assertThat(catalog.backups(null, 100)).containsExactly(a3, a2, b1, a1);
        assertThat(catalog.backups("app-logs", 100)).containsExactly(a3, a2, a1);
        assertThat(catalog.backups("app-logs", 2)).containsExactly(a3, a2);
        assertThat(catalog.backups("nothing", 10)).isEmpty();
        assertThatThrownBy(() -> catalog.backups(null, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void latestInGivenStatuses() {
        BackupRecord verified = finished(backup("20261123T010000Z-00000001", "app-logs", T0.minus(Duration.ofDays(2))), BackupStatus.VERIFIED);
        BackupRecord complete = finished(backup("20261124T010000Z-00000001", "app-logs", T0.minus(Duration.ofDays(1))), BackupStatus.COMPLETE);
        BackupRecord failed = finished(backup("20261125T010000Z-00000001", "app-logs", T0), BackupStatus.FAILED);
        BackupRecord other = finished(backup("20261125T020000Z-00000001", "releases", T0.plusSeconds(3600)), BackupStatus.VERIFIED);
        for (BackupRecord r : List.of(verified, complete, failed, other)) {
            catalog.insertBackup(r);
        }

        assertThat(catalog.latest("app-logs", Set.of(BackupStatus.VERIFIED))).contains(verified);
        assertThat(catalog.latest("app-logs", EnumSet.of(BackupStatus.VERIFIED, BackupStatus.COMPLETE))).contains(complete);
        assertThat(catalog.latest("app-logs", EnumSet.allOf(BackupStatus.class))).contains(failed);
        assertThat(catalog.latest("app-logs", Set.of(BackupStatus.EXPIRED))).isEmpty();
        assertThat(catalog.latest("unknown", Set.of(BackupStatus.VERIFIED))).isEmpty();
    }

    @Test
    void byStatusOldestFirst() {
        BackupRecord older = backup("20261124T010000Z-00000001", "app-logs", T0.minus(Duration.ofDays(1)));
        BackupRecord newer = backup("20261125T010000Z-00000001", "releases", T0);
        BackupRecord done = finished(backup("20261125T010000Z-00000002", "releases", T0), BackupStatus.COMPLETE);
        for (BackupRecord r : List.of(newer, done, older)) {
            catalog.insertBackup(r);
        }

        assertThat(catalog.byStatus(BackupStatus.RUNNING)).containsExactly(older, newer);
        assertThat(catalog.byStatus(BackupStatus.COMPLETE)).containsExactly(done);
        assertThat(catalog.byStatus(BackupStatus.EXPIRED)).isEmpty();
    }

    @Test
    void copiesAreUpsertedPerTarget() {
        BackupRecord r = backup("20261125T010000Z-00000001", "app-logs", T0);
        catalog.insertBackup(r);
        CopyRecord primary = new CopyRecord(r.id(), "primary", CopyStatus.WRITTEN, 480, "ef".repeat(32), T0, null);
        CopyRecord drWritten = new CopyRecord(r.id(), "dr", CopyStatus.WRITTEN, 480, "ef".repeat(32), T0.plusSeconds(1), null);
        CopyRecord drVerified = new CopyRecord(r.id(), "dr", CopyStatus.VERIFIED, 480, "ef".repeat(32), T0.plusSeconds(9), null);
        CopyRecord drFailed = new CopyRecord(r.id(), "dr", CopyStatus.FAILED, 0, null, T0.plusSeconds(10), "checksum mismatch");

        catalog.upsertCopy(primary);
        catalog.upsertCopy(drWritten);
        catalog.upsertCopy(drVerified);
        assertThat(catalog.copies(r.id())).containsExactly(drVerified, primary);

        catalog.upsertCopy(drFailed);
        assertThat(catalog.copies(r.id())).containsExactly(drFailed, primary);
        assertThat(catalog.copies(new BackupId("20261125T010000Z-ffffffff"))).isEmpty();
    }

    @Test
    void aCopyOfAnUnknownBackupIsNotFound() {
        CopyRecord copy = new CopyRecord(new BackupId("20261125T010000Z-ffffffff"), "dr", CopyStatus.WRITTEN, 1, null, T0, null);

        assertThatThrownBy(() -> catalog.upsertCopy(copy))
                .isInstanceOfSatisfying(LifeboatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessage("no backup 20261125T010000Z-ffffffff in the catalog");
    }

    @Test
    void verificationsAreKeptInOrder() {
        BackupRecord r = backup("20261125T010000Z-00000001", "app-logs", T0);
        catalog.insertBackup(r);
        VerificationRecord all = new VerificationRecord(r.id(), null, 1, true, "2 copies, sha256 ok", Duration.ofMillis(1_500), T0.plusSeconds(70));
        VerificationRecord dr = new VerificationRecord(r.id(), "dr", 3, false, "restore test: 1 finding\nmissing: a.log",
                Duration.ofMinutes(4).plusMillis(7), T0.plusSeconds(400));
        VerificationRecord drAgain = new VerificationRecord(r.id(), "dr", 2, true, "", Duration.ZERO, T0.plusSeconds(400));

        catalog.addVerification(dr);
        catalog.addVerification(all);
        catalog.addVerification(drAgain);

        assertThat(catalog.verifications(r.id())).containsExactly(all, dr, drAgain);
        assertThatThrownBy(() -> catalog.addVerification(new VerificationRecord(new BackupId("20261125T010000Z-ffffffff"),
                null, 1, true, "", Duration.ZERO, T0)))
                .isInstanceOfSatisfying(LifeboatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void incrementalBackupsNameTheirBase() {
        BackupRecord full = finished(backup("20261124T010000Z-00000001", "app-logs", T0.minus(Duration.ofDays(1))), BackupStatus.VERIFIED);
        BackupRecord incremental = BackupRecord.running(new BackupId("20261125T010000Z-00000001"), "app-logs", "logs", T0,
                full.id().value(), "app-logs/20261125T010000Z-00000001");
        catalog.insertBackup(full);
        catalog.insertBackup(incremental);

        assertThat(catalog.backup(incremental.id()).orElseThrow().baseBackupId()).isEqualTo(full.id().value());
        assertThat(catalog.backup(incremental.id()).orElseThrow().full()).isFalse();
    }

    @Test
    void longReasonsAreClippedNotRefused() {
        BackupRecord r = finished(backup("20261125T010000Z-00000001", "app-logs", T0), BackupStatus.FAILED)
                .withStatus(BackupStatus.FAILED, "x".repeat(10_000));

        catalog.insertBackup(r);

        assertThat(catalog.backup(r.id()).orElseThrow().reason()).hasSize(4_000).endsWith("…");
    }

    @Test
    void theSchemaRefusesAnUnknownStatus() throws SQLException {
        try (Connection c = catalog.dataSource().getConnection(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO backups (id, source, source_type, status, started, is_full,"
                    + " files, raw_bytes, bytes_in, stored_bytes, data_key, owner) VALUES ('20261125T010000Z-00000001', 's', 'logs',"
                    + " 'HALF_DONE', CURRENT_TIMESTAMP, TRUE, 0, 0, 0, 0, 'k', 'o')"))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void pointInTimePicksTheNewestConsistentAtOrBefore() {
        BackupRecord early = finished(backup("20261123T010000Z-00000001", "orders-db", T0.minus(Duration.ofDays(2))), BackupStatus.VERIFIED)
                .withConsistentPoint(T0.minus(Duration.ofDays(2)).plusSeconds(1));
        BackupRecord middle = finished(backup("20261124T010000Z-00000001", "orders-db", T0.minus(Duration.ofDays(1))), BackupStatus.COMPLETE)
                .withConsistentPoint(T0.minus(Duration.ofDays(1)).plusSeconds(1));
        BackupRecord failed = finished(backup("20261124T020000Z-00000001", "orders-db", T0.minus(Duration.ofHours(23))), BackupStatus.FAILED)
                .withConsistentPoint(T0.minus(Duration.ofHours(23)));
        BackupRecord late = finished(backup("20261125T010000Z-00000001", "orders-db", T0), BackupStatus.VERIFIED)
                .withConsistentPoint(T0.plusSeconds(1));
        for (BackupRecord r : List.of(late, early, failed, middle)) {
            catalog.insertBackup(r);
        }
        Set<BackupStatus> published = EnumSet.of(BackupStatus.COMPLETE, BackupStatus.VERIFIED, BackupStatus.PARTIALLY_FAILED);

        assertThat(catalog.latestConsistentAt("orders-db", published, T0)).contains(middle);
        assertThat(catalog.latestConsistentAt("orders-db", published, middle.consistentPoint())).as("at is inclusive").contains(middle);
        assertThat(catalog.latestConsistentAt("orders-db", published, middle.consistentPoint().minusNanos(1000))).contains(early);
        assertThat(catalog.latestConsistentAt("orders-db", published, T0.plusSeconds(5))).contains(late);
        assertThat(catalog.latestConsistentAt("orders-db", published, T0.minus(Duration.ofDays(9)))).isEmpty();
        assertThat(catalog.latestConsistentAt("orders-db", EnumSet.allOf(BackupStatus.class), T0)).contains(failed);
        assertThat(catalog.latestConsistentAt("other", published, T0)).isEmpty();
    }

    @Test
    void rtoSamplesNewestPerSourceAndPerBackup() {
        BackupRecord older = backup("20261124T010000Z-00000001", "orders-db", T0.minus(Duration.ofDays(1)));
        BackupRecord newer = backup("20261125T010000Z-00000001", "orders-db", T0);
        BackupRecord other = backup("20261125T010000Z-00000002", "billing-db", T0);
        for (BackupRecord r : List.of(older, newer, other)) {
            catalog.insertBackup(r);
        }
        RtoSample verify = new RtoSample(newer.id(), "orders-db", RtoKind.VERIFY, Duration.ofMillis(12_345), T0.plusSeconds(60));
        RtoSample restore = new RtoSample(older.id(), "orders-db", RtoKind.RESTORE, Duration.ofMinutes(3).plusMillis(1), T0.plusSeconds(600));
        RtoSample drill = new RtoSample(other.id(), "billing-db", RtoKind.DRILL, Duration.ZERO, T0.plusSeconds(900));

        assertThat(catalog.latestRtoSample("orders-db")).isEmpty();
        catalog.addRtoSample(verify);
        catalog.addRtoSample(restore);
        catalog.addRtoSample(drill);

        assertThat(catalog.latestRtoSample("orders-db")).contains(restore);
        assertThat(catalog.latestRtoSample("billing-db")).contains(drill);
        assertThat(catalog.latestRtoSample(newer.id())).contains(verify);
        assertThat(catalog.latestRtoSample(older.id())).contains(restore);
        assertThat(catalog.latestRtoSample(new BackupId("20261125T010000Z-ffffffff"))).isEmpty();
        assertThatThrownBy(() -> catalog.addRtoSample(new RtoSample(new BackupId("20261125T010000Z-ffffffff"), "x",
                RtoKind.VERIFY, Duration.ZERO, T0)))
                .isInstanceOfSatisfying(LifeboatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void scratchDatabasesAreRecordedListedAndForgotten() {
        ScratchDatabase old = new ScratchDatabase("lifeboat_verify_00000001", "127.0.0.1:5432", "orders-db", "host-a:1",
                T0.minus(Duration.ofHours(2)));
        ScratchDatabase fresh = new ScratchDatabase("lifeboat_verify_00000002", "127.0.0.1:5432", "orders-db", "host-a:2",
                T0.minusSeconds(30));
        ScratchDatabase elsewhere = new ScratchDatabase("lifeboat_verify_00000001", "db2:3306", "billing-db", "host-b:3",
                T0.minusSeconds(10));

        catalog.recordScratch(fresh);
        catalog.recordScratch(old);
        catalog.recordScratch(elsewhere);

        assertThat(catalog.scratchDatabases()).containsExactly(old, fresh, elsewhere);
        assertThat(catalog.scratchDatabasesOlderThan(T0.minus(Duration.ofHours(1)))).containsExactly(old);
        LifeboatException twice = catchThrowableOfType(LifeboatException.class, () -> catalog.recordScratch(
                new ScratchDatabase(fresh.name(), fresh.server(), "orders-db", "host-c:9", T0)));
        assertThat(twice.code()).isEqualTo(ErrorCode.USAGE);
        assertThat(twice).hasMessageContaining("lifeboat_verify_00000002 on 127.0.0.1:5432 is already recorded");

        catalog.forgetScratch(old.name(), old.server());
        catalog.forgetScratch("lifeboat_verify_ffffffff", "127.0.0.1:5432");

        assertThat(catalog.scratchDatabases()).containsExactly(fresh, elsewhere);
        assertThat(catalog.scratchDatabasesOlderThan(T0.minus(Duration.ofHours(1)))).isEmpty();
    }

    @Test
    void theSchemaRefusesAnUnknownRtoKind() throws SQLException {
        catalog.insertBackup(backup("20261125T010000Z-00000001", "orders-db", T0));
        try (Connection c = catalog.dataSource().getConnection(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO rto_samples (backup_id, source, kind, duration_ms,"
                    + " sampled_at) VALUES ('20261125T010000Z-00000001', 'orders-db', 'guess', 1, CURRENT_TIMESTAMP)"))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void openingAgainMigratesNothingAndKeepsTheData() throws SQLException {
        BackupRecord r = backup("20261125T010000Z-00000001", "app-logs", T0);
        catalog.insertBackup(r);
        catalog.close();

        catalog = Catalog.open(config, CLOCK);
        try (Catalog second = Catalog.open(config, CLOCK)) {
            assertThat(second.backup(r.id())).contains(r);
        }

        assertThat(catalog.backup(r.id())).contains(r);
        try (Connection c = catalog.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(DISTINCT \"version\"), MIN(\"version\"),"
                     + " SUM(CASE WHEN \"success\" THEN 1 ELSE 0 END) FROM \"flyway_schema_history\" WHERE \"type\" = 'SQL'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("every migration applied once").isEqualTo(rs.getInt(2)).isGreaterThanOrEqualTo(2);
            assertThat(rs.getString(3)).isEqualTo("1");
            assertThat(rs.getInt(4)).as("all succeeded").isEqualTo(rs.getInt(1));
        }
    }
}
