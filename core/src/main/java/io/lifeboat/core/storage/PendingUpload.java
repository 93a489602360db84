package io.lifeboat.core.storage;

import java.time.Instant;
import java.util.Objects;

/** An upload that was started and never committed: debris of a crashed or running writer. */
public record PendingUpload(String key, String uploadId, Instant started) {
    public PendingUpload {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(uploadId, "uploadId");
        Objects.requireNonNull(started, "started");
    }
}
