package io.lifeboat.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.config.S3TargetConfig;
import io.lifeboat.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tier;

class S3TargetTest extends TargetContract {
    @RegisterExtension
    static final MotoServer moto = new MotoServer();

    private String bucket;

    @Override
    protected Target newTarget() {
        bucket = moto.createBucket();
        return Targets.open(moto.s3Config(TARGET_NAME, bucket, "", PART_SIZE));
    }

    @Override
    protected int incompleteUploads() {
        return moto.s3().listMultipartUploads(b -> b.bucket(bucket)).uploads().size();
    }

    @Test
    void prefixIsPrependedInTheBucketAndStrippedInListings() throws IOException {
        moto.s3().putObject(b -> b.bucket(bucket).key("outside"), RequestBody.fromString("not ours"));
        try (Target t = Targets.open(moto.s3Config("dr", bucket, "team/dr", PART_SIZE))) {
            t.put("a/manifest.json", bytes("{}"));
            try (ObjectWriter w = t.create("a/data")) {
                w.stream().write(bytes("data"));
                w.commit();
            }

            assertThat(moto.s3().listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::key)
                    .containsExactly("outside", "team/dr/a/data", "team/dr/a/manifest.json");
            assertThat(t.list("")).extracting(ObjectInfo::key).containsExactly("a/data", "a/manifest.json");
            assertThat(readAll(t.open("a/data"))).isEqualTo(bytes("data"));
            assertThat(t.stat("outside")).isEmpty();
        }
    }

    @Test
    void storageClassAppliesToCreatedDataButNotToPutManifests() throws IOException {
        try (Target t = Targets.open(config(bucket, "STANDARD_IA", null))) {
            try (ObjectWriter w = t.create("small")) {
                w.stream().write(bytes("x"));
                w.commit();
            }
            try (ObjectWriter w = t.create("large")) {
                w.stream().write(random(PART_SIZE + 1, 1));
                w.commit();
            }
            t.put("manifest.json", bytes("{}"));
        }

        assertThat(head("small").storageClassAsString()).isEqualTo("STANDARD_IA");
        assertThat(head("large").storageClassAsString()).isEqualTo("STANDARD_IA");
        assertThat(head("manifest.json").storageClassAsString()).isIn(null, "STANDARD");
    }

