package io.lifeboat.backup.housekeeping;

import io.lifeboat.backup.ManifestStore;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.BackupId;
import io.lifeboat.core.archive.EntryType;
import io.lifeboat.core.archive.Manifest;
import io.lifeboat.core.archive.ObjectLayout;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.BackupStatus;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.catalog.CopyRecord;
import io.lifeboat.core.catalog.CopyStatus;
import io.lifeboat.core.storage.ObjectInfo;
import io.lifeboat.core.storage.Target;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rebuilds the catalog from the manifests stored in one target: the daemon's host is assumed lost,
 * the DR region alone must be enough. Backups already known keep their status; new ones enter as
 * COMPLETE (they were published) and need verification again to become VERIFIED.
 */
public final class CatalogRebuilder {
    /** What a rebuild found. */
    public record Report(int manifests, int added, int alreadyKnown, List<String> problems) {
        public Report {
            problems = List.copyOf(problems);
        }
    }

    private final Catalog catalog;
    private final Clock clock;

    public CatalogRebuilder(Catalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    public Report rebuild(Target target) {
        int manifests = 0;
        int added = 0;
        int known = 0;
        List<String> problems = new ArrayList<>();
        for (ObjectInfo info : target.list("")) {
            if (!ObjectLayout.isManifest(info.key())) {
                continue;
            }
            manifests++;
            Manifest m;
            try {
                m = ManifestStore.read(target, info.key());
            } catch (LifeboatException e) {
                problems.add(info.key() + ": " + e.getMessage());
                continue;
            }
            BackupId id = new BackupId(m.backupId());
            Optional<BackupRecord> existing = catalog.backup(id);
            if (existing.isPresent()) {
                known++;
            } else {
                catalog.insertBackup(toRecord(m));
                added++;
            }
            boolean hasCopy = catalog.copies(id).stream().anyMatch(c -> c.target().equals(target.name()));
            if (!hasCopy) {
                catalog.upsertCopy(new CopyRecord(id, target.name(), CopyStatus.WRITTEN, m.storedSize(), m.sha256(), clock.instant(), null));
            }
        }
        return new Report(manifests, added, known, problems);
    }

    static BackupRecord toRecord(Manifest m) {
        long files = m.entries().stream().filter(e -> e.type() == EntryType.FILE).count();
        long bytesIn = m.entries().stream().filter(e -> e.type() == EntryType.FILE).mapToLong(e -> e.size()).sum();
        if (m.entries().isEmpty()) {
            bytesIn = m.rawSize();
        }
        return new BackupRecord(new BackupId(m.backupId()), m.source(), m.sourceType(), BackupStatus.COMPLETE, m.started(),
                m.finished(), m.consistentPoint(), m.full(), m.baseBackupId(), files, m.rawSize(), bytesIn, m.storedSize(),
                m.sha256(), m.dataKey(), "rebuilt", null);
    }
}
