package io.lifeboat.core.catalog;

import io.lifeboat.core.config.CatalogConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The source leases on the embedded H2 file catalog. */
class SourceLeasesH2Test extends SourceLeasesContract {
    @TempDir
    Path dir;

    @Override
    protected CatalogConfig newDatabase() {
        return new CatalogConfig("jdbc:h2:file:" + dir.resolve("var/catalog"), null, null);
    }
}
