package io.lifeboat.restore.database;

import com.github.luben.zstd.ZstdInputStream;
import io.lifeboat.backup.Connections;
import io.lifeboat.backup.ManifestStore;
import io.lifeboat.backup.TargetRegistry;
import io.lifeboat.backup.database.DatabaseEngine;
import io.lifeboat.backup.database.DbConnection;
import io.lifeboat.backup.database.RestoreInfo;
import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.Manifest;
import io.lifeboat.core.archive.StoredObject;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.BackupStatus;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.catalog.RtoKind;
import io.lifeboat.core.catalog.RtoSample;
import io.lifeboat.core.config.SourceConfig;
import io.lifeboat.core.config.SourceType;
import io.lifeboat.core.storage.Target;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a database backup into a database named by URL, streamed from a target: picks the
 * backup (by id, the newest consistent at or before a point in time, or the newest), creates the
 * database when absent, refuses one that already has tables unless {@code force} (then drops and
 * recreates it), optionally restores the globals (roles, tablespaces) first, loads the dump, counts
 * the rows and records the restore time as an RTO sample.
 */
public final class DatabaseRestore {
    static final Set<BackupStatus> PUBLISHED = EnumSet.of(BackupStatus.COMPLETE, BackupStatus.VERIFIED,
            BackupStatus.PARTIALLY_FAILED);
    private static final Logger log = LoggerFactory.getLogger(DatabaseRestore.class);
    private static final Pattern USER_PASSWORD = Pattern.compile("(//[^/@:]*:)[^/@]*@");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&;]*");

    /**
     * What to restore. {@code backup} null: the newest published backup consistent at or before
     * {@code at}, or the newest when {@code at} is null too. {@code target} null: the first readable copy.
     * {@code jobs} null: the source's {@code verify.jobs}.
     */
    public record Request(SourceConfig source, BackupRecord backup, Instant at, String into, String target,
                          boolean force, boolean globals, Integer jobs) {
    }

    /**
     * What was restored: {@code rows} are exact counts per table, counted in the dump as it was loaded
     * ({@code rowsCountedInDump}: PostgreSQL) or in the database after the restore; {@code dumpBytes}
     * the size of the dump as loaded, {@code storedBytes} what was read from the target.
     */
    public record Result(BackupRecord backup, String target, String into, Preparation preparation, boolean globals,
                         int tables, Map<String, Long> rows, boolean rowsCountedInDump, Duration duration, long dumpBytes,
                         long storedBytes) {
        public Result {
            rows = Map.copyOf(rows);
        }

        public long totalRows() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** What happened to the database before loading. */
    public enum Preparation { CREATED, EXISTED_EMPTY, REPLACED }

    private final Catalog catalog;
    private final TargetRegistry targets;
    private final Connections connections;
    private final Function<String, DatabaseEngine> engines;
    private final Clock clock;

    public DatabaseRestore(Catalog catalog, TargetRegistry targets, Connections connections,
                           Function<String, DatabaseEngine> engines, Clock clock) {
        this.catalog = catalog;
        this.targets = targets;
        this.connections = connections;
        this.engines = engines;
        this.clock = clock;
    }

    public Result restore(Request request) {
        SourceConfig source = request.source();
        if (!source.type().isDatabase()) {
            throw new LifeboatException(ErrorCode.USAGE, "source " + source.name() + " is a " + source.type().configName()
                    + " source; restore database is for postgres, mysql and h2 sources (use 'lifeboat restore files')");
        }
        if (request.globals() && source.type() != SourceType.POSTGRES) {
            throw new LifeboatException(ErrorCode.USAGE, "--globals (roles, tablespaces) is for postgres sources; "
                    + source.name() + " is a " + source.type().configName() + " source");
        }
        DbConnection into = DatabaseUrl.parse(request.into(), source, connections.of(source));
        BackupRecord backup = choose(request);
        DatabaseEngine engine = engines.apply(source.type().configName());
        Copy copy = readableCopy(backup, request.target());
        StoredObject globals = request.globals() ? globalsOf(copy.manifest(), backup) : null;
        log.info("restoring {} of {} from {} into {}", backup.id(), source.name(), copy.target().name(), into.address());
        Instant start = clock.instant();
        Preparation preparation = prepare(engine, into, request.force());
        if (globals != null) {
            restoreGlobals(engine, copy.target(), globals, into, preparation);
        }
        RestoreInfo info = load(engine, copy, into, preparation, request.jobs() == null ? source.verify().jobs() : request.jobs());
        Duration took = Duration.between(start, clock.instant());
        Map<String, Long> rows = info.rows() != null ? info.rows() : engine.rowCounts(into);
        catalog.addRtoSample(new RtoSample(backup.id(), source.name(), RtoKind.RESTORE, took, clock.instant()));
        log.info("restored {} tables, {} rows in {} ms", rows.size(), rows.values().stream().mapToLong(Long::longValue).sum(),
                took.toMillis());
        long stored = copy.manifest().storedSize() + (globals == null ? 0 : globals.storedSize());
        long raw = copy.manifest().rawSize() + (globals == null ? 0 : globals.rawSize());
        return new Result(backup, copy.target().name(), into.address(), preparation, globals != null, rows.size(), rows,
                info.rows() != null, took, raw, stored);
    }

    /** A URL as typed, for the audit trail and messages: any password in it replaced by {@code ****}. */
    public static String redact(String url) {
        return url == null ? "" : USER_PASSWORD.matcher(PASSWORD_PARAM.matcher(url).replaceAll("$1****")).replaceAll("$1****@");
    }

    /** The requested backup, checked; else the newest published one at or before {@code at}; else the newest. */
    BackupRecord choose(Request request) {
        String source = request.source().name();
        BackupRecord b = request.backup();
        if (b != null) {
            if (!b.source().equals(source)) {
                throw new LifeboatException(ErrorCode.USAGE, "backup " + b.id() + " is a backup of " + b.source()
                        + ", not of " + source);
            }
            if (b.status() == BackupStatus.RUNNING || b.sha256() == null) {
                throw new LifeboatException(ErrorCode.USAGE, "backup " + b.id() + " is " + b.status()
                        + " and was never published; choose another (see 'lifeboat backup list --source " + source + "')");
            }
            return b;
        }
        if (request.at() != null) {
            return catalog.latestConsistentAt(source, PUBLISHED, request.at()).orElseThrow(() ->
                    new LifeboatException(ErrorCode.NOT_FOUND, "no published backup of " + source
                            + " is consistent at or before " + request.at() + " (see 'lifeboat backup list --source " + source + "')"));
        }
        return catalog.latest(source, PUBLISHED).orElseThrow(() -> new LifeboatException(ErrorCode.NOT_FOUND,
                "no published backup of source " + source + " (see 'lifeboat backup list --source " + source + "')"));
    }

    private record Copy(Target target, Manifest manifest) {
    }

    private Copy readableCopy(BackupRecord backup, String preferred) {
        LifeboatException last = null;
        for (String name : new ManifestStore(catalog, targets).copyTargets(backup, preferred)) {
            try {
                Target target = targets.get(name);
                return new Copy(target, ManifestStore.read(target, backup.dataKey()));
            } catch (LifeboatException e) {
                if (preferred != null) {
                    throw e;
                }
                log.warn("copy in {} unreadable ({}), trying the next", name, e.getMessage());
                last = e;
            }
        }
        throw new LifeboatException(ErrorCode.TARGET_UNREACHABLE, "no copy of backup " + backup.id() + " could be read"
                + (last == null ? "" : ": " + last.getMessage()), last);
    }

    private static StoredObject globalsOf(Manifest manifest, BackupRecord backup) {
        return manifest.extraObjects().stream().filter(o -> o.name().equals("globals.sql")).findFirst()
                .orElseThrow(() -> new LifeboatException(ErrorCode.USAGE, "backup " + backup.id() + " has no globals"
                        + " (roles, tablespaces): its source had globals: false; restore without --globals"));
    }

    /** Creates the database, or checks that it is empty, or (force) drops and recreates it. */
    private static Preparation prepare(DatabaseEngine engine, DbConnection into, boolean force) {
        boolean exists = engine.databasesLike(into, into.database()).contains(into.database());
        if (!exists) {
            engine.createDatabase(into);
            return Preparation.CREATED;
        }
        if (!engine.hasTables(into)) {
            return Preparation.EXISTED_EMPTY;
        }
        if (!force) {
            throw new LifeboatException(ErrorCode.RESTORE_REFUSED, "database " + into.address() + " already has tables;"
                    + " a restore does not overwrite live data. Restore into a new database, or add --force to drop"
                    + " and recreate " + into.database());
        }
        log.warn("--force: dropping and recreating database {}", into.address());
        engine.dropDatabase(into);
        engine.createDatabase(into);
        return Preparation.REPLACED;
    }

    /** Roles and tablespaces, before the dump that refers to them; existing ones are kept. */
    private static void restoreGlobals(DatabaseEngine engine, Target target, StoredObject globals, DbConnection into,
                                       Preparation preparation) {
        try (InputStream sql = open(target, globals.key())) {
            engine.restoreGlobals(sql, into);
        } catch (IOException e) {
            throw cleanUp(engine, into, preparation, readFailed(target, globals.key(), e));
        } catch (LifeboatException e) {
            throw cleanUp(engine, into, preparation, e);
        }
    }

    /** Loads the dump; when that fails, a database this restore created is dropped again. */
    private static RestoreInfo load(DatabaseEngine engine, Copy copy, DbConnection into, Preparation preparation, int jobs) {
        try (InputStream dump = open(copy.target(), copy.manifest().dataKey())) {
            return engine.restore(dump, into, jobs);
        } catch (IOException e) {
            throw cleanUp(engine, into, preparation, readFailed(copy.target(), copy.manifest().dataKey(), e));
        } catch (LifeboatException e) {
            throw cleanUp(engine, into, preparation, e);
        }
    }

    private static LifeboatException cleanUp(DatabaseEngine engine, DbConnection into, Preparation preparation,
                                             LifeboatException failure) {
        if (preparation == Preparation.EXISTED_EMPTY) {
            return new LifeboatException(failure.code(), failure.getMessage() + "; database " + into.database()
                    + " existed before and holds what was loaded so far", failure);
        }
        boolean interrupted = Thread.interrupted();
        try {
            engine.dropDatabase(into);
            return new LifeboatException(failure.code(), failure.getMessage() + "; the half-restored database "
                    + into.database() + " was dropped", failure);
        } catch (LifeboatException e) {
            return new LifeboatException(failure.code(), failure.getMessage() + "; dropping the half-restored database "
                    + into.database() + " failed too: " + e.getMessage(), failure);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A stored object decompressed: the zstd frames read in sequence. */
    private static InputStream open(Target target, String key) throws IOException {
        InputStream stored = target.open(key);
        try {
            return new ZstdInputStream(new BufferedInputStream(stored, 1 << 20));
        } catch (IOException | RuntimeException e) {
            stored.close();
            throw e;
        }
    }

    private static LifeboatException readFailed(Target target, String key, IOException e) {
        return new LifeboatException(ErrorCode.TARGET_IO, "reading " + key + " from " + target.name() + " failed: "
                + e.getMessage(), e);
    }
}
