package io.lifeboat.core.config;

import java.util.List;

/**
 * {@code verify: { level: 2, enabled: true }}: the level run after every backup.
 * Level 1 reads every copy back and checks its sha256; level 2 also walks the archive and checks
 * every entry against the manifest; level 3 (database sources only) restores the dump into a
 * scratch database and runs the {@code checks}.
 *
 * @param scratch where level 3 creates its scratch database (postgres, mysql); null below level 3 and for h2
 * @param checks  level 3: SQL queries that must each return true on the restored database
 * @param jobs    level 3, postgres: connections loading the data at once (and {@code pg_restore --jobs} for the indexes)
 */
public record VerifyConfig(boolean enabled, int level, ScratchConfig scratch, List<String> checks, int jobs) {
    public static final VerifyConfig DEFAULT = new VerifyConfig(Defaults.VERIFY_ENABLED, Defaults.VERIFY_LEVEL);

    public VerifyConfig {
        if (level < 1 || level > 3) {
            throw new IllegalArgumentException("verify level must be 1, 2 or 3: " + level);
        }
        checks = List.copyOf(checks);
        if (jobs < 1) {
            throw new IllegalArgumentException("restore jobs must be at least 1: " + jobs);
        }
    }

    /** Levels 1 and 2, and level 3 with no scratch settings, no checks and the default jobs. */
    public VerifyConfig(boolean enabled, int level) {
        this(enabled, level, null, List.of(), Defaults.RESTORE_JOBS);
    }
}
