package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source's {@code compression:} through the command line: the same 24 MiB of hex rows (where
 * zstd level 1 stores fewer bytes than level 3) backed up adaptively and at a fixed level 3; both
 * verify and restore byte for byte, and the system's {@code zstd} reads the mixed-level frames.
 */
class CompressionE2eTest {
    @TempDir
    Path dir;

    @Test
    void theAdaptiveSourceStoresFewerBytesAndEachRestores() throws Exception {
        Path source = Files.createDirectories(dir.resolve("src"));
        writeHexRows(source.resolve("tokens.tsv"), 24 << 20);
        Path config = dir.resolve("lifeboat.yaml");
        Files.writeString(config, """
                catalog: { url: "jdbc:h2:file:%1$s/var/catalog" }
                targets:
                  primary: { type: file, path: %1$s/var/primary }
                sources:
                  - { name: adaptive, type: directory, path: %2$s, schedule: "0 0 3 * * ?", targets: [primary], rpo: 25h }
                  - { name: fixed, type: directory, path: %2$s, schedule: "0 0 3 * * ?", targets: [primary], rpo: 25h,
                      compression: { level: 3, adaptive: false } }
                """.formatted(dir, source));
        Cli cli = new Cli(config);

        Cli.Result run = cli.run("backup", "run", "--all");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("adaptive ").contains("fixed ").doesNotContain("FAILED");
        Path adaptive = FileTargetsE2eTest.onlyObject(dir.resolve("var/primary/adaptive"), "data.tar.zst");
        Path fixed = FileTargetsE2eTest.onlyObject(dir.resolve("var/primary/fixed"), "data.tar.zst");
        assertThat(Files.size(adaptive)).isLessThan(Files.size(fixed) * 95 / 100);

        for (String name : new String[] {"adaptive", "fixed"}) {
            Path out = dir.resolve("restored-" + name);
            Cli.Result restore = cli.run("restore", "files", "--backup", Cli.backupId(run, name), "--into", out.toString());
            assertThat(restore.exitCode()).as(restore.toString()).isZero();
            assertThat(TreeSnapshot.of(out)).isEqualTo(TreeSnapshot.of(source));
        }
        Process zstd = new ProcessBuilder("zstd", "-t", "-q", adaptive.toString()).redirectErrorStream(true).start();
        String output = new String(zstd.getInputStream().readAllBytes());
        assertThat(zstd.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(zstd.exitValue()).as(output).isZero();
    }

    /** Rows like a table of ids and random hex tokens (hashes, API keys). */
    private static void writeHexRows(Path file, int size) throws IOException {
        Random random = new Random(42);
        byte[] token = new byte[32];
        long written = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (int id = 1; written < size; id++) {
                random.nextBytes(token);
                String row = id + "\tuser-" + (id % 5000) + "\t" + HexFormat.of().formatHex(token) + "\n";
                w.write(row);
                written += row.length();
            }
        }
    }
}
