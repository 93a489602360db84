package io.lifeboat.core.storage;

import java.time.Instant;
import java.util.Objects;

/** What a target knows of one stored object. {@code archived} is true when it must be retrieved before reading. */
public record ObjectInfo(String key, long size, Instant lastModified, boolean archived) {
    public ObjectInfo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(lastModified, "lastModified");
        if (size < 0) {
            throw new IllegalArgumentException("size < 0: " + size);
        }
    }

    public ObjectInfo(String key, long size, Instant lastModified) {
        this(key, size, lastModified, false);
    }
}
