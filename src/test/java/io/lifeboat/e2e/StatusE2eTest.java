package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.core.archive.BackupId;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.BackupStatus;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lifeboat status}: per source, from the catalog; next run computed from the cron without a daemon. */
class StatusE2eTest {
    @TempDir
    Path dir;

    @Test
    void tableAndJsonWithoutADaemon() throws Exception {
        Path config = DaemonTesting.config(dir, "jdbc:h2:file:" + dir.resolve("var/catalog"), "0 0 3 * * ?", "{}");
        Instant now = Instant.now();
        BackupId verified;
        try (Catalog catalog = Catalog.open(ConfigLoader.load(config).catalog(), Clock.systemUTC())) {
            verified = CheckE2eTest.insert(catalog, now.minus(Duration.ofHours(22)), BackupStatus.VERIFIED, true);
            BackupId failed = BackupId.create(now.minus(Duration.ofHours(1)));
            catalog.insertBackup(BackupRecord.running(failed, "docs", "directory", now.minus(Duration.ofHours(1)), null,
                    "docs/x/data.tar.zst").withStatus(BackupStatus.FAILED, "source unreadable: /data: permission denied"));
        }
        Cli cli = new Cli(config);

        Cli.Result table = cli.run("status");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out().lines().toList()).hasSize(2);
        assertThat(table.out().lines().toList().get(1)).startsWith("docs ").contains(" FAILED ").contains("22h / 26h")
                .contains("WARNING").contains("(cron)").endsWith("source unreadable: /data: permission denied");

        Cli.Result json = cli.run("status", "--json");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        JsonNode docs = new ObjectMapper().readTree(json.out()).get(0);
        assertThat(docs.get("source").asText()).isEqualTo("docs");
        assertThat(docs.get("state").asText()).isEqualTo("WARNING");
        assertThat(docs.get("lastBackup").get("status").asText()).isEqualTo("FAILED");
        assertThat(docs.get("lastVerified").get("id").asText()).isEqualTo(verified.value());
        assertThat(docs.get("verifiedAgeSeconds").asLong()).isBetween(79_200L, 79_300L);
        assertThat(docs.get("rpoSeconds").asLong()).isEqualTo(93_600L);
        assertThat(docs.get("lastVerificationPassed").asBoolean()).isTrue();
        assertThat(docs.get("lastError").asText()).isEqualTo("source unreadable: /data: permission denied");
        assertThat(docs.get("nextRunFrom").asText()).isEqualTo("cron");
        Instant next = Instant.parse(docs.get("nextRun").asText());
        Instant expected = LocalDate.now(ZoneOffset.UTC).atTime(3, 0).toInstant(ZoneOffset.UTC);
        assertThat(next).isIn(expected, expected.plus(Duration.ofDays(1)));
        assertThat(next).isAfter(now);
    }
}
