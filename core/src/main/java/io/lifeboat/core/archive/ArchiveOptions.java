package io.lifeboat.core.archive;

/**
 * How an archive is compressed: raw bytes per independent zstd frame, zstd level, how many threads
 * compress frames in parallel, and whether the level adapts to the data.
 *
 * @param frameSize raw (uncompressed) bytes per frame; the unit of a selective restore's ranged reads
 * @param level     zstd compression level
 * @param threads   compressing threads (the writing thread reads, hashes and writes besides)
 * @param adaptive  use {@link #FAST_LEVEL} for the frames of a stream whose sampled frames it stores in
 *                  no more bytes than {@code level} (see {@link FramedZstdOutputStream}); no effect when
 *                  {@code level} is {@link #FAST_LEVEL} or lower
 */
public record ArchiveOptions(int frameSize, int level, int threads, boolean adaptive) {
    /** The level adaptive compression falls back to: zstd's fastest positive level. */
    public static final int FAST_LEVEL = 1;
    public static final int MIN_FRAME_SIZE = 1024;
    /** Readers refuse frames larger than this, so that a damaged frame table cannot exhaust memory. */
    public static final int MAX_FRAME_SIZE = 256 << 20;

    public static final ArchiveOptions DEFAULT =
            new ArchiveOptions(4 << 20, 3, Runtime.getRuntime().availableProcessors(), true);

    public ArchiveOptions {
        if (frameSize < MIN_FRAME_SIZE || frameSize > MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("frameSize must be between " + MIN_FRAME_SIZE + " and "
                    + MAX_FRAME_SIZE + " bytes, was " + frameSize);
        }
        if (level < -7 || level > 22) {
            throw new IllegalArgumentException("zstd level must be between -7 and 22, was " + level);
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be between 1 and 256, was " + threads);
        }
    }

    /** Adaptive, as {@link #DEFAULT} is. */
    public ArchiveOptions(int frameSize, int level, int threads) {
        this(frameSize, level, threads, true);
    }

    public ArchiveOptions withFrameSize(int bytes) {
        return new ArchiveOptions(bytes, level, threads, adaptive);
    }

    public ArchiveOptions withThreads(int count) {
        return new ArchiveOptions(frameSize, level, count, adaptive);
    }

    public ArchiveOptions withLevel(int zstdLevel, boolean adapt) {
        return new ArchiveOptions(frameSize, zstdLevel, threads, adapt);
    }

    /** True when streams written with these options sample frames at {@link #FAST_LEVEL} too. */
    public boolean adapts() {
        return adaptive && level > FAST_LEVEL;
    }
}
