package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.testing.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code retention apply} with a file target, a plain S3 bucket and an S3 Object Lock bucket in COMPLIANCE mode
 * (moto_server): the locked copies are refused, reported and kept (exit 1); the other copies are still deleted.
 */
class RetentionS3E2eTest {
    @RegisterExtension
    static MotoServer moto = new MotoServer();

    @TempDir
    Path dir;
    Path source;
    Cli cli;
    String dr;
    String vault;

    @BeforeEach
    void setUp() throws IOException {
        dr = moto.createBucket(MotoServer.uniqueBucketName());
        vault = moto.createObjectLockBucket(MotoServer.uniqueBucketName());
        moto.s3().putObjectLockConfiguration(b -> b.bucket(vault).objectLockConfiguration(c -> c.objectLockEnabled("Enabled")
                .rule(r -> r.defaultRetention(d -> d.mode(ObjectLockRetentionMode.COMPLIANCE).days(1)))));
        source = TestTrees.tricky(dir.resolve("src"), 64 * 1024);
        Path config = dir.resolve("lifeboat.yaml");
        Files.writeString(config, """
                catalog: { url: "jdbc:h2:file:%1$s/var/catalog" }
                targets:
                  primary: { type: file, path: %1$s/var/primary }
                  dr: { type: s3, bucket: %2$s, region: eu-central-1, prefix: lb/, endpoint: "%4$s", pathStyle: true }
                  vault: { type: s3, bucket: %3$s, region: eu-central-1, prefix: lb/, endpoint: "%4$s", pathStyle: true }
                sources:
                  - { name: tree, type: directory, path: %5$s, schedule: "0 0 3 * * ?", targets: [primary, dr, vault], rpo: 25h,
                      retention: { keepLast: 1, minAge: 0s } }
                """.formatted(dir, dr, vault, moto.endpoint(), source));
        cli = new Cli(config);
    }

    @Test
    void lockedCopiesAreRefusedReportedAndKeptWhileOtherCopiesAreDeleted() throws IOException {
        List<String> ids = new ArrayList<>();
        for (int gen = 1; gen <= 3; gen++) {
            Files.writeString(source.resolve("gen.txt"), "gen " + gen + "\n");
            Cli.Result run = cli.run("backup", "run", "tree");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            ids.add(Cli.backupId(run, "tree"));
        }
        String oldest = ids.get(0);
        assertThat(keys(vault, oldest)).hasSize(2);
        assertThat(moto.s3().headObject(b -> b.bucket(vault).key(keys(vault, oldest).get(0))).objectLockMode())
                .isEqualTo(ObjectLockMode.COMPLIANCE);

        Cli.Result apply = cli.run("retention", "apply");
        assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
        assertThat(apply.out()).contains("tree (keepLast 1, minAge 0s): keep 1, expired 2")
                .contains("deleted from primary, dr")
                .contains("KEPT in vault, could not delete: s3 target 'vault'")
                .contains("AccessDenied (HTTP 403), S3 Object Lock COMPLIANCE until");

        for (String gone : ids.subList(0, 2)) {
            assertThat(files("primary", gone)).as("primary copy of " + gone).isEmpty();
            ListObjectVersionsResponse versions = moto.s3().listObjectVersions(b -> b.bucket(dr).prefix("lb/tree/"));
            assertThat(versions.versions()).noneMatch(v -> v.key().contains(gone));
            assertThat(versions.deleteMarkers()).noneMatch(m -> m.key().contains(gone));
            assertThat(keys(vault, gone)).as("locked copy of " + gone).hasSize(2);
        }
        String newest = ids.get(2);
        assertThat(files("primary", newest)).hasSize(2);
        assertThat(keys(dr, newest)).hasSize(2);

        Map<String, JsonNode> listed = new HashMap<>();
        new ObjectMapper().readTree(cli.run("backup", "list", "--json").out()).forEach(b -> listed.put(b.get("id").asText(), b));
        JsonNode partly = listed.get(oldest);
        assertThat(partly.get("status").asText()).isEqualTo("VERIFIED");
        assertThat(partly.get("reason").asText()).contains("the copy in vault could not be deleted and is kept", "COMPLIANCE");
        Map<String, String> copies = new HashMap<>();
        partly.get("copies").forEach(c -> copies.put(c.get("target").asText(), c.get("status").asText()));
        assertThat(copies).containsEntry("primary", "FAILED").containsEntry("dr", "FAILED")
                .hasEntrySatisfying("vault", s -> assertThat(s).isNotEqualTo("FAILED"));

        Path out = dir.resolve("restored");
        Cli.Result restore = cli.run("restore", "files", "--backup", oldest, "--into", out.toString());
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(restore.out()).contains("via vault");
        assertThat(Files.readString(out.resolve("gen.txt"))).isEqualTo("gen 1\n");

        Cli.Result again = cli.run("retention", "apply", "--json");
        assertThat(again.exitCode()).as("still locked: " + again).isEqualTo(1);
        JsonNode expired = new ObjectMapper().readTree(again.out()).get(0).get("expired");
        assertThat(expired).hasSize(2);
        assertThat(expired.get(0).get("refused").get("vault").asText()).contains("COMPLIANCE");
    }

    private List<String> keys(String bucket, String id) {
        return moto.s3().listObjectsV2(b -> b.bucket(bucket).prefix("lb/tree/")).contents().stream()
                .map(S3Object::key).filter(k -> k.contains("/" + id + "/")).toList();
    }

    private List<Path> files(String target, String id) throws IOException {
        try (Stream<Path> walk = Files.walk(dir.resolve("var").resolve(target))) {
            return walk.filter(Files::isRegularFile).filter(p -> p.toString().contains("/" + id + "/")).toList();
        }
    }
}
