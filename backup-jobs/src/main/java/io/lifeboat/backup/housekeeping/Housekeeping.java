package io.lifeboat.backup.housekeeping;

import io.lifeboat.backup.Owner;
import io.lifeboat.backup.TargetRegistry;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.BackupId;
import io.lifeboat.core.archive.ObjectLayout;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.BackupStatus;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.catalog.Lease;
import io.lifeboat.core.config.SourceConfig;
import io.lifeboat.core.storage.ObjectInfo;
import io.lifeboat.core.storage.PendingUpload;
import io.lifeboat.core.storage.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up after crashes, before a run: RUNNING rows whose writer died (or no longer holds its source's
 * lease: a dead node of a cluster) become FAILED (orphaned);
 * uploads never committed are aborted unless they belong to a run still in progress; objects of a
 * backup that has no manifest are removed once the catalog says that backup failed (or, when the
 * catalog does not know it, once they are older than {@link #UNKNOWN_DEBRIS_AGE}).
 */
public final class Housekeeping {
    public static final Duration UNKNOWN_DEBRIS_AGE = Duration.ofDays(1);
    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    /** What a sweep did. */
    public record Report(int orphans, int uploadsAborted, int objectsRemoved, List<String> problems) {
        public Report {
            problems = List.copyOf(problems);
        }

        public boolean isEmpty() {
            return orphans == 0 && uploadsAborted == 0 && objectsRemoved == 0 && problems.isEmpty();
        }

        public String describe() {
            return orphans + " orphaned run(s) marked FAILED, " + uploadsAborted + " incomplete upload(s) aborted, "
                    + objectsRemoved + " manifest-less object(s) removed"
                    + (problems.isEmpty() ? "" : "; " + String.join("; ", problems));
        }
    }

    private final Catalog catalog;
    private final TargetRegistry targets;
    private final Clock clock;

    public Housekeeping(Catalog catalog, TargetRegistry targets, Clock clock) {
        this.catalog = catalog;
        this.targets = targets;
        this.clock = clock;
    }

    /** Sweeps every target whole: the daemon's sweep, and {@code backup run --all}'s. */
    public Report sweep() {
        return sweep(targets.names(), List.of(""));
    }

    /**
     * Sweeps only what runs of {@code sources} could have left: their targets, under their own
     * prefixes ({@code <source>/}). A {@code backup run} of one source used to list every object of
     * every target first (100+ LIST calls for a bucket of 100k objects); the daemon's sweep still
     * covers the rest, such as sources no longer in the config. Orphaned rows are swept in the
     * catalog for all sources, which costs one query.
     */
    public Report sweep(List<SourceConfig> sources) {
        Set<String> used = new TreeSet<>();
        List<String> prefixes = new ArrayList<>();
        for (SourceConfig source : sources) {
            used.addAll(source.targets());
            prefixes.add(source.name() + "/");
        }
        used.retainAll(targets.names());
        return sweep(used, prefixes);
    }

    private Report sweep(Collection<String> targetNames, List<String> prefixes) {
        int orphans = sweepOrphans();
        int aborted = 0;
        int removed = 0;
        List<String> problems = new ArrayList<>();
        for (String name : targetNames) {
            try {
                Target target = targets.get(name);
                aborted += abortStaleUploads(target, prefixes);
                for (String prefix : prefixes) {
                    removed += removeManifestless(target, prefix);
                }
            } catch (LifeboatException e) {
                log.warn("debris sweep of target {} failed: {}", name, e.getMessage());
                problems.add("target " + name + " not swept: " + e.getMessage());
            }
        }
        Report report = new Report(orphans, aborted, removed, problems);
        if (!report.isEmpty()) {
            log.info("housekeeping: {}", report.describe());
        }
        return report;
    }

    int sweepOrphans() {
        int n = 0;
        // rows first, then leases: a writer takes its lease before it inserts its RUNNING row
        for (BackupRecord r : catalog.byStatus(BackupStatus.RUNNING)) {
            String why = null;
            if (Owner.parse(r.owner()).map(Owner::knownDead).orElse(false)) {
                why = "orphaned: the writing process " + r.owner() + " died before publishing; nothing was published";
            } else if (leaseLost(r)) {
                why = "orphaned: the writer " + r.owner() + " no longer holds the lease of " + r.source()
                        + " (it died or was cut off, possibly on another node); nothing was published";
            }
            if (why != null) {
                catalog.updateBackup(r.withStatus(BackupStatus.FAILED, why).withFinished(clock.instant()));
                n++;
            }
        }
        return n;
    }

    /**
     * Every leased run holds its source's lease until its row leaves RUNNING, so a RUNNING row whose writer
     * does not hold that lease now (expired, or taken by another run) has no writer that can still publish.
     * Rows of sources never leased (written before leases existed) are left to the process check above.
     */
    private boolean leaseLost(BackupRecord r) {
        Optional<Lease> lease = catalog.leases().current(r.source());
        return lease.isPresent() && !(lease.get().owner().startsWith(r.owner() + "/")
                && catalog.leases().holds(lease.get(), Duration.ZERO));
    }

    private int abortStaleUploads(Target target, List<String> prefixes) {
        Instant cutoff = clock.instant().minus(UNKNOWN_DEBRIS_AGE);
        int n = 0;
        for (PendingUpload u : target.incompleteUploads()) {
            if (prefixes.stream().noneMatch(u.key()::startsWith)) {
                continue;
            }
            Optional<BackupRecord> owner = backupOf(u.key());
            boolean live = owner.map(b -> b.status() == BackupStatus.RUNNING).orElse(false);
            boolean stale = owner.isPresent() ? !live : u.started().isBefore(cutoff);
            if (stale) {
                target.abortUpload(u);
                n++;
            }
        }
        return n;
    }

    private int removeManifestless(Target target, String prefix) {
        Map<String, List<ObjectInfo>> byDir = new TreeMap<>();
        for (ObjectInfo info : target.list(prefix)) {
            ObjectLayout.backupDirOf(info.key()).ifPresent(dir -> byDir.computeIfAbsent(dir, d -> new ArrayList<>()).add(info));
        }
        Instant cutoff = clock.instant().minus(UNKNOWN_DEBRIS_AGE);
        int n = 0;
        for (Map.Entry<String, List<ObjectInfo>> e : byDir.entrySet()) {
            List<ObjectInfo> objects = e.getValue();
            if (objects.stream().anyMatch(o -> o.key().endsWith("/" + ObjectLayout.MANIFEST))) {
                continue;
            }
            Optional<BackupRecord> owner = backupOf(e.getKey());
            boolean stale = owner.isPresent()
                    ? owner.get().status() == BackupStatus.FAILED
                    : objects.stream().allMatch(o -> o.lastModified().isBefore(cutoff));
            if (stale) {
                for (ObjectInfo o : objects) {
                    target.delete(o.key());
                    n++;
                }
            }
        }
        return n;
    }

    private Optional<BackupRecord> backupOf(String key) {
        return ObjectLayout.backupDirOf(key).flatMap(dir -> {
            String[] parts = dir.split("/");
            String id = parts[parts.length - 1];
            return BackupId.isValid(id) ? catalog.backup(new BackupId(id)) : Optional.empty();
        });
    }
}
