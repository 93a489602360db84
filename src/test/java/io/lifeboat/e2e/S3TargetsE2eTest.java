package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.testing.MotoServer;
import io.lifeboat.testing.Servers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Back up to a file target and an S3 DR target (moto_server), restore from S3, and by hand with aws, zstd and tar. */
class S3TargetsE2eTest {
    @RegisterExtension
    static MotoServer moto = new MotoServer();

    @TempDir
    Path dir;
    Path source;
    Cli cli;
    String bucket;

    @BeforeEach
    void setUp() throws IOException {
        bucket = moto.createBucket("dr-" + Long.toHexString(System.nanoTime()));
        // 13 MiB of random data: several 4 MiB frames, and three 5 MiB multipart parts.
        source = TestTrees.tricky(dir.resolve("src"), 13 * 1024 * 1024);
        Path config = dir.resolve("lifeboat.yaml");
        Files.writeString(config, """
                catalog: { url: "jdbc:h2:file:%1$s/var/catalog" }
                targets:
                  primary: { type: file, path: %1$s/var/primary }
                  dr: { type: s3, bucket: %2$s, region: eu-central-1, prefix: lifeboat/, endpoint: "%3$s", pathStyle: true,
                        storageClass: STANDARD_IA, partSize: 5MiB }
                sources:
                  - { name: tree, type: directory, path: %4$s, schedule: "0 0 3 * * ?", targets: [primary, dr], rpo: 25h }
                """.formatted(dir, bucket, moto.endpoint(), source));
        cli = new Cli(config);
    }

    @Test
    void roundTripThroughS3IsByteIdentical() throws IOException {
        Cli.Result run = cli.run("backup", "run", "tree");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("VERIFIED (level 2, 2 copies)");
        String id = Cli.backupId(run, "tree");

        ListObjectsV2Response listing = moto.s3().listObjectsV2(b -> b.bucket(bucket).prefix("lifeboat/tree/"));
        assertThat(listing.contents()).extracting(S3Object::key).anyMatch(k -> k.endsWith("/" + id + "/data.tar.zst"))
                .anyMatch(k -> k.endsWith("/" + id + "/manifest.json"));

        Path out = dir.resolve("restored");
        Cli.Result restore = cli.run("restore", "files", "--backup", id, "--into", out.toString(), "--target", "dr");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(restore.out()).contains("via dr");
        assertThat(TreeSnapshot.of(out)).isEqualTo(TreeSnapshot.of(source));
    }

    @Test
    void selectiveRestoreFromS3FetchesOnlyTheFramesNeeded() throws IOException {
        String id = Cli.backupId(cli.run("backup", "run", "tree"), "tree");
        Path out = dir.resolve("one");
        Cli.Result restore = cli.run("restore", "files", "--backup", id, "--into", out.toString(), "--target", "dr",
                "--include", "secret.conf");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(restore.out()).contains("restored 1 files").containsPattern("fetched [0-9.]+ (B|KiB|MiB) of 1[0-9]\\.\\d MiB stored");
        assertThat(Files.readString(out.resolve("secret.conf"))).isEqualTo("mode 600\n");
    }

    @Test
    void restoreByHandWithAwsCliZstdAndTar() throws Exception {
        Servers.requireOrSkip(onPath("aws"), "the aws command line");
        String id = Cli.backupId(cli.run("backup", "run", "tree"), "tree");
        String key = moto.s3().listObjectsV2(b -> b.bucket(bucket).prefix("lifeboat/tree/")).contents().stream()
                .map(S3Object::key).filter(k -> k.endsWith(id + "/data.tar.zst")).findFirst().orElseThrow();
        Path out = Files.createDirectories(dir.resolve("by-hand"));
        ProcessBuilder pb = new ProcessBuilder("bash", "-c",
                "aws --endpoint-url \"$0\" s3 cp \"s3://$1/$2\" - | zstd -d | tar -xf - -C \"$3\"",
                moto.endpoint().toString(), bucket, key, out.toString()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_DEFAULT_REGION", "eu-central-1");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(TreeSnapshot.of(out)).isEqualTo(TreeSnapshot.of(source));
    }

    @Test
    void catalogRebuiltFromS3Alone() throws IOException {
        String id = Cli.backupId(cli.run("backup", "run", "tree"), "tree");
        FileTargetsE2eTest.deleteTree(dir.resolve("var"));
        Cli.Result rebuild = cli.run("catalog", "rebuild", "--target", "dr");
        assertThat(rebuild.exitCode()).as(rebuild.toString()).isZero();
        assertThat(rebuild.out()).contains("1 backups added");
        Cli.Result verify = cli.run("verify", id);
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(cli.run("backup", "list").out()).contains(id).contains("VERIFIED");
    }

    static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
