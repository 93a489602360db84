package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.backup.BackupRunner;
import io.lifeboat.backup.Connections;
import io.lifeboat.cli.Lifeboat;
import io.lifeboat.core.archive.ArchiveOptions;
import io.lifeboat.core.config.ConfigLoader;
import io.lifeboat.core.config.LifeboatConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nights of a release repository, each with a new version (and one file rewritten every night);
 * {@code restore artifact} by name, version and {@code --at}, {@code restore files --source --at}, and
 * the audit row each leaves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreArtifactE2eTest {
    @TempDir
    static Path dir;
    Cli cli;
    final List<String> commands = new ArrayList<>();

    @BeforeAll
    void threeNights() throws IOException {
        Path repo = Files.createDirectories(dir.resolve("releases"));
        Path config = dir.resolve("lifeboat.yaml");
        Files.writeString(config, """
                catalog: { url: "jdbc:h2:file:%1$s/var/catalog" }
                targets:
                  primary: { type: file, path: %1$s/var/primary }
                  spare: { type: file, path: %1$s/var/spare }
                sources:
                  - { name: releases, type: artifacts, path: %1$s/releases, schedule: "0 0 2 * * ?", targets: [primary, spare], rpo: 25h }
                """.formatted(dir));
        LifeboatConfig cfg = ConfigLoader.load(config);
        RestoreLogsE2eTest.TestClock clock = new RestoreLogsE2eTest.TestClock(Instant.parse("2026-10-01T02:00:00Z"));
        try (Lifeboat lb = Lifeboat.open(cfg, clock)) {
            BackupRunner runner = new BackupRunner(lb.catalog(), lb.targets(), clock, ArchiveOptions.DEFAULT.withThreads(2),
                    Connections.fromEnvironment());
            String[] versions = {"4.2.0", "4.2.1", "4.3.0"};
            for (int night = 0; night < 3; night++) {
                String v = versions[night];
                Files.writeString(repo.resolve("orders-service-" + v + ".jar"), "orders-service jar " + v);
                Files.createDirectories(repo.resolve("orders-service/" + v));
                Files.writeString(repo.resolve("orders-service/" + v + "/orders-service.pom"), "<version>" + v + "</version>");
                Files.writeString(repo.resolve("orders-service-api-1." + night + ".jar"), "api " + night);
                Files.createDirectories(repo.resolve("current"));
                Files.writeString(repo.resolve("current/orders-service.jar"), "current is " + v);
                if (night == 2) {
                    Files.delete(repo.resolve("orders-service-4.2.0.jar"));
                    Files.delete(repo.resolve("orders-service/4.2.0/orders-service.pom"));
                    Files.delete(repo.resolve("orders-service/4.2.0"));
                }
                clock.set(Instant.parse("2026-10-0" + (night + 1) + "T02:00:00Z"));
                assertThat(runner.run(cfg.source("releases").orElseThrow()).copyErrors()).isEmpty();
            }
        }
        cli = new Cli(config);
    }

    @Test
    void byNameAndVersion() throws IOException {
        Path out = dir.resolve("v421");
        Cli.Result r = restore("artifact", "--source", "releases", "--name", "orders-service", "--version", "4.2.1",
                "--into", out.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(RestoreLogsE2eTest.regularFiles(out)).containsExactly("orders-service-4.2.1.jar",
                "orders-service/4.2.1/orders-service.pom");
        assertThat(Files.readString(out.resolve("orders-service-4.2.1.jar"))).isEqualTo("orders-service jar 4.2.1");
    }

    @Test
    void byNameAtAPointInTime() throws IOException {
        Path out = dir.resolve("oct1");
        Cli.Result r = restore("artifact", "--source", "releases", "--name", "orders-service", "--at", "2026-10-01T12:00Z",
                "--into", out.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(RestoreLogsE2eTest.regularFiles(out)).containsExactly("orders-service-4.2.0.jar",
                "orders-service/4.2.0/orders-service.pom");

        Path deleted = dir.resolve("deleted-later");
        Cli.Result old = restore("artifact", "--source", "releases", "--name", "orders-service", "--version", "4.2.0",
                "--at", "2026-10-02T12:00Z", "--into", deleted.toString());
        assertThat(old.exitCode()).as(old.toString()).isZero();
        assertThat(Files.readString(deleted.resolve("orders-service-4.2.0.jar"))).isEqualTo("orders-service jar 4.2.0");

        Cli.Result gone = restore("artifact", "--source", "releases", "--name", "orders-service", "--version", "4.2.0",
                "--into", dir.resolve("now").toString());
        assertThat(gone.exitCode()).as(gone.toString()).isNotZero();
        assertThat(gone.err()).contains("no artifact matching orders-service 4.2.0");
    }

    @Test
    void sameFileAtThreeTimesByGlobAndByFilesAt() throws IOException {
        String[] at = {"2026-10-01T02:30Z", "2026-10-02", "2026-10-03T02:00:00Z"};
        String[] expected = {"current is 4.2.0", "current is 4.2.0", "current is 4.3.0"};
        for (int i = 0; i < 3; i++) {
            Path out = dir.resolve("current-" + i);
            Cli.Result r = restore("artifact", "--source", "releases", "--include", "current/*", "--at", at[i],
                    "--into", out.toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(Files.readString(out.resolve("current/orders-service.jar"))).isEqualTo(expected[i]);
        }
        Path files = dir.resolve("files-at");
        Cli.Result r = restore("files", "--source", "releases", "--at", "2026-10-02T03:00Z", "--include", "current/*",
                "--into", files.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Files.readString(files.resolve("current/orders-service.jar"))).isEqualTo("current is 4.2.1");
        assertThat(RestoreLogsE2eTest.regularFiles(files)).containsExactly("current/orders-service.jar");
    }

    @Test
    void everyRestoreLeavesAnAuditRow() throws IOException {
        Path out = dir.resolve("audited");
        Cli.Result r = restore("artifact", "--source", "releases", "--name", "orders-service-api", "--version", "1.2",
                "--into", out.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String id = r.out().lines().filter(l -> l.trim().startsWith("request R")).map(l -> l.trim().split(" ")[1])
                .findFirst().orElseThrow(() -> new AssertionError(r.toString()));

        Cli.Result one = cli.run("restore", "status", id, "--json");
        assertThat(one.exitCode()).as(one.toString()).isZero();
        JsonNode row = new ObjectMapper().readTree(one.out());
        assertThat(row.get("id").asText()).isEqualTo(id);
        assertThat(row.get("kind").asText()).isEqualTo("artifact");
        assertThat(row.get("source").asText()).isEqualTo("releases");
        assertThat(row.get("osUser").asText()).isEqualTo(System.getProperty("user.name"));
        assertThat(row.get("host").asText()).isNotBlank();
        assertThat(row.get("requestedAt").asText()).isNotBlank();
        assertThat(row.get("commandLine").asText()).isEqualTo("lifeboat restore artifact --source releases --name"
                + " orders-service-api --version 1.2 --into " + out + " --config " + dir.resolve("lifeboat.yaml"));
        assertThat(row.get("targetDir").asText()).isEqualTo(out.toString());
        assertThat(row.get("backupsUsed")).hasSize(1);
        assertThat(row.get("files").asLong()).isEqualTo(1);
        assertThat(row.get("bytes").asLong()).isEqualTo("api 2".length());
        assertThat(row.get("bytesFetched").asLong()).isPositive();
        assertThat(row.get("bytesStored").asLong()).isPositive();
        assertThat(row.get("readFrom").asText()).isEqualTo("primary");
        assertThat(row.get("result").asText()).isEqualTo("ok");

        Cli.Result text = cli.run("restore", "status", id);
        assertThat(text.out()).contains("request:       " + id).contains("result:        ok")
                .contains("command:       lifeboat restore artifact");

        // Every command of this class so far, failures included, is in the trail.
        Cli.Result list = cli.run("restore", "status", "--json", "--limit", "1000");
        JsonNode requests = new ObjectMapper().readTree(list.out()).get("requests");
        List<String> lines = new ArrayList<>();
        requests.forEach(n -> lines.add(n.get("commandLine").asText()));
        for (String c : commands) {
            assertThat(lines).anyMatch(l -> l.startsWith(c));
        }
        for (int i = 1; i < requests.size(); i++) {
            assertThat(Instant.parse(requests.get(i - 1).get("requestedAt").asText()))
                    .isAfterOrEqualTo(Instant.parse(requests.get(i).get("requestedAt").asText()));
        }
    }

    @Test
    void fallsBackToTheNextCopyWhenTheFirstIsUnreachableAndSaysSo() throws IOException {
        Files.move(dir.resolve("var/primary"), dir.resolve("var/primary-lost"));
        try {
            Path out = dir.resolve("fallback");
            Cli.Result r = restore("artifact", "--source", "releases", "--name", "orders-service", "--version", "4.3.0",
                    "--into", out.toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("note: target primary unreachable").contains("fell back to spare").contains("via spare");
            assertThat(Files.readString(out.resolve("orders-service-4.3.0.jar"))).isEqualTo("orders-service jar 4.3.0");

            Cli.Result pinned = restore("artifact", "--source", "releases", "--name", "orders-service", "--version", "4.3.0",
                    "--into", dir.resolve("pinned").toString(), "--target", "primary");
            assertThat(pinned.exitCode()).as(pinned.toString()).isNotZero();
            assertThat(pinned.err()).contains("primary");
        } finally {
            Files.move(dir.resolve("var/primary-lost"), dir.resolve("var/primary"));
        }
        Path near = dir.resolve("nearest");
        Cli.Result r = restore("artifact", "--source", "releases", "--name", "orders-service", "--version", "4.3.0",
                "--into", near.toString());
        assertThat(r.out()).contains("via primary").doesNotContain("fell back");
    }

    @Test
    void aDamagedCopyMakesThePartialResultLoudAndAudited() throws IOException {
        Path data;
        try (var files = Files.walk(dir.resolve("var/spare"))) {
            data = files.filter(p -> p.getFileName().toString().equals("data.tar.zst")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        byte[] original = Files.readAllBytes(data);
        byte[] damaged = original.clone();
        damaged[damaged.length / 2] ^= 0x5a;
        Files.write(data, damaged);
        try {
            Cli.Result r = restore("artifact", "--source", "releases", "--include", "**", "--target", "spare",
                    "--into", dir.resolve("damaged").toString());
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).contains("FAILED orders-service-4.3.0.jar");
            assertThat(r.err()).contains("restore was partial");
            String id = r.out().lines().filter(l -> l.trim().startsWith("request R")).map(l -> l.trim().split(" ")[1])
                    .findFirst().orElseThrow();
            JsonNode row = new ObjectMapper().readTree(cli.run("restore", "status", id, "--json").out());
            assertThat(row.get("result").asText()).isEqualTo("partial");
            assertThat(row.get("message").asText()).contains("failed").contains("orders-service-4.3.0.jar");
        } finally {
            Files.write(data, original);
        }
    }

    private Cli.Result restore(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "restore";
        System.arraycopy(args, 0, all, 1, args.length);
        commands.add("lifeboat " + String.join(" ", all));
        return cli.run(all);
    }
}
