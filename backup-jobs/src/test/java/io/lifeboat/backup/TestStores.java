package io.lifeboat.backup;

import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.config.CatalogConfig;
import io.lifeboat.core.config.FileTargetConfig;
import io.lifeboat.core.config.SourceConfig;
import io.lifeboat.core.config.SourceType;
import io.lifeboat.core.config.TargetConfig;
import io.lifeboat.core.config.VerifyConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A real H2 catalog and file targets in a test's directory, at a fixed time. */
public final class TestStores {
    private TestStores() {
    }

    public static Catalog catalog(Path dir, Instant now) {
        return Catalog.open(new CatalogConfig("jdbc:h2:file:" + dir.resolve("catalog"), null, null),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    /** A file target per name, in {@code dir/<name>}. */
    public static Map<String, TargetConfig> fileTargets(Path dir, String... names) {
        Map<String, TargetConfig> configs = new LinkedHashMap<>();
        for (String name : names) {
            configs.put(name, new FileTargetConfig(name, dir.resolve(name)));
        }
        return configs;
    }

    /** A directory source of {@code dir}, backed up nightly into {@code targets}. */
    public static SourceConfig directorySource(String name, Path dir, List<String> targets) {
        return new SourceConfig(name, SourceType.DIRECTORY, dir, List.of(), List.of(), "0 0 3 * * ?", "UTC", targets,
                Duration.ofHours(25), 1, VerifyConfig.DEFAULT, null, false);
    }
}
