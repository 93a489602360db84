package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code logs} backups store only new or changed files between fulls, with a full every N runs. */
class IncrementalLogsE2eTest {
    @TempDir
    Path dir;

    @Test
    void incrementalsBetweenFulls() throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs/app"));
        for (int day = 1; day <= 5; day++) {
            write(logs.resolve("app-2026-10-0" + day + ".log"), "day " + day + "\n", day);
        }
        Files.writeString(dir.resolve("logs/app/notes.txt"), "not a log");
        Path config = dir.resolve("lifeboat.yaml");
        Files.writeString(config, """
                catalog: { url: "jdbc:h2:file:%1$s/var/catalog" }
                targets:
                  primary: { type: file, path: %1$s/var/primary }
                sources:
                  - { name: app-logs, type: logs, path: %1$s/logs, include: ["**/*.log*"], schedule: "0 30 1 * * ?",
                      targets: [primary], rpo: 26h, fullEvery: 3 }
                """.formatted(dir));
        Cli cli = new Cli(config);

        Cli.Result first = cli.run("backup", "run", "app-logs");
        assertThat(first.out()).as(first.toString()).contains("full, files 5,");

        write(logs.resolve("app-2026-10-06.log"), "day 6\n", 6);
        write(logs.resolve("app-2026-10-05.log"), "day 5\nmore\n", 7);
        Cli.Result second = cli.run("backup", "run", "app-logs");
        assertThat(second.out()).as(second.toString()).contains("incremental, files 2,");

        Cli.Result third = cli.run("backup", "run", "app-logs");
        assertThat(third.out()).as(third.toString()).contains("incremental, files 0,");

        Cli.Result fourth = cli.run("backup", "run", "app-logs");
        assertThat(fourth.out()).as(fourth.toString()).contains("full, files 6,");

        String id = Cli.backupId(second, "app-logs");
        Path out = dir.resolve("restored");
        assertThat(cli.run("restore", "files", "--backup", id, "--into", out.toString()).exitCode()).isZero();
        assertThat(Files.readString(out.resolve("app/app-2026-10-05.log"))).isEqualTo("day 5\nmore\n");
        assertThat(out.resolve("app/app-2026-10-01.log")).doesNotExist();
    }

    private static void write(Path p, String content, int second) throws IOException {
        Files.writeString(p, content);
        Files.setLastModifiedTime(p, FileTime.from(Instant.parse("2026-10-01T00:00:00Z").plusSeconds(second)));
    }
}
