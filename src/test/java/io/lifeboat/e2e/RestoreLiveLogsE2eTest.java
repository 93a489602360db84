package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log window restore of a tree with live files, through the command line: {@code api.log} after its
 * rotated days, {@code worker.log} that was never rotated but whose first line is dated, and a logrotate
 * {@code dateext} pair. Only the files that may hold lines in the window come back; the live files' first
 * lines are read from the backup's data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreLiveLogsE2eTest {
    private static final ZoneId ZONE = ZoneId.systemDefault();
    private static final DateTimeFormatter LINE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    @TempDir
    static Path dir;
    Path logs;
    Cli cli;

    @BeforeAll
    void oneBackupOfRotatedAndLiveFiles() throws IOException {
        logs = dir.resolve("logs");
        for (int day = 1; day <= 30; day++) {
            LocalDate d = LocalDate.of(2026, 10, day);
            write("api/api-" + d + ".log", d.atStartOfDay(), 200, d.plusDays(1).atStartOfDay().minusSeconds(1));
        }
        write("api/api.log", LocalDateTime.parse("2026-10-31T00:00:00"), 200, null);
        write("worker/worker.log", LocalDateTime.parse("2026-11-02T08:00:00"), 50, null);
        // dateext: named by the day of rotation (06:25), holding the 24 hours before it
        write("nginx/access.log-20261013", LocalDateTime.parse("2026-10-12T06:25:00"), 24, LocalDateTime.parse("2026-10-13T06:25:00"));
        write("nginx/access.log-20261014", LocalDateTime.parse("2026-10-13T06:25:00"), 24, LocalDateTime.parse("2026-10-14T06:25:00"));
        write("nginx/access.log-20261015", LocalDateTime.parse("2026-10-14T06:25:00"), 24, LocalDateTime.parse("2026-10-15T06:25:00"));
        write("nginx/access.log", LocalDateTime.parse("2026-10-15T06:25:00"), 24, null);
        Path config = dir.resolve("lifeboat.yaml");
        Files.writeString(config, """
                catalog: { url: "jdbc:h2:file:%1$s/var/catalog" }
                targets:
                  primary: { type: file, path: %1$s/var/primary }
                sources:
                  - { name: app-logs, type: logs, path: %1$s/logs, include: ["**/*.log*"], schedule: "0 30 1 * * ?",
                      targets: [primary], rpo: 26h }
                """.formatted(dir));
        cli = new Cli(config);
        Cli.Result backup = cli.run("backup", "run", "app-logs");
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
    }

    @Test
    void aWindowOfRotatedDaysLeavesTheLiveFilesOut() throws IOException {
        assertThat(restore("2026-10-12", "2026-10-14", "october")).containsExactly(
                "api/api-2026-10-12.log", "api/api-2026-10-13.log",
                "nginx/access.log-20261013", "nginx/access.log-20261014");
    }

    @Test
    void theLiveFilesComeBackForTheDaysAfterTheirLastRotation() throws IOException {
        assertThat(restore("2026-10-31T12:00:00Z", "2026-11-01T00:00:00Z", "halloween"))
                .containsExactly("api/api.log", "nginx/access.log");
        assertThat(restore("2026-11-03", "2026-11-04", "november")).containsExactly("api/api.log", "nginx/access.log", "worker/worker.log");
        Path out = dir.resolve("november");
        assertThat(Files.readAllBytes(out.resolve("worker/worker.log"))).isEqualTo(Files.readAllBytes(logs.resolve("worker/worker.log")));
    }

    @Test
    void aDateextFileIsRestoredForTheDayBeforeItsName() throws IOException {
        assertThat(restore("2026-10-13T12:00:00Z", "2026-10-13T13:00:00Z", "noon"))
                .containsExactly("api/api-2026-10-13.log", "nginx/access.log-20261014");
    }

    private List<String> restore(String from, String to, String into) throws IOException {
        Path out = dir.resolve(into);
        Cli.Result r = cli.run("restore", "logs", "--source", "app-logs", "--from", from, "--to", to, "--into", out.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return RestoreLogsE2eTest.regularFiles(out);
    }

    /** {@code count} lines an hour from {@code first}; the mtime is {@code mtime}, else now (a live file). */
    private void write(String path, LocalDateTime first, int count, LocalDateTime mtime) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append(LINE_TIME.format(first.plusHours(i))).append(".000 INFO  [main] request id=").append(i).append('\n');
        }
        Path file = logs.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, b);
        if (mtime != null) {
            Files.setLastModifiedTime(file, FileTime.from(mtime.atZone(ZONE).toInstant()));
        }
    }
}
