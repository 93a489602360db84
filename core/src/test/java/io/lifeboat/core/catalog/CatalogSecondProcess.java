package io.lifeboat.core.catalog;

import io.lifeboat.core.archive.BackupId;
import io.lifeboat.core.config.CatalogConfig;
import java.time.Clock;
import java.time.Instant;

/**
 * Run by {@link CatalogH2Test} as a separate JVM, like the command line next to a running daemon:
 * reads a backup the test wrote, and writes one the test then reads.
 * Arguments: catalog URL, id to read, id to write.
 */
final class CatalogSecondProcess {
    private CatalogSecondProcess() {
    }

    public static void main(String[] args) {
        try (Catalog catalog = Catalog.open(new CatalogConfig(args[0], null, null), Clock.systemUTC())) {
            BackupRecord seen = catalog.backup(new BackupId(args[1])).orElseThrow();
            System.out.println("saw " + seen.id());
            catalog.insertBackup(BackupRecord.running(new BackupId(args[2]), "releases", "artifacts",
                    Instant.parse("2026-11-25T02:00:00Z"), null, "releases/" + args[2]));
        }
    }
}
