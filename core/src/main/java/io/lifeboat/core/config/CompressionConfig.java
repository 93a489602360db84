package io.lifeboat.core.config;

/**
 * A source's {@code compression: { level, adaptive }}: the zstd level of its archives, and whether
 * frames that zstd's fastest level stores in no more bytes take that level instead (see the archive's
 * {@code FramedZstdOutputStream}).
 *
 * @param level    zstd level, 1 to {@value #MAX_LEVEL}
 * @param adaptive use level 1 where sampled frames show it stores no more bytes than {@code level}
 */
public record CompressionConfig(int level, boolean adaptive) {
    public static final int MAX_LEVEL = 19;
    public static final CompressionConfig DEFAULT = new CompressionConfig(Defaults.COMPRESSION_LEVEL, Defaults.COMPRESSION_ADAPTIVE);

    public CompressionConfig {
        if (level < 1 || level > MAX_LEVEL) {
            throw new IllegalArgumentException("compression level must be between 1 and " + MAX_LEVEL + ", was " + level);
        }
    }
}
