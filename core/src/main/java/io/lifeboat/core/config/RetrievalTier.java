package io.lifeboat.core.config;

import java.util.Locale;
import java.util.Optional;

/**
 * How fast an archived object is brought back (and what it costs): the tiers S3 Glacier and the
 * S3 archive storage classes share. Written in config in lower case: {@code tier: standard}.
 */
public enum RetrievalTier {
    EXPEDITED("Expedited"),
    STANDARD("Standard"),
    BULK("Bulk");

    private final String awsName;

    RetrievalTier(String awsName) {
        this.awsName = awsName;
    }

    /** The name the AWS APIs use: {@code Expedited}, {@code Standard}, {@code Bulk}. */
    public String awsName() {
        return awsName;
    }

    /** The name used in config and output: {@code standard}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code expedited|standard|bulk} (any case). */
    public static Optional<RetrievalTier> parse(String text) {
        for (RetrievalTier t : values()) {
            if (t.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
