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
import io.lifeboat.core.storage.ObjectInfo;
import io.lifeboat.core.storage.PendingUpload;
import io.lifeboat.core.storage.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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

    public Report sweep() {
        int orphans = sweepOrphans();
        int aborted = 0;
        int removed = 0;
        List<String> problems = new ArrayList<>();
        for (String name : targets.names()) {
            try {
                Target target = targets.get(name);
                aborted += abortStaleUploads(target);
                removed += removeManifestless(target);
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

    private int abortStaleUploads(Target target) {
        Instant cutoff = clock.instant().minus(UNKNOWN_DEBRIS_AGE);
        int n = 0;
        for (PendingUpload u : target.incompleteUploads()) {
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

    private int removeManifestless(Target target) {
        Map<String, List<ObjectInfo>> byDir = new TreeMap<>();
        for (ObjectInfo info : target.list("")) {
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
