package io.lifeboat.core.storage;

import io.lifeboat.core.config.RetrievalTier;
import java.util.Objects;

/**
 * One retrieval started on a target: the object's key, the tier, and the provider's job id
 * (a Glacier job id; null for S3 restore-object, which is tracked by the object itself).
 */
public record RetrievalTicket(String target, String key, RetrievalTier tier, String providerId) {
    public RetrievalTicket {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(tier, "tier");
    }
}
