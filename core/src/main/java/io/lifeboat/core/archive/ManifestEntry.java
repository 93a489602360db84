package io.lifeboat.core.archive;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a backup. {@code headerOffset} is where its tar header starts in the uncompressed
 * stream, {@code dataOffset} where its content starts; {@code frame} is the index of the frame
 * holding the header. {@code sha256} is null for directories and symlinks. {@code changed} is set
 * when the file was modified while it was being read (its content may be inconsistent).
 */
public record ManifestEntry(
        String path,
        EntryType type,
        long size,
        Instant mtime,
        int mode,
        String sha256,
        String linkTarget,
        long headerOffset,
        long dataOffset,
        int frame,
        boolean changed) {

    public ManifestEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(mtime, "mtime");
        if (size < 0) {
            throw new IllegalArgumentException("size < 0 for " + path);
        }
    }
}
