package io.lifeboat.backup.retention;

import io.lifeboat.backup.TargetRegistry;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.ObjectLayout;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.BackupStatus;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.catalog.CopyRecord;
import io.lifeboat.core.catalog.CopyStatus;
import io.lifeboat.core.config.SourceConfig;
import io.lifeboat.core.storage.ObjectInfo;
import io.lifeboat.core.storage.Target;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code retention apply}: decides per source with {@link RetentionPolicy}, then deletes each expired
 * backup from every target that holds a copy (data objects first, the manifest last) and marks it
 * {@code EXPIRED}. A target that refuses (Object Lock) or fails keeps its copy and does not stop the
 * others; the backup then stays published with a note, and the next run tries again.
 */
public final class Retention {
    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    private static final int HISTORY = 100_000;

    private final Catalog catalog;
    private final TargetRegistry targets;
    private final Clock clock;
    private final RetentionPolicy policy;

    public Retention(Catalog catalog, TargetRegistry targets, Clock clock) {
        this.catalog = catalog;
        this.targets = targets;
        this.clock = clock;
        this.policy = new RetentionPolicy(clock);
    }

    /** Applies (or with {@code dryRun} only reports) the retention of one source. */
    public SourceReport apply(SourceConfig source, boolean dryRun) {
        ZoneId zone = source.timezone() == null ? ZoneId.systemDefault() : ZoneId.of(source.timezone());
        List<Decision> decisions = policy.decide(catalog.backups(source.name(), HISTORY), source.retention(), zone);
        List<Outcome> outcomes = new ArrayList<>();
        for (Decision d : decisions) {
            if (d.keep()) {
                outcomes.add(Outcome.kept(d));
            } else {
                outcomes.add(dryRun ? wouldDelete(d, source) : delete(d, source));
            }
        }
        String described = source.retention() == null ? null : source.retention().describe();
        return new SourceReport(source.name(), described, dryRun, outcomes);
    }

    private Outcome wouldDelete(Decision d, SourceConfig source) {
        Map<String, Long> stored = new LinkedHashMap<>();
        catalog.copies(d.backup().id()).stream().filter(c -> c.status() != CopyStatus.FAILED)
                .forEach(c -> stored.put(c.target(), c.storedBytes()));
        List<String> holding = copyTargets(d.backup(), source).stream().filter(stored::containsKey).toList();
        return new Outcome(d, holding.stream().mapToLong(stored::get).sum(), holding, Map.of());
    }

    private Outcome delete(Decision d, SourceConfig source) {
        BackupRecord b = d.backup();
        Instant now = clock.instant();
        long bytes = 0;
        List<String> deleted = new ArrayList<>();
        Map<String, String> refused = new LinkedHashMap<>();
        for (String name : copyTargets(b, source)) {
            long[] purged = {0, 0};
            try {
                purgeCopy(targets.get(name), b, purged);
                bytes += purged[1];
                deleted.add(name);
                markCopyGone(b, name, "deleted by retention at " + now);
            } catch (LifeboatException e) {
                log.warn("retention could not delete backup {} from {}: {}", b.id(), name, e.getMessage());
                refused.put(name, e.getMessage());
                bytes += purged[1];
                if (purged[0] > 0) { // a copy missing some objects must not be read by a restore
                    markCopyGone(b, name, "partly deleted by retention at " + now + "; the rest goes on the next run");
                }
            }
        }
        if (refused.isEmpty()) {
            catalog.updateBackup(b.withStatus(BackupStatus.EXPIRED, "expired by retention at " + now + " ("
                    + d.reason().replaceFirst("^expired: ", "") + ")"));
            log.info("backup {} of {} expired: {}", b.id(), b.source(), d.reason());
        } else {
            catalog.updateBackup(b.withStatus(b.status(), "retention expired it at " + now + " but the copy in "
                    + String.join(", ", refused.keySet()) + " could not be deleted and is kept (tried again on the next"
                    + " retention run): " + String.join("; ", refused.values())));
        }
        return new Outcome(d, bytes, deleted, refused);
    }

    /** The targets that may hold a copy: the catalog's copy rows and the source's configured targets. */
    private List<String> copyTargets(BackupRecord b, SourceConfig source) {
        Set<String> names = new LinkedHashSet<>(source.targets());
        catalog.copies(b.id()).forEach(c -> names.add(c.target()));
        names.retainAll(targets.names());
        return List.copyOf(names);
    }

    private void markCopyGone(BackupRecord b, String target, String reason) {
        if (catalog.copies(b.id()).stream().anyMatch(c -> c.target().equals(target))) {
            catalog.upsertCopy(new CopyRecord(b.id(), target, CopyStatus.FAILED, 0, b.sha256(), clock.instant(), reason));
        }
    }

    /** Deletes the backup's objects from one target, the manifest last, counting objects and bytes into {@code purged}. */
    private static void purgeCopy(Target target, BackupRecord b, long[] purged) {
        String dir = ObjectLayout.backupDirOf(b.dataKey()).orElseThrow(() -> new IllegalStateException(
                "backup " + b.id() + " has a data key outside the layout: " + b.dataKey()));
        List<ObjectInfo> objects = new ArrayList<>(target.list(dir));
        objects.sort(Comparator.comparing((ObjectInfo o) -> ObjectLayout.isManifest(o.key())).thenComparing(ObjectInfo::key));
        for (ObjectInfo o : objects) {
            target.purge(o.key());
            purged[0]++;
            purged[1] += o.size();
        }
    }
}
