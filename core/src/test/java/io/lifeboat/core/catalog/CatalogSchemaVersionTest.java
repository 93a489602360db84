package io.lifeboat.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The fast path skips Flyway only when the catalog is at the newest shipped migration: keep the constant true. */
class CatalogSchemaVersionTest {
    @Test
    void latestVersionIsTheNewestMigrationShipped() throws IOException {
        Pattern version = Pattern.compile("V(\\d+)__.*\\.sql");
        int newest = 0;
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/db"))) {
            for (Path p : files.toList()) {
                Matcher m = version.matcher(p.getFileName().toString());
                if (m.matches()) {
                    newest = Math.max(newest, Integer.parseInt(m.group(1)));
                }
            }
        }
        assertThat(newest).isPositive();
        assertThat(CatalogSchema.LATEST_VERSION).as("CatalogSchema.LATEST_VERSION").isEqualTo(newest);
    }
}
