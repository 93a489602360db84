package io.lifeboat.core.catalog;

import io.lifeboat.core.archive.BackupId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One measured restore time (recovery time objective sample), kept to the millisecond.
 *
 * @param duration from the start of the restore until the data was loaded
 * @param at       when the sample was taken (the restore's end)
 */
public record RtoSample(BackupId backupId, String source, RtoKind kind, Duration duration, Instant at) {
    public RtoSample {
        Objects.requireNonNull(backupId, "backupId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(at, "at");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative restore duration: " + duration);
        }
    }
}
