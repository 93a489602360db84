package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real child JVM killed with SIGKILL mid-upload leaves no complete-looking backup; the next run cleans up. */
class CrashE2eTest {
    @TempDir
    Path dir;

    @Test
    void killMinus9MidUploadLeavesNothingCompleteAndNextRunCleansUp() throws Exception {
        Path source = Files.createDirectories(dir.resolve("big"));
        Random random = new Random(1);
        byte[] buf = new byte[1 << 20];
        for (int f = 0; f < 6; f++) {
            try (OutputStream out = Files.newOutputStream(source.resolve("blob-" + f + ".bin"))) {
                for (int i = 0; i < 64; i++) {
                    random.nextBytes(buf);
                    out.write(buf);
                }
            }
        }
        Path config = dir.resolve("lifeboat.yaml");
        Files.writeString(config, """
                catalog: { url: "jdbc:h2:file:%1$s/var/catalog" }
                targets:
                  primary: { type: file, path: %1$s/var/primary }
                sources:
                  - { name: big, type: directory, path: %2$s, schedule: "0 0 3 * * ?", targets: [primary], rpo: 25h }
                """.formatted(dir, source));

        Process child = childLifeboat(config, "backup", "run", "big", "--no-verify");
        Path primary = dir.resolve("var/primary");
        boolean killed = false;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline) && child.isAlive()) {
            if (bytesUnder(primary) > 32L * 1024 * 1024) {
                child.destroyForcibly(); // SIGKILL
                killed = true;
                break;
            }
            Thread.sleep(5);
        }
        assertThat(killed).as("the child was killed mid-upload (it must not have finished first)").isTrue();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Cli cli = new Cli(config);
        assertThat(manifests(primary)).as("no manifest was published").isEmpty();
        Cli.Result list = cli.run("backup", "list", "--json");
        assertThat(list.exitCode()).as("the catalog opens after its owner was killed: %s", list).isZero();
        assertThat(list.out()).doesNotContain("\"COMPLETE\"").doesNotContain("\"VERIFIED\"");
        assertThat(cli.run("verify", "--source", "big").exitCode()).isEqualTo(1);

        Cli.Result next = cli.run("backup", "run", "big");
        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(next.out()).contains("cleaned up: 1 orphaned run(s) marked FAILED");
        assertThat(next.out()).containsPattern("(1 incomplete upload\\(s\\) aborted|[1-9]\\d* manifest-less object\\(s\\) removed)");
        String json = cli.run("backup", "list", "--json").out();
        assertThat(json).contains("orphaned").contains("\"VERIFIED\"");
        assertThat(manifests(primary)).hasSize(1);
        assertThat(bytesUnder(primary)).as("only the good backup remains").isLessThan(400L * 1024 * 1024);
    }

    private Process childLifeboat(Path config, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.lifeboat.cli.Main"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--config", config.toString()));
        return new ProcessBuilder(cmd).redirectOutput(dir.resolve("child.out").toFile())
                .redirectError(dir.resolve("child.err").toFile()).start();
    }

    private static long bytesUnder(Path root) throws IOException {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static List<Path> manifests(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals("manifest.json")).toList();
        }
    }
}
