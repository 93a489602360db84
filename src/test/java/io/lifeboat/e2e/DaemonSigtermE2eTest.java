package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.config.ConfigLoader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lifeboat daemon} as a real child process: it logs, serves, backs up, and stops cleanly on SIGTERM. */
class DaemonSigtermE2eTest {
    @TempDir
    Path dir;

    @Test
    @org.junit.jupiter.api.Timeout(value = 3, unit = TimeUnit.MINUTES)
    void sigtermStopsTheDaemonGracefully() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = DaemonTesting.config(dir, "jdbc:h2:file:" + dir.resolve("var/catalog"), "0/2 * * * * ?",
                "{ http: \"127.0.0.1:" + port + "\", shutdownGrace: 20s }");
        Path log = dir.resolve("daemon.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "io.lifeboat.cli.Main", "daemon", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            try {
                // through the child's own /metrics: this JVM opens the H2 file only after the child has exited
                DaemonTesting.await(Duration.ofSeconds(60), "the child's first verified backup", () -> {
                    try {
                        Double age = DaemonTesting.parsePrometheus(DaemonTesting.get(port, "/metrics").body())
                                .get("lifeboat_verified_backup_age_seconds{source=\"docs\"}");
                        return age != null && !age.isNaN();
                    } catch (java.io.IOException e) {
                        return false;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                });
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; the child's log:\n" + Files.readString(log), e);
            }
            assertThat(DaemonTesting.get(port, "/health").status()).isEqualTo(200);

            child.destroy(); // SIGTERM

            assertThat(child.waitFor(40, TimeUnit.SECONDS)).as("stopped within the grace").isTrue();
            assertThat(child.exitValue()).as("killed by SIGTERM after a clean stop").isEqualTo(143);
            List<String> lines = Files.readAllLines(log);
            assertThat(lines).anyMatch(l -> l.contains("daemon started"))
                    .anyMatch(l -> l.contains("VERIFIED (level 2"))
                    .anyMatch(l -> l.contains("daemon stopped"));
            try (Catalog catalog = Catalog.open(ConfigLoader.load(config).catalog(), Clock.systemUTC())) {
                assertThat(catalog.backups("docs", 1000)).as("nothing left RUNNING")
                        .noneMatch(b -> b.status() == io.lifeboat.core.catalog.BackupStatus.RUNNING);
            }
        } finally {
            child.destroyForcibly();
        }
    }
}