    @Test
    void serverSideEncryptionIsRequested() {
        try (Target t = Targets.open(config(bucket, null, new S3TargetConfig.SseConfig("AES256", null)))) {
            t.put("m", bytes("{}"));
        }

        assertThat(head("m").serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
    }

    @Test
    void glacierObjectIsArchivedUntilRestored() throws IOException {
        try (Target t = Targets.open(config(bucket, "GLACIER", null))) {
            try (ObjectWriter w = t.create("cold")) {
                w.stream().write(bytes("frozen"));
                w.commit();
            }

            assertThat(t.stat("cold")).get().extracting(ObjectInfo::archived).isEqualTo(true);
            assertThat(t.list("")).singleElement().extracting(ObjectInfo::archived).isEqualTo(true);
            assertArchived(() -> t.open("cold"));
            assertArchived(() -> t.openRange("cold", 0, 3));

            moto.s3().restoreObject(b -> b.bucket(bucket).key("cold")
                    .restoreRequest(r -> r.days(1).glacierJobParameters(g -> g.tier(Tier.EXPEDITED))));

            assertThat(t.stat("cold")).get().extracting(ObjectInfo::archived).isEqualTo(false);
            assertThat(readAll(t.open("cold"))).isEqualTo(bytes("frozen"));
        }
    }

    @Test
    void writesWorkInAnObjectLockBucket() throws Exception {
        String locked = moto.createObjectLockBucket(MotoServer.uniqueBucketName());
        byte[] data = random(PART_SIZE + 100, 9);
        try (Target t = Targets.open(moto.s3Config("locked", locked, "", PART_SIZE))) {
            t.put("manifest.json", bytes("{}"));
            try (ObjectWriter w = t.create("data")) {
                w.stream().write(data);
                w.commit();
            }
            assertThat(sha256(t.open("data"))).isEqualTo(sha256(new ByteArrayInputStream(data)));
            assertThat(t.list("")).extracting(ObjectInfo::key).containsExactly("data", "manifest.json");
        }
    }

    @Test
    void purgeRemovesEveryVersionWhereDeleteLeavesThemBehindAMarker() {
        String versioned = moto.createBucket(MotoServer.uniqueBucketName());
        moto.s3().putBucketVersioning(b -> b.bucket(versioned).versioningConfiguration(v -> v.status("Enabled")));
        try (Target t = Targets.open(moto.s3Config("versioned", versioned, "", PART_SIZE))) {
            t.put("a", bytes("1"));
            t.put("a", bytes("2"));
            t.put("b", bytes("3"));
            t.delete("b");
            assertThat(moto.s3().listObjectVersions(b -> b.bucket(versioned)).versions()).hasSize(3);

            t.purge("a");
            t.purge("b");

            var left = moto.s3().listObjectVersions(b -> b.bucket(versioned));
            assertThat(left.versions()).isEmpty();
            assertThat(left.deleteMarkers()).isEmpty();
        }
    }

    @Test
    void purgeOfALockedVersionIsObjectLockedAndLeavesItWhole() throws Exception {
        String locked = moto.createObjectLockBucket(MotoServer.uniqueBucketName());
        java.time.Instant until = java.time.Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        try (Target t = Targets.open(moto.s3Config("locked", locked, "", PART_SIZE))) {
            t.put("kept", bytes("locked"));
            moto.s3().putObjectRetention(b -> b.bucket(locked).key("kept")
                    .retention(r -> r.mode(software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode.COMPLIANCE)
                            .retainUntilDate(until)));

            assertThatThrownBy(() -> t.purge("kept")).isInstanceOfSatisfying(LifeboatException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_LOCKED);
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("'locked'", "'kept'", "AccessDenied (HTTP 403)",
                        "S3 Object Lock COMPLIANCE until " + until);
            });
            assertThat(readAll(t.open("kept"))).isEqualTo(bytes("locked"));
        }
    }

    @Test
    void missingBucketIsNamedInTheError() {
        try (Target t = Targets.open(moto.s3Config("dr", "no-such-bucket-here", "", PART_SIZE))) {
            assertThatThrownBy(() -> t.list(""))
                    .isInstanceOfSatisfying(LifeboatException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.TARGET_IO);
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("'dr'", "no-such-bucket-here", "does not exist");
                    });
        }
    }

    @Test
    void unreachableEndpointIsRetryableTargetUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        S3TargetConfig config = new S3TargetConfig("dr", "b", MotoServer.REGION, "", URI.create("http://127.0.0.1:" + closedPort),
                true, null, null, null, PART_SIZE);
        try (Target t = Targets.open(config)) {
            assertThatThrownBy(() -> t.stat("k"))
                    .isInstanceOfSatisfying(LifeboatException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.TARGET_UNREACHABLE);
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.getMessage()).contains("'dr'", "bucket 'b'", "'k'")
                                .doesNotContain(MotoServer.SECRET_KEY + "\"");
                    });
        }
    }

    private S3TargetConfig config(String bucket, String storageClass, S3TargetConfig.SseConfig sse) {
        return new S3TargetConfig(TARGET_NAME, bucket, MotoServer.REGION, "", moto.endpoint(), true,
                storageClass, sse, null, PART_SIZE);
    }

    private HeadObjectResponse head(String key) {
        return moto.s3().headObject(b -> b.bucket(bucket).key(key));
    }

    private static void assertArchived(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(LifeboatException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_ARCHIVED);
            assertThat(e.getMessage()).contains("cold", "restore");
        });
    }
}
