package io.lifeboat.core.storage;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.config.GlacierTargetConfig;
import io.lifeboat.core.config.RetrievalTier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.DescribeJobResponse;
import software.amazon.awssdk.services.glacier.model.StatusCode;
import software.amazon.awssdk.services.glacier.model.UploadArchiveResponse;

/**
 * {@code type: glacier}: one archive per object in an S3 Glacier vault. A vault cannot be listed
 * or read quickly, so the key → archive id map and the bytes of small objects (manifests, written
 * with {@link #put}) live in a {@link GlacierIndex} (the catalog); {@link #open} serves those, and
 * every other read needs a retrieval ({@link Retrievable}). Each archive's description is its key.
 *
 * <p>Uploads are single-part (moto_server has no vault multipart), so an object is spooled to a
 * private temporary file while written and sent on commit: at most {@link #MAX_ARCHIVE_SIZE}.
 */
public final class GlacierTarget implements Target, Retrievable {
    /** Glacier's limit for a single-part upload-archive. */
    public static final long MAX_ARCHIVE_SIZE = 4L * 1024 * 1024 * 1024;
    /** Objects written with {@link #put} up to this size are kept in the index, readable at once. */
    static final int MAX_KEPT_BODY = 16 * 1024 * 1024;
    private static final String ACCOUNT = "-";

    private final GlacierTargetConfig config;
    private final GlacierClient glacier;
    private final GlacierIndex index;
    private final Clock clock;
    private final String credentialsSource;

    public GlacierTarget(GlacierTargetConfig config, GlacierIndex index, Clock clock) {
        this(config, GlacierClients.build(config), index, clock);
    }

