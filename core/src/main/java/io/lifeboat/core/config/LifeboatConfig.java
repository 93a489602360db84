package io.lifeboat.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole configuration, loaded and validated once by {@link ConfigLoader}. Relative paths are
 * already resolved against the working directory. Targets keep the order of the file.
 */
public record LifeboatConfig(
        Path file,
        CatalogConfig catalog,
        Map<String, TargetConfig> targets,
        List<SourceConfig> sources,
        DaemonConfig daemon,
        AlertsConfig alerts) {

    public LifeboatConfig {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(daemon, "daemon");
        Objects.requireNonNull(alerts, "alerts");
        targets = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(targets));
        sources = List.copyOf(sources);
    }

    /** A config without alerts. */
    public LifeboatConfig(Path file, CatalogConfig catalog, Map<String, TargetConfig> targets, List<SourceConfig> sources,
            DaemonConfig daemon) {
        this(file, catalog, targets, sources, daemon, AlertsConfig.DISABLED);
    }

    /** A config with the default {@code daemon:} section. */
    public LifeboatConfig(Path file, CatalogConfig catalog, Map<String, TargetConfig> targets, List<SourceConfig> sources) {
        this(file, catalog, targets, sources, DaemonConfig.DEFAULT);
    }

    public Optional<SourceConfig> source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The source named {@code name}; a {@code USAGE} error naming the known ones when there is none. */
    public SourceConfig requireSource(String name) {
        return source(name).orElseThrow(() -> new io.lifeboat.core.LifeboatException(io.lifeboat.core.ErrorCode.USAGE,
                unknownSource(name)));
    }

    /** {@code no source named "x" in FILE (known: a, b)}: the one wording of an unknown source. */
    public String unknownSource(String name) {
        return "no source named \"" + name + "\" in " + (file == null ? "the config" : file) + " (known: "
                + String.join(", ", sources.stream().map(SourceConfig::name).toList()) + ")";
    }

    public Optional<TargetConfig> target(String name) {
        return Optional.ofNullable(targets.get(name));
    }
}
