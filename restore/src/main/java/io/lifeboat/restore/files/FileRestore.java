package io.lifeboat.restore.files;

import io.lifeboat.backup.ManifestStore;
import io.lifeboat.backup.TargetRegistry;
import io.lifeboat.backup.files.GlobFilter;
import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.ArchiveRestorer;
import io.lifeboat.core.archive.Manifest;
import io.lifeboat.core.archive.ManifestEntry;
import io.lifeboat.core.archive.RestoreOptions;
import io.lifeboat.core.archive.RestoreReport;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.target.Target;
import io.lifeboat.restore.archive.ArchivedReads;
import io.lifeboat.restore.archive.RetrievedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores files of one backup into a directory, reading only the frames that hold the selected
 * files. The directory must be empty or absent unless {@code force}; nothing is written outside it.
 */
public final class FileRestore {
    private static final Logger log = LoggerFactory.getLogger(FileRestore.class);

    /** What to restore. {@code include} globs select entries (empty: all); {@code target} picks the copy (null: first healthy). */
    public record Request(BackupRecord backup, Path into, List<String> include, String target, boolean force) {
        public Request {
            include = List.copyOf(include);
        }
    }

    /** The result, with the target the data was read from. */
    public record Result(BackupRecord backup, String target, RestoreReport report, long storedBytes) {
    }

    private final ManifestStore manifests;
    private final TargetRegistry targets;
    /** Reads of archived copies (Glacier, S3 archive classes); null: read them like any other. */
    private final ArchivedReads archives;

    public FileRestore(ManifestStore manifests, TargetRegistry targets) {
        this(manifests, targets, null);
    }

    public FileRestore(ManifestStore manifests, TargetRegistry targets, ArchivedReads archives) {
        this.manifests = manifests;
        this.targets = targets;
        this.archives = archives;
    }

    public Result restore(Request request) {
        checkInto(request.into(), request.force());
        LifeboatException last = null;
        String archived = null;
        for (String name : manifests.copyTargets(request.backup(), request.target())) {
            Target target = targets.get(name);
            Manifest manifest;
            try {
                manifest = ManifestStore.read(target, request.backup().dataKey());
            } catch (LifeboatException e) {
                if (request.target() != null) {
                    throw e;
                }
                log.warn("target {} unreadable ({}), trying the next copy", name, e.getMessage());
                last = e;
                continue;
            }
            if (archives != null && archives.needsRetrieval(request.backup(), target, manifest.dataKey())) {
                archived = archived == null ? name : archived; // read only when no other copy can be
                continue;
            }
            GlobFilter filter = new GlobFilter(request.include(), List.of());
            Predicate<ManifestEntry> select = e -> request.include().isEmpty() || filter.selects(e.path());
            RestoreReport report = ArchiveRestorer.restore(manifest, (off, len) -> target.openRange(manifest.dataKey(), off, len),
                    request.into(), select, new RestoreOptions(request.force()));
            return new Result(request.backup(), name, report, manifest.storedSize());
        }
        if (archived != null) {
            return restoreArchived(request, archived);
        }
        throw new LifeboatException(ErrorCode.TARGET_UNREACHABLE, "no copy of backup " + request.backup().id()
                + " could be read" + (last == null ? "" : ": " + last.getMessage()), last);
    }

    /** Every readable copy is archived: retrieve (or resume retrieving) one, then restore from it. */
    private Result restoreArchived(Request request, String name) {
        Target target = targets.get(name);
        Manifest manifest = ManifestStore.read(target, request.backup().dataKey());
        GlobFilter filter = new GlobFilter(request.include(), List.of());
        Predicate<ManifestEntry> select = e -> request.include().isEmpty() || filter.selects(e.path());
        try (RetrievedData data = archives.await(request.backup(), target, manifest.dataKey())) {
            RestoreReport report = ArchiveRestorer.restore(manifest, data.reader(), request.into(), select,
                    new RestoreOptions(request.force()));
            archives.done(data);
            return new Result(request.backup(), name, report, manifest.storedSize());
        }
    }

    static void checkInto(Path into, boolean force) {
        if (!Files.exists(into) || force) {
            return;
        }
        if (!Files.isDirectory(into)) {
            throw new LifeboatException(ErrorCode.RESTORE_REFUSED, into + " exists and is not a directory");
        }
        try (Stream<Path> s = Files.list(into)) {
            if (s.findAny().isPresent()) {
                throw new LifeboatException(ErrorCode.RESTORE_REFUSED,
                        into + " is not empty; restore into an empty directory, or add --force to write into it");
            }
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.RESTORE_REFUSED, "cannot read " + into + ": " + e.getMessage(), e);
        }
    }
}
