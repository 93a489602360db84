package io.lifeboat.backup;

import io.lifeboat.backup.files.IncrementalState;
import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.ArchiveOptions;
import io.lifeboat.core.archive.BackupId;
import io.lifeboat.core.archive.Manifest;
import io.lifeboat.core.archive.ManifestCodec;
import io.lifeboat.core.archive.ObjectLayout;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.BackupStatus;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.catalog.CopyRecord;
import io.lifeboat.core.catalog.CopyStatus;
import io.lifeboat.core.config.SourceConfig;
import io.lifeboat.core.storage.ObjectInfo;
import io.lifeboat.core.storage.ObjectWriter;
import io.lifeboat.core.storage.Target;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One backup of one source, as a list of named steps: record RUNNING, stream the source into the
 * first target, publish the manifest (the commit point), record COMPLETE, copy to the other
 * targets. Verification is the verifier's job and runs after this.
 */
public final class BackupRunner {
    private static final Logger log = LoggerFactory.getLogger(BackupRunner.class);

    private final Catalog catalog;
    private final TargetRegistry targets;
    private final Clock clock;
    private final ArchiveOptions archiveOptions;
    private final Connections connections;
    private final Owner owner;

    /** {@code archiveOptions}: frame size and threads; the zstd level is each source's {@code compression:}. */
    public BackupRunner(Catalog catalog, TargetRegistry targets, Clock clock, ArchiveOptions archiveOptions, Connections connections) {
        this.catalog = catalog;
        this.targets = targets;
        this.clock = clock;
        this.archiveOptions = archiveOptions;
        this.connections = connections;
        this.owner = Owner.current();
    }

    /** A backup with no lease ({@link PublishGuard#NONE}). */
    public BackupOutcome run(SourceConfig source) {
        return run(source, PublishGuard.NONE);
    }

    /** A backup that publishes only while {@code guard} allows (the source's lease). */
    public BackupOutcome run(SourceConfig source, PublishGuard guard) {
        Instant started = clock.instant();
        BackupId id = BackupId.create(started);
        MDC.put("source", source.name());
        MDC.put("backupId", id.value());
        try {
            return execute(source, id, started, guard);
        } finally {
            MDC.remove("source");
            MDC.remove("backupId");
        }
    }

    private BackupOutcome execute(SourceConfig source, BackupId id, Instant started, PublishGuard guard) {
        Target first = targets.get(source.targets().get(0));
        SourceStreamer streamer = streamer(source);
        IncrementalState.Plan plan = new IncrementalState(catalog, targets).plan(source);
        String dir = ObjectLayout.backupDir(source.name(), id, started);
        String dataKey = dir + streamer.dataFileName(source);
        BackupRecord record = new BackupRecord(id, source.name(), source.type().configName(), BackupStatus.RUNNING,
                started, null, started, plan.full(), plan.baseBackupId(), 0, 0, 0, 0, null, dataKey, owner.toString(), null);
        catalog.insertBackup(record);
        guard.started(record);
        log.info("backup started: {} backup of {} into {}", plan.full() ? "full" : "incremental", source.name(), first.name());
        try {
            Payload payload = streamer.write(source, plan, first, dir, dataKey);
            Manifest manifest = manifest(source, id, started, plan, dataKey, payload);
            guard.checkBeforePublish();
            publishManifest(first, manifest);
            record = complete(record, manifest, payload, first, guard);
            catalog.upsertCopy(new CopyRecord(id, first.name(), CopyStatus.WRITTEN, manifest.storedSize(),
                    manifest.sha256(), clock.instant(), null));
            Map<String, String> copyErrors = copyToOthers(source, manifest);
            if (!copyErrors.isEmpty()) {
                record = record.withStatus(BackupStatus.PARTIALLY_FAILED, "copy failed to " + String.join(", ", copyErrors.keySet()));
                catalog.updateBackup(record);
            }
            log.info("backup complete: {} files, {} bytes in, {} stored", record.files(), record.bytesIn(), record.storedBytes());
            return new BackupOutcome(record, Duration.between(started, clock.instant()), manifest.warnings(), copyErrors);
        } catch (RuntimeException e) {
            catalog.updateBackup(record.withStatus(BackupStatus.FAILED, reason(e)).withFinished(clock.instant()));
            throw e;
        }
    }

