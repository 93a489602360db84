package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.BackupStatus;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.config.ConfigLoader;
import io.lifeboat.core.config.LifeboatConfig;
import io.lifeboat.daemon.Daemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon applies a source's retention on its {@code retention.schedule}. */
class RetentionDaemonE2eTest {
    @TempDir
    Path dir;

    @Test
    void scheduledRetentionExpiresOldBackupsWhileBackupsKeepComing() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("a.txt"), "a\n");
        Path config = dir.resolve("lifeboat.yaml");
        Files.writeString(config, """
                catalog: { url: "jdbc:h2:file:%1$s/var/catalog" }
                targets:
                  primary: { type: file, path: %1$s/var/primary }
                sources:
                  - { name: docs, type: directory, path: %2$s, schedule: "0/2 * * * * ?", timezone: UTC, targets: [primary],
                      rpo: 26h, retention: { keepLast: 2, minAge: 0s, schedule: "1/3 * * * * ?" } }
                daemon: { http: "127.0.0.1:0", maxConcurrentJobs: 2, shutdownGrace: 30s }
                """.formatted(dir, data));
        LifeboatConfig loaded = ConfigLoader.load(config);
        try (Catalog catalog = Catalog.open(loaded.catalog(), Clock.systemUTC())) {
            Daemon daemon = Daemon.start(loaded, Clock.systemUTC());
            try {
                DaemonTesting.await(Duration.ofSeconds(60), "two backups expired by the daemon",
                        () -> catalog.byStatus(BackupStatus.EXPIRED).size() >= 2);
            } finally {
                daemon.stop();
            }
            List<BackupRecord> all = catalog.backups("docs", 1000);
            for (BackupRecord b : all) {
                if (b.status() == BackupStatus.EXPIRED) {
                    assertThat(files(b)).as("objects of expired " + b.id()).isEmpty();
                    assertThat(b.reason()).startsWith("expired by retention at ");
                } else if (b.status() == BackupStatus.VERIFIED) {
                    assertThat(files(b)).as("objects of " + b.id()).hasSize(2);
                }
            }
            assertThat(all.get(0).status()).as("the newest is never expired").isNotEqualTo(BackupStatus.EXPIRED);
        }
    }

    private List<Path> files(BackupRecord b) throws IOException {
        try (Stream<Path> walk = Files.walk(dir.resolve("var/primary"))) {
            return walk.filter(Files::isRegularFile).filter(p -> p.toString().contains("/" + b.id().value() + "/")).toList();
        }
    }
}
