package io.lifeboat.core.config;

import java.net.URI;
import java.util.Objects;

/**
 * {@code type: s3}: an S3 bucket on AWS or any S3-compatible endpoint. Credentials come from the
 * AWS default credential chain, or the named {@code profile}; never from this file.
 *
 * @param prefix       key prefix inside the bucket, "" or ending in '/'
 * @param endpoint     endpoint override (MinIO, Ceph, a test server), or null for AWS
 * @param storageClass S3 storage class of the data objects (STANDARD, STANDARD_IA, GLACIER, ...)
 * @param sse          server-side encryption, or null
 * @param partSize     multipart part size in bytes (memory held per upload is about two parts)
 * @param retrievalTier tier of the restore-object requests for objects in GLACIER / DEEP_ARCHIVE
 */
public record S3TargetConfig(
        String name,
        String bucket,
        String region,
        String prefix,
        URI endpoint,
        boolean pathStyle,
        String storageClass,
        SseConfig sse,
        String profile,
        int partSize,
        RetrievalTier retrievalTier) implements TargetConfig {

    public static final int DEFAULT_PART_SIZE = Defaults.PART_SIZE;

    public S3TargetConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(region, "region");
        prefix = prefix == null ? Defaults.PREFIX : prefix;
        storageClass = storageClass == null ? Defaults.STORAGE_CLASS : storageClass;
        retrievalTier = retrievalTier == null ? Defaults.RETRIEVAL_TIER : retrievalTier;
    }

    /** With the default retrieval tier. */
    public S3TargetConfig(String name, String bucket, String region, String prefix, URI endpoint, boolean pathStyle,
                          String storageClass, SseConfig sse, String profile, int partSize) {
        this(name, bucket, region, prefix, endpoint, pathStyle, storageClass, sse, profile, partSize, null);
    }

    @Override
    public String type() {
        return "s3";
    }

    /** {@code sse: { type: aws:kms, keyId: alias/backups }} or {@code { type: AES256 }}. */
    public record SseConfig(String type, String keyId) {
    }
}
