package io.lifeboat.backup;

import io.lifeboat.backup.files.FileTreeWalker;
import io.lifeboat.backup.files.GlobFilter;
import io.lifeboat.backup.files.IncrementalState;
import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.ArchiveOptions;
import io.lifeboat.core.archive.ArchiveSummary;
import io.lifeboat.core.archive.BackupId;
import io.lifeboat.core.archive.Manifest;
import io.lifeboat.core.archive.ManifestCodec;
import io.lifeboat.core.archive.ObjectLayout;
import io.lifeboat.core.archive.TarZstWriter;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.BackupStatus;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.catalog.CopyRecord;
import io.lifeboat.core.catalog.CopyStatus;
import io.lifeboat.core.config.SourceConfig;
import io.lifeboat.core.target.ObjectInfo;
import io.lifeboat.core.target.ObjectWriter;
import io.lifeboat.core.target.Target;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * One backup of one file-tree source, as a list of named steps: record RUNNING, stream the tree
 * into the first target, publish the manifest (the commit point), record COMPLETE, copy to the
 * other targets. Verification is the verifier's job and runs after this.
 */
public final class BackupRunner {
    private static final Logger log = LoggerFactory.getLogger(BackupRunner.class);

    private final Catalog catalog;
    private final TargetRegistry targets;
    private final Clock clock;
    private final ArchiveOptions archiveOptions;
    private final Owner owner;

    public BackupRunner(Catalog catalog, TargetRegistry targets, Clock clock, ArchiveOptions archiveOptions) {
        this.catalog = catalog;
        this.targets = targets;
        this.clock = clock;
        this.archiveOptions = archiveOptions;
        this.owner = Owner.current();
    }

    public BackupOutcome run(SourceConfig source) {
        Instant started = clock.instant();
        BackupId id = BackupId.create(started);
        MDC.put("source", source.name());
        MDC.put("backupId", id.value());
        try {
            return execute(source, id, started);
        } finally {
            MDC.remove("source");
            MDC.remove("backupId");
        }
    }

    private BackupOutcome execute(SourceConfig source, BackupId id, Instant started) {
        Target first = targets.get(source.targets().get(0));
        IncrementalState.Plan plan = new IncrementalState(catalog, targets).plan(source);
        String dataKey = ObjectLayout.dataKey(source.name(), id, started, ObjectLayout.TAR_ZST);
        BackupRecord record = new BackupRecord(id, source.name(), source.type().configName(), BackupStatus.RUNNING,
                started, null, started, plan.full(), plan.baseBackupId(), 0, 0, 0, 0, null, dataKey, owner.toString(), null);
        catalog.insertBackup(record);
        log.info("backup started: {} backup of {} into {}", plan.full() ? "full" : "incremental", source.path(), first.name());
        try {
            Written written = writeData(source, plan, first, dataKey);
            Manifest manifest = manifest(source, id, started, plan, dataKey, written);
            publishManifest(first, manifest);
            record = complete(record, manifest, written);
            catalog.upsertCopy(new CopyRecord(id, first.name(), CopyStatus.WRITTEN, written.stored.size(),
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

    private record Written(FileTreeWalker.Result walk, ArchiveSummary summary, ObjectInfo stored) {
    }

    private Written writeData(SourceConfig source, IncrementalState.Plan plan, Target first, String dataKey) {
        try (ObjectWriter writer = first.create(dataKey)) {
            OutputStream out = new BufferedOutputStream(writer.stream(), 1 << 20);
            TarZstWriter tar = new TarZstWriter(out, archiveOptions);
            FileTreeWalker walker = new FileTreeWalker(source.path(), new GlobFilter(source.include(), source.exclude()), plan.filter());
            FileTreeWalker.Result walk = walker.walk(tar);
            ArchiveSummary summary = tar.finish();
            out.flush();
            checkInterrupted();
            ObjectInfo stored = writer.commit();
            if (stored.size() != summary.storedSize()) {
                throw new LifeboatException(ErrorCode.TARGET_IO, "target " + first.name() + " stored " + stored.size()
                        + " bytes of " + dataKey + " but " + summary.storedSize() + " were written");
            }
            return new Written(walk, summary, stored);
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.TARGET_IO, "writing " + dataKey + " to " + first.name() + " failed: " + e.getMessage(), e);
        }
    }

    private Manifest manifest(SourceConfig source, BackupId id, Instant started, IncrementalState.Plan plan,
                              String dataKey, Written w) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("sourcePath", source.path().toString());
        props.put("host", owner.host());
        props.put("lifeboatVersion", Version.current());
        props.put("files", Long.toString(w.walk.files()));
        props.put("bytesIn", Long.toString(w.walk.bytesIn()));
        return new Manifest(Manifest.FORMAT_VERSION, id.value(), source.name(), source.type().configName(), "tar+zstd",
                started, clock.instant(), started, plan.full(), plan.baseBackupId(), dataKey,
                w.summary.rawSize(), w.summary.storedSize(), w.summary.sha256(), w.summary.frames(),
                w.walk.entries(), props, w.walk.warnings());
    }

    private void publishManifest(Target target, Manifest manifest) {
        checkInterrupted();
        target.put(ObjectLayout.manifestKeyFor(manifest.dataKey()), ManifestCodec.toJson(manifest));
    }

    private BackupRecord complete(BackupRecord running, Manifest m, Written w) {
        BackupRecord done = new BackupRecord(running.id(), running.source(), running.sourceType(), BackupStatus.COMPLETE,
                running.started(), m.finished(), m.consistentPoint(), m.full(), m.baseBackupId(), w.walk.files(),
                m.rawSize(), w.walk.bytesIn(), m.storedSize(), m.sha256(), m.dataKey(), running.owner(), null);
        catalog.updateBackup(done);
        return done;
    }

    private Map<String, String> copyToOthers(SourceConfig source, Manifest manifest) {
        Target first = targets.get(source.targets().get(0));
        Map<String, String> errors = new LinkedHashMap<>();
        BackupId id = new BackupId(manifest.backupId());
        for (String name : source.targets().subList(1, source.targets().size())) {
            Target other = targets.get(name);
            try {
                ObjectInfo info = copy(first, other, manifest.dataKey());
                other.put(ObjectLayout.manifestKeyFor(manifest.dataKey()), ManifestCodec.toJson(manifest));
                catalog.upsertCopy(new CopyRecord(id, name, CopyStatus.WRITTEN, info.size(), manifest.sha256(), clock.instant(), null));
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
