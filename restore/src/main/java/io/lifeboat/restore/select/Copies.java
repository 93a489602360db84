package io.lifeboat.restore.select;

import io.lifeboat.backup.ManifestStore;
import io.lifeboat.backup.TargetRegistry;
import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.Manifest;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.catalog.CopyStatus;
import io.lifeboat.core.storage.Target;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Picks the copy of each backup to read: {@code --target} when given (no fallback), else the first
 * healthy copy (verified before written before failed), falling back to the next when one is
 * unreachable, and telling the operator so. A target found unreachable is not tried again for the
 * later backups of the same restore.
 */
public final class Copies {
    private final ManifestStore manifests;
    private final TargetRegistry targets;
    private final String preferred;
    private final Consumer<String> notices;
    private final Set<String> unreachable = new HashSet<>();
    private final Function<BackupRecord, List<String>> nearestFirst;

    public Copies(ManifestStore manifests, TargetRegistry targets, String preferredOrNull, Consumer<String> notices) {
        this(manifests, targets, preferredOrNull, notices, b -> List.of());
    }

    private Copies(ManifestStore manifests, TargetRegistry targets, String preferredOrNull, Consumer<String> notices,
                   Function<BackupRecord, List<String>> nearestFirst) {
        this.manifests = manifests;
        this.targets = targets;
        this.preferred = preferredOrNull;
        this.notices = notices;
        this.nearestFirst = nearestFirst;
    }

    /**
     * The same, trying healthy copies (those not recorded as FAILED) in the order {@code nearestFirst}
     * gives for a backup (the source's configured targets: the first is where it writes), then the rest.
     */
    public Copies withNearestFirst(Catalog catalog, Function<BackupRecord, List<String>> order) {
        return new Copies(manifests, targets, preferred, notices, b -> {
            Set<String> failed = new HashSet<>();
            catalog.copies(b.id()).stream().filter(c -> c.status() == CopyStatus.FAILED).forEach(c -> failed.add(c.target()));
            List<String> wanted = order.apply(b);
            return wanted.stream().filter(n -> !failed.contains(n)).toList();
        });
    }

    /** Copy targets in the order they are tried. */
    List<String> candidates(BackupRecord backup) {
        List<String> names = new ArrayList<>(manifests.copyTargets(backup, preferred));
        if (preferred == null) {
            List<String> near = nearestFirst.apply(backup);
            names.sort(Comparator.comparingInt(n -> near.contains(n) ? near.indexOf(n) : near.size()));
        }
        return names;
    }

    public Opened open(BackupRecord backup) {
        return open(backup, null);
    }

    /**
     * The same, the manifest holding only the entries whose path passes {@code keepPath} (all when
     * null): enough for a restore that selects by path, and much less to build for one file.
     */
    public Opened open(BackupRecord backup, java.util.function.Predicate<String> keepPath) {
        if (backup.status() == io.lifeboat.core.catalog.BackupStatus.EXPIRED) {
            throw new LifeboatException(ErrorCode.NOT_FOUND, "backup " + backup.id() + " is EXPIRED: retention deleted"
                    + " its data (" + backup.reason() + "); pick a kept one from 'lifeboat backup list'");
        }
        List<String> names = candidates(backup);
        LifeboatException last = null;
        LifeboatException archived = null;
        String failedName = null;
        for (String name : names) {
            if (preferred == null && unreachable.contains(name)) {
                continue;
            }
            try {
                Target target = targets.get(name);
                Manifest manifest = ManifestStore.read(target, backup.dataKey(), keepPath);
                if (failedName != null) {
                    notices.accept("target " + failedName + " unreachable (" + last.getMessage() + "); fell back to "
                            + name + " for backup " + backup.id());
                }
                return new Opened(backup, manifest, target);
            } catch (RuntimeException x) {
                LifeboatException e = x instanceof LifeboatException le ? le
                        : new LifeboatException(ErrorCode.TARGET_IO, "reading from " + name + " failed: " + x.getMessage(), x);
                if (preferred != null) {
                    throw e;
                }
                if (e.code() == ErrorCode.OBJECT_ARCHIVED) {
                    archived = archived == null ? e : archived;
                } else {
                    unreachable.add(name);
                }
                last = e;
                failedName = failedName == null ? name : failedName;
            }
        }
        if (archived != null) {
            throw archived; // only an archived copy is left: its retrieval decides (exit 75, or --wait)
        }
        throw new LifeboatException(ErrorCode.TARGET_UNREACHABLE, "no copy of backup " + backup.id() + " could be read"
                + (last == null ? " (copies recorded in: " + String.join(", ", names) + ")" : ": " + last.getMessage()), last);
    }
}
