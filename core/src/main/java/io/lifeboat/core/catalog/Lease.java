package io.lifeboat.core.catalog;

import java.time.Instant;
import java.util.Objects;

/**
 * A held lease on a source: who holds it, its fencing token (incremented by every take) and its expiry
 * in the catalog database's time.
 */
public record Lease(String source, String owner, long token, Instant expiresAt) {
    public Lease {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (token < 1) {
            throw new IllegalArgumentException("a held lease has a token of at least 1: " + token);
        }
    }

    public String describe() {
        return "lease of " + source + " (token " + token + ", held by " + owner + " until " + expiresAt + ")";
    }
}