    /** The source's own compression on this runner's frames and threads. */
    private SourceStreamer streamer(SourceConfig source) {
        ArchiveOptions options = archiveOptions.withLevel(source.compression().level(), source.compression().adaptive());
        return source.type().isDatabase() ? new DatabaseStreamer(options, connections) : new FileTreeStreamer(options);
    }

    private Manifest manifest(SourceConfig source, BackupId id, Instant started, IncrementalState.Plan plan,
                              String dataKey, Payload p) {
        Map<String, String> props = new LinkedHashMap<>(p.properties());
        props.put("host", owner.host());
        props.put("lifeboatVersion", Version.current());
        props.put("files", Long.toString(p.files()));
        props.put("bytesIn", Long.toString(p.bytesIn()));
        Instant consistent = p.consistentPoint() == null ? started : p.consistentPoint();
        return new Manifest(Manifest.FORMAT_VERSION, id.value(), source.name(), source.type().configName(), p.format(),
                started, clock.instant(), consistent, plan.full(), plan.baseBackupId(), dataKey,
                p.summary().rawSize(), p.summary().storedSize(), p.summary().sha256(), p.summary().frames(),
                p.entries(), props, p.warnings(), p.extraObjects(), plan.deleted());
    }

    private void publishManifest(Target target, Manifest manifest) {
        checkInterrupted();
        target.put(ObjectLayout.manifestKeyFor(manifest.dataKey()), ManifestCodec.toJson(manifest));
    }

    /**
     * Records COMPLETE through the guard. When the run lost its lease between the check and this update,
     * the manifest just written is withdrawn again: only the lease holder's backup stays published.
     */
    private BackupRecord complete(BackupRecord running, Manifest m, Payload p, Target first, PublishGuard guard) {
        long stored = m.storedSize() + m.extraObjects().stream().mapToLong(o -> o.storedSize()).sum();
        BackupRecord done = new BackupRecord(running.id(), running.source(), running.sourceType(), BackupStatus.COMPLETE,
                running.started(), m.finished(), m.consistentPoint(), m.full(), m.baseBackupId(), p.files(),
                m.rawSize(), p.bytesIn(), stored, m.sha256(), m.dataKey(), running.owner(), null);
        if (!guard.commit(catalog, done)) {
            first.delete(ObjectLayout.manifestKeyFor(m.dataKey()));
            throw new LifeboatException(ErrorCode.LEASE_LOST, "backup of " + running.source() + " lost its lease while"
                    + " publishing (another node took it over); its manifest was withdrawn, nothing was published");
        }
        return done;
    }

    private Map<String, String> copyToOthers(SourceConfig source, Manifest manifest) {
        Target first = targets.get(source.targets().get(0));
        Map<String, String> errors = new LinkedHashMap<>();
        BackupId id = new BackupId(manifest.backupId());
        for (String name : source.targets().subList(1, source.targets().size())) {
            Target other = targets.get(name);
            try {
                long size = 0;
                for (String key : manifest.dataKeys()) {
                    size += copy(first, other, key).size();
                }
                other.put(ObjectLayout.manifestKeyFor(manifest.dataKey()), ManifestCodec.toJson(manifest));
                catalog.upsertCopy(new CopyRecord(id, name, CopyStatus.WRITTEN, size, manifest.sha256(), clock.instant(), null));
                log.info("copied to {}", name);
            } catch (RuntimeException e) {
                log.warn("copy to {} failed: {}", name, reason(e));
                errors.put(name, reason(e));
                catalog.upsertCopy(new CopyRecord(id, name, CopyStatus.FAILED, 0, manifest.sha256(), clock.instant(), reason(e)));
            }
        }
        return errors;
    }

    /** Streams one object from one target to another. */
    public static ObjectInfo copy(Target from, Target to, String key) {
        try (InputStream in = from.open(key); ObjectWriter writer = to.create(key)) {
            in.transferTo(writer.stream());
            return writer.commit();
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.TARGET_IO,
                    "copying " + key + " from " + from.name() + " to " + to.name() + " failed: " + e.getMessage(), e);
        }
    }

    private static void checkInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new LifeboatException(ErrorCode.INTERRUPTED, "backup interrupted before publishing; nothing was published");
        }
    }

    static String reason(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
