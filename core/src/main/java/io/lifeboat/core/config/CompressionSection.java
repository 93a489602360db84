package io.lifeboat.core.config;

import java.util.List;

/** A source's {@code compression: { level, adaptive }}; absent means {@link CompressionConfig#DEFAULT}. */
final class CompressionSection {
    private static final List<String> KEYS = List.of("level", "adaptive");

    private CompressionSection() {
    }

    /** The compression settings of a source, or null after reporting problems. */
    static CompressionConfig read(Fields source) {
        if (!source.has("compression")) {
            return CompressionConfig.DEFAULT;
        }
        Fields f = source.object("compression");
        if (f == null) {
            return null;
        }
        Problems problems = f.problems();
        int before = problems.count();
        f.allowOnly(KEYS);
        Integer level = f.integer("level");
        if (level != null && (level < 1 || level > CompressionConfig.MAX_LEVEL)) {
            problems.add(f.where("level"), "must be a zstd level between 1 (fastest) and " + CompressionConfig.MAX_LEVEL
                    + " (smallest), got " + level);
        }
        Boolean adaptive = f.bool("adaptive");
        if (problems.count() != before) {
            return null;
        }
        return new CompressionConfig(level == null ? Defaults.COMPRESSION_LEVEL : level,
                adaptive == null ? Defaults.COMPRESSION_ADAPTIVE : adaptive);
    }
}
