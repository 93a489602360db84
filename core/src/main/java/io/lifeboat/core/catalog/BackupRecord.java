package io.lifeboat.core.catalog;

import io.lifeboat.core.archive.BackupId;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Objects;

/**
 * One run of one source, as the catalog knows it. Times are stored to the microsecond.
 *
 * @param sourceType      the source's kind ({@code logs}, {@code directory}, {@code postgres}...)
 * @param finished        when the run ended, or null while {@code RUNNING}
 * @param consistentPoint the instant the data is consistent as of (snapshot or dump start), or null
 * @param full            false for an incremental backup, which then names its {@code baseBackupId}
 * @param files           number of entries in the archive
 * @param rawBytes        bytes read from the source before compression
 * @param bytesIn         bytes of the archive stream (after compression)
 * @param storedBytes     bytes stored in the first target
 * @param sha256          hex sha256 of the stored object, or null until known
 * @param dataKey         the object key of the data in a target (layout-relative)
 * @param owner           {@code host:pid} of the process writing it, see {@link #currentOwner()}
 * @param reason          why it failed / partially failed / expired, or null
 */
public record BackupRecord(
        BackupId id,
        String source,
        String sourceType,
        BackupStatus status,
        Instant started,
        Instant finished,
        Instant consistentPoint,
        boolean full,
        String baseBackupId,
        long files,
        long rawBytes,
        long bytesIn,
        long storedBytes,
        String sha256,
        String dataKey,
        String owner,
        String reason) {

    public BackupRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sourceType, "sourceType");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(dataKey, "dataKey");
        Objects.requireNonNull(owner, "owner");
        if (files < 0 || rawBytes < 0 || bytesIn < 0 || storedBytes < 0) {
            throw new IllegalArgumentException("negative size in backup " + id);
        }
        if (full != (baseBackupId == null)) {
            throw new IllegalArgumentException("backup " + id + ": a full backup has no base, an incremental one needs one");
        }
        if (baseBackupId != null && !BackupId.isValid(baseBackupId)) {
            throw new IllegalArgumentException("backup " + id + ": base is not a backup id: " + baseBackupId);
        }
    }

    /** A new {@code RUNNING} backup written by this process, with nothing counted yet. */
    public static BackupRecord running(BackupId id, String source, String sourceType, Instant started,
                                       String baseBackupIdOrNull, String dataKey) {
        return new BackupRecord(id, source, sourceType, BackupStatus.RUNNING, started, null, null,
                baseBackupIdOrNull == null, baseBackupIdOrNull, 0, 0, 0, 0, null, dataKey, currentOwner(), null);
    }

    /** {@code host:pid} of this process, to tell whether a {@code RUNNING} row's writer is still alive. */
    public static String currentOwner() {
        return OwnerHolder.OWNER;
    }

    /** Looked up once: resolving the host name may be slow. */
    private static final class OwnerHolder {
        static final String OWNER = lookUpOwner();
    }

    private static String lookUpOwner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = ManagementFactory.getRuntimeMXBean().getName().replaceFirst("^\\d+@", "");
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    public BackupRecord withStatus(BackupStatus newStatus, String newReason) {
        return new BackupRecord(id, source, sourceType, newStatus, started, finished, consistentPoint, full, baseBackupId,
                files, rawBytes, bytesIn, storedBytes, sha256, dataKey, owner, newReason);
    }

    public BackupRecord withFinished(Instant newFinished) {
        return new BackupRecord(id, source, sourceType, status, started, newFinished, consistentPoint, full, baseBackupId,
                files, rawBytes, bytesIn, storedBytes, sha256, dataKey, owner, reason);
    }

    public BackupRecord withConsistentPoint(Instant newConsistentPoint) {
        return new BackupRecord(id, source, sourceType, status, started, finished, newConsistentPoint, full, baseBackupId,
                files, rawBytes, bytesIn, storedBytes, sha256, dataKey, owner, reason);
    }

    public BackupRecord withSizes(long newFiles, long newRawBytes, long newBytesIn, long newStoredBytes) {
        return new BackupRecord(id, source, sourceType, status, started, finished, consistentPoint, full, baseBackupId,
                newFiles, newRawBytes, newBytesIn, newStoredBytes, sha256, dataKey, owner, reason);
    }

    public BackupRecord withSha256(String newSha256) {
        return new BackupRecord(id, source, sourceType, status, started, finished, consistentPoint, full, baseBackupId,
                files, rawBytes, bytesIn, storedBytes, newSha256, dataKey, owner, reason);
    }

    public BackupRecord withOwner(String newOwner) {
        return new BackupRecord(id, source, sourceType, status, started, finished, consistentPoint, full, baseBackupId,
                files, rawBytes, bytesIn, storedBytes, sha256, dataKey, newOwner, reason);
    }
}
