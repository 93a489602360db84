package io.lifeboat.core.catalog;

import io.lifeboat.core.archive.BackupId;
import java.time.Instant;
import java.util.Objects;

/**
 * A backup's copy in one target; one row per (backup, target), replaced by {@link Catalog#upsertCopy}.
 *
 * @param sha256 hex sha256 of the stored object, or null if it was never written
 * @param reason why it failed, or null
 */
public record CopyRecord(BackupId backupId, String target, CopyStatus status, long storedBytes, String sha256,
                         Instant updated, String reason) {
    public CopyRecord {
        Objects.requireNonNull(backupId, "backupId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(updated, "updated");
        if (storedBytes < 0) {
            throw new IllegalArgumentException("negative storedBytes for copy of " + backupId + " in " + target);
        }
    }
}
