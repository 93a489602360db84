package io.lifeboat.core.config;

/**
 * {@code verify: { level: 2, enabled: true }}: the level run after every backup.
 * Level 1 reads every copy back and checks its sha256; level 2 also walks the archive and checks
 * every entry against the manifest.
 */
public record VerifyConfig(boolean enabled, int level) {
    public static final VerifyConfig DEFAULT = new VerifyConfig(Defaults.VERIFY_ENABLED, Defaults.VERIFY_LEVEL);

    public VerifyConfig {
        if (level < 1 || level > 3) {
            throw new IllegalArgumentException("verify level must be 1, 2 or 3: " + level);
        }
    }
}
