package io.lifeboat.core.archive;

import java.util.List;
import java.util.Objects;

/**
 * A data object of a backup besides its main one ({@code dataKey}), e.g. {@code globals.sql.zst}
 * stored beside a PostgreSQL dump. Each is an independent multi-frame zstd stream.
 *
 * @param name      what the object holds once decompressed ({@code globals.sql})
 * @param key       the object's key in the target
 * @param rawSha256 sha256 of the decompressed content
 * @param sha256    sha256 of the stored (compressed) object
 */
public record StoredObject(String name, String key, long rawSize, String rawSha256, long storedSize, String sha256,
                           List<Frame> frames) {
    public StoredObject {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sha256, "sha256");
        frames = frames == null ? List.of() : List.copyOf(frames);
    }
}
