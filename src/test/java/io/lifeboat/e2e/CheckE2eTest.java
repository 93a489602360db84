package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.core.archive.BackupId;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.BackupStatus;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.catalog.VerificationRecord;
import io.lifeboat.core.config.ConfigLoader;
import io.lifeboat.core.config.LifeboatConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code lifeboat check}: Nagios exit codes from catalog rows with faked ages (RPO 26h, warning beyond 20.8h). */
class CheckE2eTest {
    @TempDir
    Path dir;

    /** A verified backup {@code verifiedAgo} old, then optionally a newer one whose verification failed. */
    record Situation(String name, Duration verifiedAgo, boolean newerVerificationFailed, int exit, String line) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Situation> situations() {
        return List.of(
                new Situation("ok", Duration.ofHours(1), false, 0,
                        "LIFEBOAT OK - 1 source \\| docs_age=36\\d\\ds;74880;93600;0"),
                new Situation("warning beyond 80% of the RPO", Duration.ofHours(22), false, 1,
                        "LIFEBOAT WARNING - docs: beyond 80% of RPO: newest verified backup 79\\d\\d\\ds old, RPO 93600s"
                                + " \\| docs_age=79\\d\\d\\ds;74880;93600;0"),
                new Situation("critical beyond the RPO", Duration.ofHours(27), false, 2,
                        "LIFEBOAT CRITICAL - docs: RPO breached: newest verified backup 97\\d\\d\\ds old, RPO 93600s"
                                + " \\| docs_age=97\\d\\d\\ds;74880;93600;0"),
                new Situation("critical when the last verification failed", Duration.ofHours(1), true, 2,
                        "LIFEBOAT CRITICAL - docs: last verification failed \\| docs_age=36\\d\\ds;74880;93600;0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("situations")
    void exitCodeAndStatusLine(Situation s) throws Exception {
        Path config = DaemonTesting.config(dir, "jdbc:h2:file:" + dir.resolve("var/catalog"), "0 0 3 * * ?", "{}");
        LifeboatConfig cfg = ConfigLoader.load(config);
        Instant now = Instant.now();
        try (Catalog catalog = Catalog.open(cfg.catalog(), Clock.systemUTC())) {
            insert(catalog, now.minus(s.verifiedAgo()), BackupStatus.VERIFIED, true);
            if (s.newerVerificationFailed()) {
                insert(catalog, now.minus(Duration.ofMinutes(10)), BackupStatus.PARTIALLY_FAILED, false);
            }
        }

        Cli.Result r = new Cli(config).run("check");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(s.exit());
        assertThat(r.out().strip()).as(r.toString()).matches(s.line());
        assertThat(r.out().lines()).hasSize(1);
    }

    @Test
    void unknownWhenTheCatalogIsUnreachable() throws Exception {
        Path config = DaemonTesting.config(dir, "jdbc:postgresql://127.0.0.1:1/lifeboat", "0 0 3 * * ?", "{}");

        Cli.Result r = new Cli(config).run("check");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.out().strip()).as(r.toString()).startsWith("LIFEBOAT UNKNOWN - catalog unreachable: ")
                .contains("127.0.0.1:1");
    }

    @Test
    void criticalWhenNothingWasEverVerified() throws Exception {
        Path config = DaemonTesting.config(dir, "jdbc:h2:file:" + dir.resolve("var/catalog"), "0 0 3 * * ?", "{}");

        Cli.Result r = new Cli(config).run("check");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.out().strip()).isEqualTo("LIFEBOAT CRITICAL - docs: no verified backup | docs_age=U;74880;93600;0");
    }

    static BackupId insert(Catalog catalog, Instant started, BackupStatus status, boolean verificationPassed) {
        BackupId id = BackupId.create(started);
        Instant finished = started.plusSeconds(5);
        catalog.insertBackup(new BackupRecord(id, "docs", "directory", status, started, finished, null, true, null, 3, 300,
                300, 200, "00".repeat(32), "docs/" + id.value() + "/data.tar.zst", "test:1", null));
        catalog.addVerification(new VerificationRecord(id, "primary", 2, verificationPassed,
                verificationPassed ? "ok" : "checksum mismatch", Duration.ofSeconds(1), finished.plusSeconds(1)));
        return id;
    }
}
