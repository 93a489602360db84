package io.lifeboat.core.catalog;

import io.lifeboat.core.archive.BackupId;
import io.lifeboat.core.config.RetrievalTier;
import java.time.Instant;
import java.util.Objects;

/**
 * One retrieval of an archived object, started by a restore. {@code providerId} is the Glacier
 * job id (null for S3 restore-object). IN_PROGRESS and READY retrievals are pending: the next
 * restore of the same backup, target and key resumes them.
 */
public record RetrievalRecord(String id, BackupId backupId, String target, String key, RetrievalTier tier,
                              String providerId, Phase phase, Instant requested, Instant updated,
                              String requestedBy, String detail) {
    public enum Phase {
        IN_PROGRESS, READY, DONE, FAILED;

        public boolean pending() {
            return this == IN_PROGRESS || this == READY;
        }
    }

    public RetrievalRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(backupId, "backupId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(requestedBy, "requestedBy");
    }

    public RetrievalRecord with(Phase newPhase, Instant at, String newDetail) {
        return new RetrievalRecord(id, backupId, target, key, tier, providerId, newPhase, requested, at, requestedBy, newDetail);
    }
}
