package io.lifeboat.core.config;

import io.lifeboat.core.Plural;
import java.util.stream.Collectors;

/**
 * One line that says what a config contains, e.g.
 * {@code config/lifeboat.yaml: 3 sources (app-logs, releases, data-volume), 2 targets (primary: file, dr: s3), catalog h2}.
 */
public final class ConfigSummary {
    private ConfigSummary() {
    }

    public static String of(LifeboatConfig config) {
        String sources = config.sources().stream().map(SourceConfig::name).collect(Collectors.joining(", "));
        String targets = config.targets().values().stream()
                .map(t -> t.name() + ": " + t.type()).collect(Collectors.joining(", "));
        return (config.file() == null ? "config" : config.file().toString()) + ": "
                + count(config.sources().size(), "source") + " (" + sources + "), "
                + count(config.targets().size(), "target") + " (" + targets + "), "
                + "catalog " + catalogKind(config.catalog().url());
    }

    /** {@code h2}, {@code postgresql}, or the JDBC sub-protocol of anything else. */
    static String catalogKind(String url) {
        String[] parts = url.split(":", 3);
        return parts.length >= 2 ? parts[1] : url;
    }

    private static String count(int n, String noun) {
        return Plural.count(n, noun);
    }
}
