package io.lifeboat.backup.database;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a restore did.
 *
 * @param duration from the first byte read until the database was loaded: an RTO sample
 * @param tables   tables in the database afterwards
 * @param rows     exact rows per table ({@code schema.table}) as loaded, when the engine knows them without
 *                 counting in the database afterwards (PostgreSQL: counted in the dump as it streamed into
 *                 pg_restore); null when it does not, and the caller counts
 */
public record RestoreInfo(Duration duration, int tables, Map<String, Long> rows) {
    public RestoreInfo {
        Objects.requireNonNull(duration, "duration");
        if (tables < 0) {
            throw new IllegalArgumentException("tables must be >= 0: " + tables);
        }
        rows = rows == null ? null : Map.copyOf(rows);
    }

    /** A restore whose rows were not counted on the way. */
    public RestoreInfo(Duration duration, int tables) {
        this(duration, tables, null);
    }
}
