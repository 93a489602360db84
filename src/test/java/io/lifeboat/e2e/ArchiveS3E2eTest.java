package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.core.catalog.RetrievalRecord;
import io.lifeboat.testing.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.InvalidObjectStateException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A backup whose only copy is in an S3 archive storage class (the file copy is lost): the restore
 * starts restore-object and exits 75; the next run resumes the same retrieval and reads.
 */
class ArchiveS3E2eTest {
    @RegisterExtension
    static MotoServer moto = new MotoServer();

    @TempDir
    Path dir;
    Path source;
    String bucket;

    Cli setUp(String storageClass) throws IOException {
        bucket = moto.createBucket();
        source = TestTrees.tricky(dir.resolve("src"), 2 * 1024 * 1024);
        Path config = dir.resolve("lifeboat.yaml");
        Files.writeString(config, """
                catalog: { url: "jdbc:h2:file:%1$s/var/catalog" }
                targets:
                  primary: { type: file, path: %1$s/var/primary }
                  cold: { type: s3, bucket: %2$s, region: %3$s, endpoint: "%4$s", pathStyle: true,
                          storageClass: %6$s, retrievalTier: bulk }
                sources:
                  - { name: tree, type: directory, path: %5$s, schedule: "0 0 3 * * ?", targets: [primary, cold], rpo: 25h }
                """.formatted(dir, bucket, MotoServer.REGION, moto.endpoint(), source, storageClass));
        return new Cli(config);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GLACIER", "DEEP_ARCHIVE"})
    void onlyArchivedCopyIsRetrievedThenRead(String storageClass) throws IOException {
        Cli cli = setUp(storageClass);
        Cli.Result run = cli.run("backup", "run", "tree", "--no-verify");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        String id = Cli.backupId(run, "tree");
        FileTargetsE2eTest.deleteTree(dir.resolve("var/primary"));
        String dataKey = moto.s3().listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key)
                .filter(k -> k.endsWith(id + "/data.tar.zst")).findFirst().orElseThrow();
        assertThatThrownBy(() -> moto.s3().getObjectAsBytes(b -> b.bucket(bucket).key(dataKey)))
                .isInstanceOf(InvalidObjectStateException.class);
        Path out = dir.resolve("restored");

        Cli.Result first = cli.run("restore", "files", "--backup", id, "--into", out.toString());
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(75);
        String requestId = ArchiveGlacierE2eTest.retrievalId(first, "started");
        assertThat(first.out()).contains("(tier bulk, expected ready in");
        assertThat(moto.s3().getObjectAsBytes(b -> b.bucket(bucket).key(dataKey)).asByteArray()).isNotEmpty();

        Cli.Result second = cli.run("restore", "files", "--backup", id, "--into", out.toString());
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(ArchiveGlacierE2eTest.retrievalId(second, "resumed")).isEqualTo(requestId);
        assertThat(second.out()).contains("via cold");
        assertThat(TreeSnapshot.of(out)).isEqualTo(TreeSnapshot.of(source));
        assertThat(ArchiveGlacierE2eTest.retrievals(dir)).singleElement()
                .extracting(RetrievalRecord::id, RetrievalRecord::phase).containsExactly(requestId, RetrievalRecord.Phase.DONE);
    }
}
