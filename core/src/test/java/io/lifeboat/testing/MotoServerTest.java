package io.lifeboat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.core.storage.ObjectInfo;
import io.lifeboat.core.storage.Target;
import io.lifeboat.core.storage.Targets;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;

class MotoServerTest {
    @RegisterExtension
    static final MotoServer moto = new MotoServer();

    @Test
    void answersOnLoopbackAndLogsToTheBuildDirectory() {
        assertThat(moto.endpoint().toString()).isEqualTo("http://127.0.0.1:" + moto.port());
        assertThat(moto.logFile()).exists().hasFileName("MotoServerTest-" + moto.port() + ".log");
        assertThat(moto.logFile().getParent().getFileName().toString()).isEqualTo("moto-logs");
    }

    @Test
    void s3ConfigReachesTheServerThroughTheDefaultCredentialChain() {
        String bucket = moto.createBucket("config-check");
        assertThat(System.getProperty("aws.accessKeyId")).isEqualTo(MotoServer.ACCESS_KEY);

        try (Target target = Targets.open(moto.s3Config("dr", bucket, "p/", 0))) {
            target.put("k", "v".getBytes(StandardCharsets.UTF_8));
            assertThat(target.list("")).extracting(ObjectInfo::key).containsExactly("k");
        }
        assertThat(moto.s3().headObject(b -> b.bucket(bucket).key("p/k")).contentLength()).isEqualTo(1L);
    }

    @Test
    void objectLockBucketHasObjectLockEnabled() {
        String bucket = moto.createObjectLockBucket(MotoServer.uniqueBucketName());

        assertThat(moto.s3().getObjectLockConfiguration(b -> b.bucket(bucket))
                .objectLockConfiguration().objectLockEnabled()).isEqualTo(ObjectLockEnabled.ENABLED);
    }

    @Test
    void resetForgetsEverything() {
        moto.createBucket();
        assertThat(moto.s3().listBuckets().buckets()).isNotEmpty();

        moto.reset();

        assertThat(moto.s3().listBuckets().buckets()).extracting(Bucket::name).isEmpty();
    }
}
