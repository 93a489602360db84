package io.lifeboat.cli;

import io.lifeboat.backup.BackupRunner;
import io.lifeboat.backup.Connections;
import io.lifeboat.backup.ManifestStore;
import io.lifeboat.backup.TargetRegistry;
import io.lifeboat.backup.database.DatabaseEngines;
import io.lifeboat.backup.housekeeping.Housekeeping;
import io.lifeboat.core.archive.ArchiveOptions;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.config.LifeboatConfig;
import io.lifeboat.restore.database.DatabaseRestore;
import io.lifeboat.restore.files.FileRestore;
import io.lifeboat.verifier.Verifier;
import io.lifeboat.verifier.database.RestoreTest;
import java.time.Clock;

/**
 * The one wiring class: builds the object graph from a validated config with constructors, and
 * closes it in reverse order.
 */
public final class Lifeboat implements AutoCloseable {
    private final LifeboatConfig config;
    private final Clock clock;
    private final Catalog catalog;
    private final TargetRegistry targets;

    private Lifeboat(LifeboatConfig config, Clock clock, Catalog catalog, TargetRegistry targets) {
        this.config = config;
        this.clock = clock;
        this.catalog = catalog;
        this.targets = targets;
    }

    public static Lifeboat open(LifeboatConfig config, Clock clock) {
        Catalog catalog = Catalog.open(config.catalog(), clock);
        return new Lifeboat(config, clock, catalog, new TargetRegistry(config));
    }

    public LifeboatConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public Catalog catalog() {
        return catalog;
    }

    public TargetRegistry targets() {
        return targets;
    }

    public BackupRunner backupRunner() {
        return new BackupRunner(catalog, targets, clock, ArchiveOptions.DEFAULT, Connections.fromEnvironment());
    }

    public Verifier verifier() {
        RestoreTest restoreTest = new RestoreTest(catalog, config, Connections.fromEnvironment(), DatabaseEngines::forKind, clock);
        return new Verifier(catalog, targets, clock, restoreTest);
    }

    public DatabaseRestore databaseRestore() {
        return new DatabaseRestore(catalog, targets, Connections.fromEnvironment(), DatabaseEngines::forKind, clock);
    }

    public ManifestStore manifests() {
        return new ManifestStore(catalog, targets);
    }

    public FileRestore fileRestore() {
        return new FileRestore(manifests(), targets);
    }

    public Housekeeping housekeeping() {
        return new Housekeeping(catalog, targets, clock);
    }

    @Override
    public void close() {
        targets.close();
        catalog.close();
    }
}