    GlacierTarget(GlacierTargetConfig config, GlacierClient glacier, GlacierIndex index, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.glacier = Objects.requireNonNull(glacier, "glacier");
        this.index = Objects.requireNonNull(index, "index");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.credentialsSource = config.profile() == null
                ? "the AWS default credential chain" : "AWS profile '" + config.profile() + "'";
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public ObjectWriter create(String key) {
        Keys.check(name(), key);
        return new GlacierObjectWriter(this, key);
    }

    @Override
    public ObjectInfo put(String key, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        Keys.check(name(), key);
        String treeHash;
        try {
            treeHash = GlacierTreeHash.of(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        UploadArchiveResponse r = upload(key, treeHash, RequestBody.fromBytes(bytes));
        return record(key, r.archiveId(), bytes.length, treeHash, bytes.length <= MAX_KEPT_BODY ? bytes.clone() : null);
    }

    /** Small objects kept in the index are read at once; anything else needs a retrieval first. */
    @Override
    public InputStream open(String key) {
        GlacierIndex.Entry e = entry(key);
        if (e.body() == null) {
            throw archived(key, e);
        }
        return new ByteArrayInputStream(e.body());
    }

    @Override
    public InputStream openRange(String key, long offset, long length) {
        Keys.checkRange(name(), key, offset, length);
        GlacierIndex.Entry e = entry(key);
        if (e.body() == null) {
            throw archived(key, e);
        }
        if (offset + length > e.body().length) {
            throw new LifeboatException(ErrorCode.USAGE, where() + ": range " + offset + "+" + length
                    + " is beyond the end of '" + key + "' (" + e.body().length + " bytes)");
        }
        return new ByteArrayInputStream(e.body(), (int) offset, (int) length);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        return index.get(name(), Keys.check(name(), key)).map(GlacierIndex.Entry::info);
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        return index.list(name(), Keys.checkPrefix(name(), prefix)).stream().map(GlacierIndex.Entry::info).toList();
    }

    @Override
    public void delete(String key) {
        Optional<GlacierIndex.Entry> e = index.get(name(), Keys.check(name(), key));
        if (e.isPresent()) {
            deleteArchive(key, e.get().archiveId());
            index.remove(name(), key);
        }
    }

    /** Uploads are single requests: nothing is ever left half-written in the vault. */
    @Override
    public List<PendingUpload> incompleteUploads() {
        return List.of();
    }

    @Override
    public void abortUpload(PendingUpload upload) {
        // nothing to abort: see incompleteUploads()
    }

    @Override
    public RetrievalTier defaultTier() {
        return config.tier();
    }

    @Override
    public RetrievalTicket startRetrieval(String key, RetrievalTier tier) {
        GlacierIndex.Entry e = entry(key);
        String jobId = call("start the retrieval of", key, () -> glacier.initiateJob(b -> b.accountId(ACCOUNT)
                .vaultName(config.vault()).jobParameters(p -> p.type("archive-retrieval").archiveId(e.archiveId())
                        .tier(tier.awsName()).description(key)))).jobId();
        return new RetrievalTicket(name(), key, tier, jobId);
    }

    @Override
    public RetrievalStatus poll(RetrievalTicket ticket) {
        DescribeJobResponse job;
        try {
            job = glacier.describeJob(b -> b.accountId(ACCOUNT).vaultName(config.vault()).jobId(ticket.providerId()));
        } catch (SdkException ex) {
            LifeboatException mapped = error("poll retrieval job " + ticket.providerId() + " of", ticket.key(), ex);
            if (mapped.code() == ErrorCode.NOT_FOUND) {
                return RetrievalStatus.failed("job " + ticket.providerId() + " is gone (job output is kept about 24 h)");
            }
            throw mapped;
        }
        if (job.statusCode() == StatusCode.SUCCEEDED || Boolean.TRUE.equals(job.completed()) && job.statusCode() == null) {
            return RetrievalStatus.READY;
        }
        if (job.statusCode() == StatusCode.FAILED) {
            return RetrievalStatus.failed("job " + ticket.providerId() + " failed: " + job.statusMessage());
        }
        return RetrievalStatus.IN_PROGRESS;
    }

    @Override
    public boolean rangedReadsWhenReady() {
        return false;
    }

    @Override
    public InputStream openRetrieved(RetrievalTicket ticket) {
        return call("read the output of retrieval job " + ticket.providerId() + " for", ticket.key(),
                () -> glacier.getJobOutput(b -> b.accountId(ACCOUNT).vaultName(config.vault()).jobId(ticket.providerId())));
    }

    @Override
    public String expectedWait(RetrievalTier tier) {
        return switch (tier) {
            case EXPEDITED -> "1-5 min";
            case STANDARD -> "3-5 h";
            case BULK -> "5-12 h";
        };
    }

    @Override
    public void close() {
        glacier.close();
    }

    @Override
    public String toString() {
        return where();
    }

    UploadArchiveResponse upload(String key, String treeHash, RequestBody body) {
        return call("upload", key, () -> glacier.uploadArchive(b -> b.accountId(ACCOUNT).vaultName(config.vault())
                .archiveDescription(key).checksum(treeHash), body));
    }

    /** Records an uploaded archive; the one it replaces is deleted from the vault. */
    ObjectInfo record(String key, String archiveId, long size, String treeHash, byte[] body) {
        GlacierIndex.Entry entry = new GlacierIndex.Entry(name(), key, archiveId, size, treeHash, clock.instant(), body);
        index.put(entry).filter(old -> !old.equals(archiveId)).ifPresent(old -> deleteArchive(key, old));
        return entry.info();
    }

    /** Where written objects are spooled before their upload. */
    Path spoolDir() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    String where() {
        return "glacier target '" + config.name() + "' (vault '" + config.vault() + "')";
    }

    private void deleteArchive(String key, String archiveId) {
        try {
            glacier.deleteArchive(b -> b.accountId(ACCOUNT).vaultName(config.vault()).archiveId(archiveId));
        } catch (SdkException e) {
            LifeboatException mapped = error("delete the archive of", key, e);
            if (mapped.code() != ErrorCode.NOT_FOUND) {
                throw mapped;
            }
        }
    }

    private GlacierIndex.Entry entry(String key) {
        return index.get(name(), Keys.check(name(), key)).orElseThrow(() -> new LifeboatException(ErrorCode.NOT_FOUND,
                where() + ": no object '" + key + "' in the catalog's archive index"));
    }

    private LifeboatException archived(String key, GlacierIndex.Entry e) {
        return new LifeboatException(ErrorCode.OBJECT_ARCHIVED, where() + ": '" + key + "' is archive "
                + e.archiveId() + "; it must be retrieved first (lifeboat restore files starts the retrieval)");
    }

    private <T> T call(String action, String key, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw error(action, key, e);
        }
    }

    private LifeboatException error(String action, String key, SdkException e) {
        return S3Errors.map(where(), action, key, credentialsSource, e);
    }
}
