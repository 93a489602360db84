package io.lifeboat.core.storage;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@link S3Target#purge}: deletes every version of one key, newest first, then its delete markers. In an
 * Object Lock bucket a version under retention is refused (403 AccessDenied): that becomes
 * {@code OBJECT_LOCKED}, naming the lock's mode and end as {@code HeadObject} reports them.
 */
final class S3Purge {
    private final S3Target target;
    private final S3Client s3;
    private final String bucket;

    S3Purge(S3Target target, S3Client s3, String bucket) {
        this.target = target;
        this.s3 = s3;
        this.bucket = bucket;
    }

    void purge(String fullKey) {
        List<String> versions = new ArrayList<>();
        List<String> markers = new ArrayList<>();
        target.call("list the versions of", fullKey, () -> {
            for (ListObjectVersionsResponse page : s3.listObjectVersionsPaginator(b -> b.bucket(bucket).prefix(fullKey))) {
                page.versions().stream().filter(v -> v.key().equals(fullKey)).forEach(v -> versions.add(v.versionId()));
                page.deleteMarkers().stream().filter(m -> m.key().equals(fullKey)).forEach(m -> markers.add(m.versionId()));
            }
            return null;
        });
        for (String version : versions) {
            deleteVersion(fullKey, version);
        }
        for (String marker : markers) {
            deleteVersion(fullKey, marker);
        }
    }

    private void deleteVersion(String fullKey, String version) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(fullKey).versionId(version));
        } catch (S3Exception e) {
            if (e.statusCode() == 403) {
                throw locked(fullKey, version, e);
            }
            throw target.error("delete", fullKey + " (version " + version + ")", e);
        } catch (SdkException e) {
            throw target.error("delete", fullKey + " (version " + version + ")", e);
        }
    }

    /** 403 on a version delete: Object Lock retention or legal hold, or a policy that forbids deleting versions. */
    private LifeboatException locked(String fullKey, String version, S3Exception e) {
        String lock;
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(fullKey).versionId(version));
            lock = head.objectLockModeAsString() == null && head.objectLockLegalHoldStatusAsString() == null
                    ? "no Object Lock on it: the bucket's policy or the credentials forbid deleting versions"
                    : "S3 Object Lock " + (head.objectLockModeAsString() == null ? ""
                            : head.objectLockModeAsString() + " until " + head.objectLockRetainUntilDate())
                            + ("ON".equals(head.objectLockLegalHoldStatusAsString()) ? " legal hold" : "");
        } catch (SdkException headFailed) {
            lock = "access denied; Object Lock or the bucket's policy";
        }
        String code = e.awsErrorDetails() == null ? "AccessDenied" : e.awsErrorDetails().errorCode();
        return new LifeboatException(ErrorCode.OBJECT_LOCKED, target.where() + ": cannot delete '" + fullKey
                + "' (version " + version + "): " + code + " (HTTP 403), " + lock, e, false);
    }
}
