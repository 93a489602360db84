package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Back up, verify, restore and rebuild through the command line with two {@code file} targets. */
class FileTargetsE2eTest {
    @TempDir
    Path dir;
    Path source;
    Cli cli;

    @BeforeEach
    void setUp() throws IOException {
        source = TestTrees.tricky(dir.resolve("src"), 13 * 1024 * 1024);
        Path config = dir.resolve("lifeboat.yaml");
        Files.writeString(config, """
                catalog: { url: "jdbc:h2:file:%1$s/var/catalog" }
                targets:
                  primary: { type: file, path: %1$s/var/primary }
                  dr: { type: file, path: %1$s/var/dr }
                sources:
                  - { name: tree, type: directory, path: %2$s, schedule: "0 0 3 * * ?", targets: [primary, dr], rpo: 25h }
                """.formatted(dir, source));
        cli = new Cli(config);
    }

    @Test
    void roundTripIsByteIdenticalFromEitherCopy() throws IOException {
        Cli.Result run = cli.run("backup", "run", "tree");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("VERIFIED (level 2, 2 copies)");
        String id = Cli.backupId(run, "tree");

        Map<String, String> original = TreeSnapshot.of(source);
        assertThat(original).containsKeys("deep/nested/dir/" + TestTrees.LONG_NAME, TestTrees.UNICODE_NAME, "empty-dir", "dangling");
        for (String target : List.of("primary", "dr")) {
            Path out = dir.resolve("restored-" + target);
            Cli.Result restore = cli.run("restore", "files", "--backup", id, "--into", out.toString(), "--target", target);
            assertThat(restore.exitCode()).as(restore.toString()).isZero();
            assertThat(TreeSnapshot.of(out)).isEqualTo(original);
        }
    }

    @Test
    void restoreByHandWithSystemZstdAndTar() throws Exception {
        Cli.Result run = cli.run("backup", "run", "tree");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        Path data = onlyObject(dir.resolve("var/dr"), "data.tar.zst");
        Path out = Files.createDirectories(dir.resolve("by-hand"));
        Process p = new ProcessBuilder("bash", "-c", "zstd -d -c \"$0\" | tar -xf - -C \"$1\"", data.toString(), out.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(TreeSnapshot.of(out)).isEqualTo(TreeSnapshot.of(source));
    }

    @Test
    void selectiveRestoreWithInclude() throws IOException {
        String id = Cli.backupId(cli.run("backup", "run", "tree"), "tree");
        Path out = dir.resolve("only-log");
        Cli.Result restore = cli.run("restore", "files", "--backup", id, "--into", out.toString(), "--include", "**/*.log");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(restore.out()).contains("restored 1 files");
        assertThat(Files.readString(out.resolve("deep/app.log"))).isEqualTo(Files.readString(source.resolve("deep/app.log")));
        assertThat(out.resolve("deep/big.bin")).doesNotExist();
    }

    @Test
    void flippedByteFailsVerificationNamingObjectAndCheck() throws IOException {
        String id = Cli.backupId(cli.run("backup", "run", "tree"), "tree");
        Path data = onlyObject(dir.resolve("var/dr"), "data.tar.zst");
        try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0x01);
        }
        Cli.Result verify = cli.run("verify", id, "--level", "1");
        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(1);
        assertThat(verify.err()).contains("dr: ").contains("data.tar.zst").contains("sha256 mismatch");
        assertThat(verify.out()).contains("on primary: OK");

        Cli.Result level2 = cli.run("verify", id);
        assertThat(level2.exitCode()).isEqualTo(1);
        assertThat(cli.run("backup", "list", "--json").out()).contains("\"PARTIALLY_FAILED\"");
    }

    @Test
    void missingManifestIsAMissingFinding() throws IOException {
        String id = Cli.backupId(cli.run("backup", "run", "tree"), "tree");
        Files.delete(onlyObject(dir.resolve("var/dr"), "manifest.json"));
        Cli.Result verify = cli.run("verify", id);
        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.out()).contains("on dr: FAILED").contains("missing");
    }

    @Test
    void catalogRebuiltFromTheDrTargetAlone() throws IOException {
        String id = Cli.backupId(cli.run("backup", "run", "tree"), "tree");
        deleteTree(dir.resolve("var/catalog.mv.db"));
        deleteTree(dir.resolve("var/primary"));
        assertThat(cli.run("backup", "list").out()).doesNotContain(id);

        Cli.Result rebuild = cli.run("catalog", "rebuild", "--target", "dr");
        assertThat(rebuild.exitCode()).as(rebuild.toString()).isZero();
        assertThat(rebuild.out()).contains("1 manifests, 1 backups added");
        assertThat(cli.run("backup", "list").out()).contains(id).contains("COMPLETE");

        Path out = dir.resolve("after-rebuild");
        Cli.Result restore = cli.run("restore", "files", "--backup", id, "--into", out.toString());
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(TreeSnapshot.of(out)).isEqualTo(TreeSnapshot.of(source));
        assertThat(cli.run("verify", id).exitCode()).isZero();
    }

    @Test
    void restoreRefusesANonEmptyDirectoryWithoutForce() throws IOException {
        String id = Cli.backupId(cli.run("backup", "run", "tree"), "tree");
        Path out = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(out.resolve("keep.txt"), "live data");
        Cli.Result refused = cli.run("restore", "files", "--backup", id, "--into", out.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("is not empty").contains("--force");
        assertThat(Files.readString(out.resolve("keep.txt"))).isEqualTo("live data");
    }

    @Test
    void unknownSourceAndBadIdsGiveOneClearLine() {
        Cli.Result r = cli.run("backup", "run", "nope");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("lifeboat: no source named \"nope\" in " + dir.resolve("lifeboat.yaml") + " (known: tree)");
        Cli.Result restore = cli.run("restore", "files", "--source", "nope", "--into", dir.resolve("nope").toString());
        assertThat(restore.exitCode()).isEqualTo(2);
        assertThat(restore.err().strip()).isEqualTo("lifeboat: no source named \"nope\" in " + dir.resolve("lifeboat.yaml")
                + " (known: tree), and none in the catalog");
        assertThat(dir.resolve("nope")).doesNotExist();
        Cli.Result bad = cli.run("verify", "not-an-id");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("is not a backup id");
    }

    static Path onlyObject(Path root, String name) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().equals(name)).toList();
            assertThat(found).as("objects named %s under %s", name, root).hasSize(1);
            return found.get(0);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
