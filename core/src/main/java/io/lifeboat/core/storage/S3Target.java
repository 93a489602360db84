package io.lifeboat.core.storage;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.config.RetrievalTier;
import io.lifeboat.core.config.S3TargetConfig;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.OptionalObjectAttributes;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code type: s3}: objects in a bucket under a key prefix. Streaming writes are multipart uploads
 * with bounded memory ({@link S3ObjectWriter}); the SDK's standard retry mode is the only retry layer.
 */
public final class S3Target implements Target, Retrievable {
    /** The smallest part S3 accepts (except for the last part). */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    /** Parts uploading in the background per writer; memory per writer is about one more part. */
    static final int MAX_PARTS_IN_FLIGHT = 2;
    static final String OCTET_STREAM = "application/octet-stream";
    /** How long a restored copy of an archived object stays readable. */
    static final int RESTORE_DAYS = 3;

    private final S3TargetConfig config;
    private final S3Client s3;
    private final String prefix;
    private final int partSize;
    private final ExecutorService uploads;
    private final String credentialsSource;

    /** Opens the bucket of {@code config} with a client of its own (closed by {@link #close()}). */
    public S3Target(S3TargetConfig config) {
        this(config, S3Clients.build(requireValid(config)));
    }

    S3Target(S3TargetConfig config, S3Client s3) {
        this.config = Objects.requireNonNull(config, "config");
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.prefix = normalizePrefix(config.prefix());
        this.partSize = partSize(config);
        this.credentialsSource = config.profile() == null
                ? "the AWS default credential chain" : "AWS profile '" + config.profile() + "'";
        this.uploads = Executors.newCachedThreadPool(daemonThreads("lifeboat-s3-" + config.name() + "-upload-"));
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public ObjectWriter create(String key) {
        String full = fullKey(key);
        S3Uploads calls = new S3Uploads(this, full, key);
        return new S3ObjectWriter(calls, where() + " object '" + full + "'", partSize, MAX_PARTS_IN_FLIGHT, uploads);
    }

    @Override
    public ObjectInfo put(String key, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        String full = fullKey(key);
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(config.bucket()).key(full)
                .contentType(OCTET_STREAM);
        applySse(request);
        var response = call("write", full, () -> s3.putObject(request.build(),
                RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes), bytes.length, OCTET_STREAM)));
        return new ObjectInfo(key, bytes.length, S3Clients.serverTime(response));
    }

    @Override
    public InputStream open(String key) {
        return get(key, null);
    }

    @Override
    public InputStream openRange(String key, long offset, long length) {
        Keys.checkRange(name(), key, offset, length);
        if (length == 0) {
            stat(key).orElseThrow(() -> notFound(key));
            return InputStream.nullInputStream();
        }
        return get(key, "bytes=" + offset + "-" + (offset + length - 1));
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        String full = fullKey(key);
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(config.bucket()).key(full));
            boolean archived = isArchived(head.storageClassAsString(), head.archiveStatusAsString(), head.restore());
            return Optional.of(new ObjectInfo(key, head.contentLength(), head.lastModified(), archived));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !isBucketMissing(e)) {
                return Optional.empty();
            }
            throw error("stat", full, e);
        } catch (SdkException e) {
            throw error("stat", full, e);
        }
    }

    @Override
    public List<ObjectInfo> list(String listPrefix) {
        String full = prefix + Keys.checkPrefix(name(), listPrefix);
        List<ObjectInfo> found = new ArrayList<>();
        call("list", full, () -> {
            s3.listObjectsV2Paginator(b -> b.bucket(config.bucket()).prefix(full)
                            .optionalObjectAttributes(OptionalObjectAttributes.RESTORE_STATUS))
                    .contents().forEach(o -> found.add(info(o)));
            return null;
        });
        found.sort(Comparator.comparing(ObjectInfo::key));
        return List.copyOf(found);
    }

    /** Deleting a key that does not exist is not an error (S3 semantics). */
    @Override
    public void delete(String key) {
        String full = fullKey(key);
        call("delete", full, () -> s3.deleteObject(b -> b.bucket(config.bucket()).key(full)));
    }

    /** Deletes every version and delete marker of the key (a plain delete only hides a versioned object). */
    @Override
    public void purge(String key) {
        new S3Purge(this, s3, config.bucket()).purge(fullKey(key));
    }

    @Override
    public List<PendingUpload> incompleteUploads() {
        List<PendingUpload> found = new ArrayList<>();
        call("list multipart uploads under", prefix, () -> {
            s3.listMultipartUploadsPaginator(b -> b.bucket(config.bucket()).prefix(prefix)).uploads().stream()
                    .filter(u -> u.key().startsWith(prefix))
                    .forEach(u -> found.add(new PendingUpload(u.key().substring(prefix.length()), u.uploadId(),
                            u.initiated() == null ? Instant.EPOCH : u.initiated())));
            return null;
        });
        return List.copyOf(found);
    }

    @Override
    public void abortUpload(PendingUpload upload) {
        String full = fullKey(upload.key());
        try {
            s3.abortMultipartUpload(b -> b.bucket(config.bucket()).key(full).uploadId(upload.uploadId()));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw error("abort the multipart upload of", full, e);
            }
        } catch (SdkException e) {
            throw error("abort the multipart upload of", full, e);
        }
    }

    @Override
    public RetrievalTier defaultTier() {
        return config.retrievalTier();
    }

    /** restore-object; one already in progress, or an object that is not archived, is not an error. */
    @Override
    public RetrievalTicket startRetrieval(String key, RetrievalTier tier) {
        String full = fullKey(key);
        try {
            s3.restoreObject(b -> b.bucket(config.bucket()).key(full).restoreRequest(r -> r.days(RESTORE_DAYS)
                    .glacierJobParameters(g -> g.tier(tier.awsName()))));
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (!"RestoreAlreadyInProgress".equals(code) && !"InvalidObjectState".equals(code)) {
                throw error("restore from its archive tier", full, e);
            }
        } catch (SdkException e) {
            throw error("restore from its archive tier", full, e);
        }
        return new RetrievalTicket(name(), key, tier, null);
    }

    @Override
    public RetrievalStatus poll(RetrievalTicket ticket) {
        return stat(ticket.key())
                .map(info -> info.archived() ? RetrievalStatus.IN_PROGRESS : RetrievalStatus.READY)
                .orElseGet(() -> RetrievalStatus.failed("the object is gone from " + where()));
    }

    @Override
    public boolean rangedReadsWhenReady() {
        return true;
    }

    @Override
    public InputStream openRetrieved(RetrievalTicket ticket) {
        return open(ticket.key());
    }

    @Override
    public String expectedWait(RetrievalTier tier) {
        boolean deep = "DEEP_ARCHIVE".equals(config.storageClass());
        return switch (tier) {
            case EXPEDITED -> deep ? "12 h (DEEP_ARCHIVE has no expedited tier)" : "1-5 min";
            case STANDARD -> deep ? "up to 12 h" : "3-5 h";
            case BULK -> deep ? "up to 48 h" : "5-12 h";
        };
    }

    @Override
    public void close() {
        uploads.shutdown();
        s3.close();
    }

    @Override
    public String toString() {
        return where();
    }

    /** GLACIER and DEEP_ARCHIVE objects (and archive tiers) are archived until a restore completes. */
    static boolean isArchived(String storageClass, String archiveStatus, String restore) {
        boolean cold = "GLACIER".equals(storageClass) || "DEEP_ARCHIVE".equals(storageClass) || archiveStatus != null;
        boolean restored = restore != null && restore.replace(" ", "").contains("ongoing-request=\"false\"");
        return cold && !restored;
    }

    private InputStream get(String key, String range) {
        String full = fullKey(key);
        ResponseInputStream<GetObjectResponse> in = call("read", full,
                () -> s3.getObject(GetObjectRequest.builder().bucket(config.bucket()).key(full).range(range).build()));
        return new S3ObjectStream(in);
    }

    private ObjectInfo info(S3Object o) {
        String key = o.key().substring(prefix.length());
        var restore = o.restoreStatus();
        String restoreHeader = restore != null && Boolean.FALSE.equals(restore.isRestoreInProgress())
                ? "ongoing-request=\"false\"" : null;
        return new ObjectInfo(key, o.size(), o.lastModified(), isArchived(o.storageClassAsString(), null, restoreHeader));
    }

    String fullKey(String key) {
        return prefix + Keys.check(name(), key);
    }

    S3Client client() {
        return s3;
    }

    S3TargetConfig config() {
        return config;
    }

    String where() {
        return "s3 target '" + config.name() + "' (bucket '" + config.bucket() + "')";
    }

    <T> T call(String action, String fullKey, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw error(action, fullKey, e);
        }
    }

    LifeboatException error(String action, String fullKey, SdkException e) {
        return S3Errors.map(where(), action, fullKey, credentialsSource, e);
    }

    void applySse(PutObjectRequest.Builder request) {
        S3Clients.applySse(config.sse(), request::serverSideEncryption, request::ssekmsKeyId);
    }

    private LifeboatException notFound(String key) {
        return new LifeboatException(ErrorCode.NOT_FOUND, where() + ": no object '" + prefix + key + "'");
    }

    private static boolean isBucketMissing(S3Exception e) {
        return e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
    }

    private static String normalizePrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        String p = prefix.startsWith("/") ? prefix.substring(1) : prefix;
        return p.endsWith("/") ? p : p + "/";
    }

    /** Checks what would otherwise fail only at the first write, before a client is built. */
    private static S3TargetConfig requireValid(S3TargetConfig config) {
        partSize(config);
        S3Clients.applySse(config.sse(), type -> { }, keyId -> { });
        return config;
    }

    private static int partSize(S3TargetConfig config) {
        if (config.partSize() == 0) {
            return S3TargetConfig.DEFAULT_PART_SIZE;
        }
        if (config.partSize() < MIN_PART_SIZE) {
            throw new LifeboatException(ErrorCode.CONFIG_INVALID, "s3 target '" + config.name() + "': partSize "
                    + config.partSize() + " is below the S3 minimum of " + MIN_PART_SIZE + " bytes (5 MiB)");
        }
        return config.partSize();
    }

    private static ThreadFactory daemonThreads(String namePrefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, namePrefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
