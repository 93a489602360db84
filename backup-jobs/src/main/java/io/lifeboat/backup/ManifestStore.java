package io.lifeboat.backup;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.Manifest;
import io.lifeboat.core.archive.ManifestCodec;
import io.lifeboat.core.archive.ObjectLayout;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.catalog.CopyStatus;
import io.lifeboat.core.storage.Target;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reads a backup's manifest from whichever of its copies answers first. */
public final class ManifestStore {
    private static final List<CopyStatus> RANK = List.of(CopyStatus.VERIFIED, CopyStatus.WRITTEN, CopyStatus.FAILED);

    private final Catalog catalog;
    private final TargetRegistry targets;

    public ManifestStore(Catalog catalog, TargetRegistry targets) {
        this.catalog = catalog;
        this.targets = targets;
    }

    /**
     * Targets meant to hold a copy of this backup: verified copies first, then written ones, then
     * those whose write or last verification failed (they may still be readable); {@code preferred}
     * first if given. Targets no longer in the config are left out.
     */
    public List<String> copyTargets(BackupRecord backup, String preferred) {
        List<String> names = new ArrayList<>();
        catalog.copies(backup.id()).stream()
                .filter(c -> targets.names().contains(c.target()))
                .sorted(Comparator.comparingInt(c -> RANK.indexOf(c.status())))
                .forEach(c -> names.add(c.target()));
        if (preferred != null) {
            if (!names.remove(preferred)) {
                throw new LifeboatException(ErrorCode.NOT_FOUND,
                        "backup " + backup.id() + " has no copy in target " + preferred + " (copies: " + String.join(", ", names) + ")");
            }
            names.add(0, preferred);
        }
        return names;
    }

    public Manifest read(BackupRecord backup) {
        LifeboatException last = null;
        for (String name : copyTargets(backup, null)) {
            try {
                return read(targets.get(name), backup.dataKey());
            } catch (LifeboatException e) {
                last = e;
            }
        }
        throw new LifeboatException(ErrorCode.NOT_FOUND, "no readable manifest for backup " + backup.id()
                + (last == null ? " (no copy recorded)" : ": " + last.getMessage()), last);
    }

    public static Manifest read(Target target, String dataKey) {
        return read(target, dataKey, null);
    }

    /** The manifest with only the entries whose path passes {@code keepPath} (all when null). */
    public static Manifest read(Target target, String dataKey, java.util.function.Predicate<String> keepPath) {
        String key = ObjectLayout.manifestKeyFor(dataKey);
        try (InputStream in = target.open(key)) {
            return ManifestCodec.fromJson(in.readAllBytes(), keepPath);
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.TARGET_IO, "cannot read " + key + " from " + target.name() + ": " + e.getMessage(), e);
        }
    }
}
