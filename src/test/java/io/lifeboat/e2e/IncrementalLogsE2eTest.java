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

    @Test
    void aFileDeletedBeforeAnIncrementalStaysOutOfTheStateAsOfIt() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("data/sub"));
        write(tree.resolve("keep.txt"), "keep\n", 1);
        write(tree.resolve("gone.txt"), "gone\n", 2);
        write(dir.resolve("data/back.txt"), "first\n", 3);
        Path config = dir.resolve("lifeboat.yaml");
        Files.writeString(config, """
                catalog: { url: "jdbc:h2:file:%1$s/var/catalog" }
                targets:
                  primary: { type: file, path: %1$s/var/primary }
                sources:
                  - { name: app-logs, type: logs, path: %1$s/data, schedule: "0 30 1 * * ?",
                      targets: [primary], rpo: 26h, fullEvery: 5 }
                """.formatted(dir));
        Cli cli = new Cli(config);
        Cli.Result full = cli.run("backup", "run", "app-logs");
        assertThat(full.out()).as(full.toString()).contains("full, files 3,");

        Files.delete(tree.resolve("gone.txt"));
        Files.delete(dir.resolve("data/back.txt"));
        Cli.Result deleting = cli.run("backup", "run", "app-logs");
        assertThat(deleting.out()).as(deleting.toString()).contains("incremental, files 0,");
        sleepPast();
        String afterDeletion = Instant.now().toString();
        sleepPast();

        write(dir.resolve("data/back.txt"), "second\n", 4);
        Cli.Result recreating = cli.run("backup", "run", "app-logs");
        assertThat(recreating.out()).as(recreating.toString()).contains("incremental, files 1,");

        Path asOfDeletion = dir.resolve("as-of-deletion");
        Cli.Result r1 = cli.run("restore", "files", "--source", "app-logs", "--at", afterDeletion, "--into", asOfDeletion.toString());
        assertThat(r1.exitCode()).as(r1.toString()).isZero();
        assertThat(asOfDeletion.resolve("sub/keep.txt")).hasContent("keep");
        assertThat(asOfDeletion.resolve("sub/gone.txt")).doesNotExist();
        assertThat(asOfDeletion.resolve("back.txt")).doesNotExist();

        Path newest = dir.resolve("newest");
        Cli.Result r2 = cli.run("restore", "files", "--source", "app-logs", "--into", newest.toString());
        assertThat(r2.exitCode()).as(r2.toString()).isZero();
        assertThat(newest.resolve("back.txt")).hasContent("second");
        assertThat(newest.resolve("sub/gone.txt")).doesNotExist();

        // the same states, one path at a time (the manifests are then read for those paths only)
        Path oneGone = dir.resolve("one-gone");
        Cli.Result r4 = cli.run("restore", "files", "--source", "app-logs", "--at", afterDeletion, "--include", "sub/gone.txt",
                "--include", "back.txt", "--into", oneGone.toString());
        assertThat(r4.exitCode()).as(r4.toString()).isZero();
        assertThat(r4.out()).contains("restored 0 files");
        assertThat(oneGone.resolve("sub/gone.txt")).doesNotExist();
        Path oneBack = dir.resolve("one-back");
        Cli.Result r5 = cli.run("restore", "files", "--source", "app-logs", "--include", "back.txt", "--include", "**/keep.txt",
                "--into", oneBack.toString());
        assertThat(r5.exitCode()).as(r5.toString()).isZero();
        assertThat(r5.out()).contains("restored 2 files");
        assertThat(oneBack.resolve("back.txt")).hasContent("second");
        assertThat(oneBack.resolve("sub/keep.txt")).hasContent("keep");

        Path asOfFull = dir.resolve("as-of-full");
        Cli.Result r3 = cli.run("restore", "files", "--backup", Cli.backupId(full, "app-logs"), "--into", asOfFull.toString());
        assertThat(r3.exitCode()).as(r3.toString()).isZero();
        assertThat(asOfFull.resolve("sub/gone.txt")).hasContent("gone");
        assertThat(asOfFull.resolve("back.txt")).hasContent("first");
    }

    /** Backup ids and times have whole seconds: keep the runs in different seconds. */
    private static void sleepPast() {
        try {
            Thread.sleep(1_100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void write(Path p, String content, int second) throws IOException {
        Files.writeString(p, content);
        Files.setLastModifiedTime(p, FileTime.from(Instant.parse("2026-10-01T00:00:00Z").plusSeconds(second)));
    }
}
