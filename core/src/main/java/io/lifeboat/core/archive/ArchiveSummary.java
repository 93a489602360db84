package io.lifeboat.core.archive;

import java.util.List;
import java.util.Objects;

/**
 * What a finished framed stream wrote: its frame table, raw and stored sizes, and the lower-case hex
 * sha256 of the stored (compressed) bytes.
 */
public record ArchiveSummary(List<Frame> frames, long rawSize, long storedSize, String sha256) {
    public ArchiveSummary {
        frames = List.copyOf(frames);
        Objects.requireNonNull(sha256, "sha256");
        if (rawSize < 0 || storedSize < 0) {
            throw new IllegalArgumentException("negative size");
        }
    }
}
