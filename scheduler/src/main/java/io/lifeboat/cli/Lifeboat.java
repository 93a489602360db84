package io.lifeboat.cli;

import io.lifeboat.backup.BackupRunner;
import io.lifeboat.backup.Connections;
import io.lifeboat.backup.ManifestStore;
import io.lifeboat.backup.TargetRegistry;
import io.lifeboat.backup.database.DatabaseEngines;
import io.lifeboat.backup.housekeeping.Housekeeping;
import io.lifeboat.core.archive.ArchiveOptions;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.catalog.GlacierArchiveRows;
import io.lifeboat.core.catalog.RetrievalRows;
import io.lifeboat.core.storage.Targets;
import io.lifeboat.restore.archive.ArchivedReads;
import io.lifeboat.restore.archive.RetrievingTarget;
import io.lifeboat.restore.archive.Sleeper;
import io.lifeboat.core.config.LifeboatConfig;
import io.lifeboat.restore.database.DatabaseRestore;
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
    private final java.util.List<TargetRegistry> restoreViews = new java.util.ArrayList<>();

    private Lifeboat(LifeboatConfig config, Clock clock, Catalog catalog, TargetRegistry targets) {
        this.config = config;
        this.clock = clock;
        this.catalog = catalog;
        this.targets = targets;
    }

    public static Lifeboat open(LifeboatConfig config, Clock clock) {
        Catalog catalog = Catalog.open(config.catalog(), clock);
        GlacierArchiveRows glacierIndex = new GlacierArchiveRows(catalog.dataSource());
        return new Lifeboat(config, clock, catalog,
                new TargetRegistry(config.targets(), c -> Targets.open(c, glacierIndex, clock)));
    }

    public LifeboatConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Refuses (USAGE) a source that is neither in the config nor in the catalog: a typo, not a source
     * whose backups outlived its config entry.
     */
    public void requireKnownSource(String source) {
        if (config.source(source).isEmpty() && catalog.backups(source, 1).isEmpty()) {
            throw new io.lifeboat.core.LifeboatException(io.lifeboat.core.ErrorCode.USAGE,
                    config.unknownSource(source) + ", and none in the catalog");
        }
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

    /**
     * The backup-then-verify path under the source's lease, held as {@code host:pid/instance} (the daemon's
     * Quartz instance id, or {@code cli}); {@code wait} is how long to wait for a source another run holds.
     */
    public io.lifeboat.daemon.SourceRun sourceRun(String instance, java.time.Duration wait) {
        return new io.lifeboat.daemon.SourceRun(backupRunner(), this::verifier, catalog,
                io.lifeboat.backup.Owner.current() + "/" + instance, config.daemon().lease(), wait);
    }

    public Verifier verifier() {
        return new Verifier(catalog, targets, clock, restoreTest());
    }

    /** Level 3 of database backups; also what drops scratch databases that crashed runs left behind. */
    public RestoreTest restoreTest() {
        return new RestoreTest(catalog, config, Connections.fromEnvironment(), DatabaseEngines::forKind, clock);
    }

    public DatabaseRestore databaseRestore() {
        return new DatabaseRestore(catalog, targets, Connections.fromEnvironment(), DatabaseEngines::forKind, clock);
    }

    public ManifestStore manifests() {
        return new ManifestStore(catalog, targets);
    }

    /**
     * The targets as a restore reads them: an archived object (glacier, S3 GLACIER/DEEP_ARCHIVE) is
     * retrieved first, see {@link ArchivedReads}. Closed with this object; the targets stay shared.
     */
    public TargetRegistry restoreTargets(ArchivedReads.Options options, java.util.function.Consumer<String> notices) {
        ArchivedReads reads = new ArchivedReads(retrievals(), clock, Sleeper.SYSTEM, notices, options);
        TargetRegistry view = new TargetRegistry(config.targets(), c -> new RetrievingTarget(targets.get(c.name()), reads));
        restoreViews.add(view);
        return view;
    }

    /** Archive retrievals started by restores, pending and past. */
    public RetrievalRows retrievals() {
        return new RetrievalRows(catalog.dataSource());
    }

    /**
     * Where a one-shot {@code lifeboat drill run} reports to the runbook's {@code notify} list: mailed (the HTML
     * report as the body) when the config has an {@code alerts:} section, else logged. Each report gets its own
     * mailer, closed after up to 30 s of sending, so the command does not exit before its mail is out; a mail
     * problem is logged and never changes the drill's result. The daemon reports through its own notifier
     * ({@link #drillNotifier(io.lifeboat.core.alerts.Notifier)}).
     */
    public io.lifeboat.restore.drill.DrillNotifier drillNotifier() {
        if (!config.alerts().enabled()) {
            return io.lifeboat.restore.drill.DrillNotifier.LOGGING;
        }
        return (report, to, html) -> {
            if (to.isEmpty()) {
                return;
            }
            io.lifeboat.core.alerts.Notifier mail;
            try {
                mail = io.lifeboat.alerts.Notifiers.fromConfig(config.alerts(), System::getenv,
                        io.lifeboat.alerts.MailNotifier.Delivery.DEFAULT);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Lifeboat.class).error("drill {}: report not mailed: {}", report.id(), e.getMessage());
                return;
            }
            try {
                drillNotifier(mail).report(report, to, html);
            } finally {
                if (mail instanceof io.lifeboat.alerts.MailNotifier m) {
                    m.close(java.time.Duration.ofSeconds(30));
                }
            }
        };
    }

    /** Drill reports through an alerts notifier: the runbook's {@code notify} list, the HTML report as the body. */
    public static io.lifeboat.restore.drill.DrillNotifier drillNotifier(io.lifeboat.core.alerts.Notifier alerts) {
        return (report, to, html) -> {
            if (!to.isEmpty()) {
                alerts.drillReport(report.runbook().file().toString(), "[lifeboat] drill " + report.runbook().name() + ": "
                        + report.status().name().replace('_', ' '), html, to);
            }
        };
    }

    public Housekeeping housekeeping() {
        return new Housekeeping(catalog, targets, clock);
    }

    @Override
    public void close() {
        restoreViews.forEach(TargetRegistry::close);
        targets.close();
        catalog.close();
    }
}
