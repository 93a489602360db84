package io.lifeboat.core.catalog;

import io.lifeboat.core.archive.BackupId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One verification of a backup at one level; level 3 durations are RTO samples.
 *
 * @param target the target whose copy was verified, or null when all copies were
 * @param detail what was checked and found (a summary of the findings)
 */
public record VerificationRecord(BackupId backupId, String target, int level, boolean passed, String detail,
                                 Duration duration, Instant at) {
    public VerificationRecord {
        Objects.requireNonNull(backupId, "backupId");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(at, "at");
        if (level < 1 || level > 3) {
            throw new IllegalArgumentException("verification level must be 1, 2 or 3: " + level);
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative verification duration: " + duration);
        }
    }
}
