package io.lifeboat.verifier.database;

import com.github.luben.zstd.ZstdInputStream;
import io.lifeboat.backup.Connections;
import io.lifeboat.backup.ManifestStore;
import io.lifeboat.backup.Owner;
import io.lifeboat.backup.database.CheckResult;
import io.lifeboat.backup.database.DatabaseEngine;
import io.lifeboat.backup.database.DbConnection;
import io.lifeboat.backup.database.RestoreInfo;
import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.Manifest;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.catalog.RtoKind;
import io.lifeboat.core.catalog.RtoSample;
import io.lifeboat.core.catalog.ScratchDatabase;
import io.lifeboat.core.config.LifeboatConfig;
import io.lifeboat.core.config.SourceConfig;
import io.lifeboat.core.config.SourceType;
import io.lifeboat.core.storage.Target;
import io.lifeboat.verifier.Finding;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Level 3 for database backups: restore the dump into a scratch database {@code lifeboat_verify_<short id>}
 * on the source's scratch server, streamed from a target (no local copy; the engine decides how it
 * uses {@code jobs}), run the configured checks, compare row counts with the manifest's estimates,
 * record the restore time as an RTO sample, and always drop the scratch database again. The scratch
 * database is recorded in the catalog before it is created, so a crash leaves a row that
 * {@link #dropLeftovers()} finds. Globals (roles) are not restored into the scratch server: level 2
 * has already read them back.
 */
public final class RestoreTest {
    public static final String SCRATCH_PREFIX = "lifeboat_verify_";
    private static final Logger log = LoggerFactory.getLogger(RestoreTest.class);
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^;]*");

    private final Catalog catalog;
    private final LifeboatConfig config;
    private final Connections connections;
    private final Function<String, DatabaseEngine> engines;
    private final Clock clock;

    public RestoreTest(Catalog catalog, LifeboatConfig config, Connections connections,
                       Function<String, DatabaseEngine> engines, Clock clock) {
        this.catalog = catalog;
        this.config = config;
        this.connections = connections;
        this.engines = engines;
        this.clock = clock;
    }

    /** The configured database source of a backup; {@code USAGE} when it is not one. */
    public SourceConfig sourceOf(BackupRecord backup) {
        boolean database = SourceType.fromConfigName(backup.sourceType()).map(SourceType::isDatabase).orElse(false);
        if (!database) {
            throw new LifeboatException(ErrorCode.USAGE, "level 3 (restore test) is for database backups; backup "
                    + backup.id() + " of " + backup.source() + " is a " + backup.sourceType() + " backup (use level 1 or 2)");
        }
        return config.source(backup.source()).filter(s -> s.type().isDatabase()).orElseThrow(() ->
                new LifeboatException(ErrorCode.USAGE, "level 3 needs the settings of source " + backup.source()
                        + " (scratch server, checks), which is not a database source in " + config.file()));
    }

    /** Drops recorded scratch databases left behind by dead or old runs; one line per leftover. */
    public List<String> dropLeftovers() {
        return new Leftovers(catalog, config, connections, engines, clock).drop();
    }

    /** Runs the restore test of {@code backup} from the copy in {@code target}. */
    public RestoreTestResult run(BackupRecord backup, SourceConfig source, Target target) {
        Instant start = clock.instant();
        String name = SCRATCH_PREFIX + backup.id().shortId();
        DatabaseEngine engine = engines.apply(source.type().configName());
        Manifest manifest;
        DbConnection scratch;
        ScratchDatabase row;
        try {
            manifest = ManifestStore.read(target, backup.dataKey());
            scratch = connections.scratch(source, name);
            row = new ScratchDatabase(name, serverOf(scratch), source.name(), Owner.current().toString(), clock.instant());
            catalog.recordScratch(row);
        } catch (LifeboatException e) {
            if (e.code() == ErrorCode.CATALOG) {
                throw e;
            }
            return notRun(target, name, e, start);
        }
        log.info("restore test of {} from {} into scratch database {}", backup.id(), target.name(), row.describe());
        List<String> notes = new ArrayList<>();
        Run run = new Run(backup, source, target, manifest, engine, scratch);
        try (ScratchDrop drop = new ScratchDrop(catalog, engine, scratch, row, Thread.currentThread())) {
            try {
                run.execute();
            } finally {
                String problem = drop.drop();
                if (problem != null) {
                    notes.add(problem);
                }
            }
        }
        return new RestoreTestResult(target.name(), name, run.loaded, run.tables, run.rows, run.restoreDuration,
                source.verify().checks().size(), run.findings, Duration.between(start, clock.instant()), notes);
    }

    private RestoreTestResult notRun(Target target, String name, LifeboatException e, Instant start) {
        log.warn("restore test could not start: {}", e.getMessage());
        return RestoreTestResult.notRun(target.name(), name, new Finding.RestoreFailed(target.name(), "scratch database",
                e.getMessage()), Duration.between(start, clock.instant()));
    }

    /** Where a scratch database lives, as recorded: {@code host:port}, or the H2 URL without a password. */
    static String serverOf(DbConnection c) {
        if (c.jdbcUrl() != null) {
            return URL_PASSWORD.matcher(c.jdbcUrl()).replaceAll("$1****");
        }
        String host = c.host().contains(":") && !c.host().startsWith("[") ? "[" + c.host() + "]" : c.host();
        return host + ":" + c.port();
    }

    /** The steps between creating and dropping the scratch database, and what they found. */
    private final class Run {
        private final BackupRecord backup;
        private final SourceConfig source;
        private final Target target;
        private final Manifest manifest;
        private final DatabaseEngine engine;
        private final DbConnection scratch;
        final List<Finding> findings = new ArrayList<>();
        boolean loaded;
        int tables;
        long rows;
        Duration restoreDuration = Duration.ZERO;

        Run(BackupRecord backup, SourceConfig source, Target target, Manifest manifest, DatabaseEngine engine,
            DbConnection scratch) {
            this.backup = backup;
            this.source = source;
            this.target = target;
            this.manifest = manifest;
            this.engine = engine;
            this.scratch = scratch;
        }

        void execute() {
            Instant start = clock.instant();
            try {
                engine.dropDatabase(scratch); // an unrecorded leftover of this very backup's test
                engine.createDatabase(scratch);
            } catch (LifeboatException e) {
                rethrowIfInterrupted(e);
                findings.add(new Finding.RestoreFailed(target.name(), "scratch database", e.getMessage()));
                return;
            }
            loaded = true;
            try {
                RestoreInfo info = restore();
                restoreDuration = Duration.between(start, clock.instant());
                tables = info.tables();
            } catch (LifeboatException e) {
                rethrowIfInterrupted(e);
                findings.add(new Finding.RestoreFailed(target.name(), "restore", e.getMessage()));
                return;
            }
            catalog.addRtoSample(new RtoSample(backup.id(), source.name(), RtoKind.VERIFY, restoreDuration, clock.instant()));
            runChecks();
            compareRowCounts();
        }

        private RestoreInfo restore() {
            try (InputStream stored = target.open(manifest.dataKey());
                 InputStream dump = new ZstdInputStream(new BufferedInputStream(stored, 1 << 20))) {
                return engine.restore(dump, scratch, source.verify().jobs());
            } catch (IOException e) {
                throw new LifeboatException(ErrorCode.TARGET_IO, "reading " + manifest.dataKey() + " from "
                        + target.name() + " failed: " + e.getMessage(), e);
            }
        }

        private void runChecks() {
            for (String sql : source.verify().checks()) {
                try {
                    CheckResult r = engine.check(scratch, sql);
                    if (!r.passed()) {
                        findings.add(new Finding.CheckFailed(target.name(), sql, r.detail()));
                    }
                } catch (LifeboatException e) {
                    rethrowIfInterrupted(e);
                    findings.add(new Finding.CheckFailed(target.name(), sql, "error: " + e.getMessage()));
                }
            }
        }

        private void compareRowCounts() {
            try {
                Map<String, Long> counts = engine.rowCounts(scratch);
                rows = counts.values().stream().mapToLong(Long::longValue).sum();
                findings.addAll(RowCountCheck.compare(target.name(), manifest.properties(), counts));
            } catch (LifeboatException e) {
                rethrowIfInterrupted(e);
                findings.add(new Finding.RestoreFailed(target.name(), "row count", e.getMessage()));
            }
        }
    }

    private static void rethrowIfInterrupted(LifeboatException e) {
        if (e.code() == ErrorCode.INTERRUPTED) {
            throw e;
        }
    }
}
