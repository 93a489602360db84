package io.lifeboat.core.catalog;

import io.lifeboat.core.archive.BackupId;
import java.time.Instant;
import java.util.Objects;

/**
 * One attempt of a scheduled backup (the {@code backup_attempts} table).
 *
 * @param runId        shared by the attempts of one scheduled fire
 * @param scheduledFor the fire time the run belongs to
 * @param backupId     the backup this attempt made (also a failed one), or null when it failed before starting one
 * @param nextAttempt  when the next attempt is due after a failure, or null (last attempt, or success)
 */
public record AttemptRecord(long id, String source, String runId, int attempt, int maxAttempts, Instant scheduledFor,
                            Instant started, Instant finished, Outcome outcome, BackupId backupId, String error,
                            Instant nextAttempt) {
    public enum Outcome { RUNNING, SUCCEEDED, FAILED }

    public AttemptRecord {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(scheduledFor, "scheduledFor");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(outcome, "outcome");
        if (attempt < 1 || attempt > maxAttempts) {
            throw new IllegalArgumentException("attempt " + attempt + " of " + maxAttempts);
        }
    }

    /** Whether this failed attempt was the last one of its run. */
    public boolean finalFailure() {
        return outcome == Outcome.FAILED && attempt == maxAttempts;
    }
}
