package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.backup.BackupOutcome;
import io.lifeboat.backup.BackupRunner;
import io.lifeboat.backup.Connections;
import io.lifeboat.cli.Lifeboat;
import io.lifeboat.core.archive.ArchiveOptions;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.config.ConfigLoader;
import io.lifeboat.core.config.LifeboatConfig;
import io.lifeboat.testing.MotoServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * 90 simulated nights of a logs source (a rotated {@code app-YYYY-MM-DD.log} per day, incrementals
 * and a full every 7th night) into an S3 target (moto_server); then {@code restore logs} for a 2-day
 * window through the command line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreLogsE2eTest {
    private static final LocalDate FIRST_DAY = LocalDate.parse("2026-07-20");
    private static final int NIGHTS = 90;

    @RegisterExtension
    static MotoServer moto = new MotoServer();

    @TempDir
    static Path dir;
    Path logs;
    Cli cli;
    long storedTotal;
    long fullCount;

    @BeforeAll
    void ninetyNights() throws IOException {
        String bucket = moto.createBucket("logs-" + Long.toHexString(System.nanoTime()));
        logs = Files.createDirectories(dir.resolve("logs/app"));
        Path config = dir.resolve("lifeboat.yaml");
        Files.writeString(config, """
                catalog: { url: "jdbc:h2:file:%1$s/var/catalog" }
                targets:
                  dr: { type: s3, bucket: %2$s, region: eu-central-1, prefix: lifeboat/, endpoint: "%3$s", pathStyle: true }
                sources:
                  - { name: app-logs, type: logs, path: %1$s/logs, include: ["**/*.log*"], schedule: "0 30 1 * * ?",
                      targets: [dr], rpo: 26h, fullEvery: 7 }
                """.formatted(dir, bucket, moto.endpoint()));
        LifeboatConfig cfg = ConfigLoader.load(config);
        TestClock clock = new TestClock(FIRST_DAY.atStartOfDay(ZoneId.systemDefault()).toInstant());
        Random random = new Random(42);
        // Small frames suit a source of many small files; see the report on issue 4.
        ArchiveOptions options = ArchiveOptions.DEFAULT.withFrameSize(256 << 10).withThreads(2);
        try (Lifeboat lb = Lifeboat.open(cfg, clock)) {
            BackupRunner runner = new BackupRunner(lb.catalog(), lb.targets(), clock, options, Connections.fromEnvironment());
            for (int night = 0; night < NIGHTS; night++) {
                LocalDate day = FIRST_DAY.plusDays(night);
                Instant endOfDay = day.plusDays(1).atStartOfDay(ZoneId.systemDefault()).toInstant().minusSeconds(1);
                Path rotated = logs.resolve("app-" + day + ".log");
                Files.write(rotated, logLines(day, 3_000 + random.nextInt(97_000), random));
                Files.setLastModifiedTime(rotated, FileTime.from(endOfDay));
                clock.set(endOfDay.plusSeconds(5_400));
                BackupOutcome outcome = runner.run(cfg.source("app-logs").orElseThrow());
                assertThat(outcome.record().full()).as("night %d", night).isEqualTo(night % 7 == 0);
                assertThat(outcome.copyErrors()).isEmpty();
            }
            List<BackupRecord> all = lb.catalog().backups("app-logs", 1000);
            assertThat(all).hasSize(NIGHTS);
            storedTotal = all.stream().mapToLong(BackupRecord::storedBytes).sum();
            fullCount = all.stream().filter(BackupRecord::full).count();
        }
        cli = new Cli(config);
    }

    @Test
    void twoDayWindowRestoresExactlyThoseDaysFetchingUnderFivePercent() throws IOException {
        Path out = dir.resolve("window");
        {
            Cli.Result r = cli.run("restore", "logs", "--source", "app-logs", "--from", "2026-10-12", "--to", "2026-10-14",
                    "--into", out.toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("restored 2 files").contains("via dr");

            assertThat(regularFiles(out)).containsExactly("app/app-2026-10-12.log", "app/app-2026-10-13.log");
            for (String f : regularFiles(out)) {
                assertThat(Files.readAllBytes(out.resolve(f))).isEqualTo(Files.readAllBytes(dir.resolve("logs").resolve(f)));
            }

            JsonNode row = newestAuditRow();
            assertThat(row.get("kind").asText()).isEqualTo("logs");
            assertThat(row.get("result").asText()).isEqualTo("ok");
            assertThat(row.get("files").asLong()).isEqualTo(2);
            long expectedBytes = Files.size(out.resolve("app/app-2026-10-12.log")) + Files.size(out.resolve("app/app-2026-10-13.log"));
            assertThat(row.get("bytes").asLong()).isEqualTo(expectedBytes);
            long fetched = row.get("bytesFetched").asLong();
            System.out.printf("restore logs: fetched %d of %d bytes stored in %d backups (%d fulls): %.2f%%%n", fetched,
                    storedTotal, NIGHTS, fullCount, 100.0 * fetched / storedTotal);
            assertThat(fetched).isPositive().isLessThan(storedTotal / 20);
            assertThat(row.get("readFrom").asText()).isEqualTo("dr");
            assertThat(row.get("backupsUsed")).isNotEmpty();
            assertThat(row.get("osUser").asText()).isEqualTo(System.getProperty("user.name"));
            assertThat(row.get("host").asText()).isNotBlank();
            assertThat(row.get("commandLine").asText())
                    .startsWith("lifeboat restore logs --source app-logs --from 2026-10-12 --to 2026-10-14 --into " + out);
            assertThat(row.get("targetDir").asText()).isEqualTo(out.toString());
            assertThat(Instant.parse(row.get("requestedAt").asText())).isBefore(Instant.parse(row.get("finishedAt").asText())
                    .plusMillis(1));
            assertThat(r.out()).contains("bytes fetched " + fetched + " of ");
        }
    }

    @Test
    void windowByRelativeTimeAndIncludeGlobAndRefusedDirectory() throws IOException {
        Path out = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        Cli.Result refused = cli.run("restore", "logs", "--source", "app-logs", "--from", "2026-10-12", "--to", "2026-10-14",
                "--into", out.toString());
        assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
        assertThat(refused.err()).contains("not empty").contains("--force");
        assertThat(newestAuditRow().get("result").asText()).isEqualTo("failed");
        assertThat(newestAuditRow().get("message").asText()).contains("not empty");

        Cli.Result forced = cli.run("restore", "logs", "--source", "app-logs", "--from", "2026-10-01T00:00Z",
                "--to", "2026-10-04T00:00Z", "--include", "**/app-2026-10-0[23].log", "--into", out.toString(), "--force",
                "--target", "dr");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(regularFiles(out)).containsExactly("app/app-2026-10-02.log", "app/app-2026-10-03.log", "keep.txt");
        assertThat(forced.out()).doesNotContain("fell back");
    }

    /** A window no file may hold lines in is a failure that says so, not "restored 0 files". */
    @Test
    void aWindowWithoutLogsFailsNamingTheWindow() throws IOException {
        Path out = dir.resolve("nothing");
        Cli.Result r = cli.run("restore", "logs", "--source", "app-logs", "--from", "2020-01-01", "--to", "2020-01-02",
                "--into", out.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err().strip()).doesNotContain("\n")
                .contains("no log file of app-logs may hold lines between 2020-01-01T00:00:00Z and 2020-01-02T00:00:00Z")
                .contains("widen --from/--to").containsPattern("\\(\\d+ backups read: \\S+ to \\S+\\)");
        assertThat(out).doesNotExist();
        assertThat(newestAuditRow().get("result").asText()).isEqualTo("failed");
    }

    @Test
    void statusListsRequestsNewestFirst() {
        Cli.Result list = cli.run("restore", "status");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).startsWith("pending archive retrievals (oldest first):\n  none\n")
                .contains("restore requests (newest first):");
        Cli.Result missing = cli.run("restore", "status", "R19990101T000000Z-000000");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("no restore request R19990101T000000Z-000000");
    }

    private JsonNode newestAuditRow() throws IOException {
        Cli.Result status = cli.run("restore", "status", "--json");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        JsonNode requests = new ObjectMapper().readTree(status.out()).get("requests");
        assertThat(requests).isNotEmpty();
        return requests.get(0);
    }

    static List<String> regularFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    private static byte[] logLines(LocalDate day, int size, Random random) {
        StringBuilder b = new StringBuilder(size + 200);
        String[] paths = {"/api/orders", "/api/payments", "/api/users", "/health", "/api/cart"};
        int second = 0;
        while (b.length() < size) {
            b.append(day).append('T').append(String.format("%02d:%02d:%02d", second / 3600 % 24, second / 60 % 60, second % 60))
                    .append("Z INFO req=").append(Long.toHexString(random.nextLong())).append(" user=").append(random.nextInt(5000))
                    .append(" path=").append(paths[random.nextInt(paths.length)]).append('/').append(random.nextInt(100000))
                    .append(" status=").append(random.nextInt(10) == 0 ? 500 : 200).append(" ms=").append(random.nextInt(900))
                    .append('\n');
            second += 1 + random.nextInt(20);
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Set<String> names(List<String> paths) {
        return paths.stream().collect(Collectors.toCollection(TreeSet::new));
    }

    /** A clock the restore tests set by hand (simulated nights). */
    static final class TestClock extends java.time.Clock {
        private volatile Instant now;

        TestClock(Instant start) {
            this.now = start;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
