package io.lifeboat.core.archive;

/**
 * One independent zstd frame of a data object: where its input lies in the uncompressed stream
 * (the tar stream) and where its compressed bytes lie in the stored object.
 */
public record Frame(int index, long rawOffset, long rawSize, long storedOffset, long storedSize) {
    public Frame {
        if (index < 0 || rawOffset < 0 || rawSize < 0 || storedOffset < 0 || storedSize < 0) {
            throw new IllegalArgumentException("negative frame field: " + index);
        }
    }

    public long rawEnd() {
        return rawOffset + rawSize;
    }
}
