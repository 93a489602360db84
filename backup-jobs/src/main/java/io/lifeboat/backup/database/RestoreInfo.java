package io.lifeboat.backup.database;

import java.time.Duration;
import java.util.Objects;

/**
 * What a restore did.
 *
 * @param duration from the first byte read until the database was loaded: an RTO sample
 * @param tables   tables in the database afterwards
 */
public record RestoreInfo(Duration duration, int tables) {
    public RestoreInfo {
        Objects.requireNonNull(duration, "duration");
        if (tables < 0) {
            throw new IllegalArgumentException("tables must be >= 0: " + tables);
        }
    }
}
