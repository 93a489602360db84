package io.lifeboat.restore.select;

import io.lifeboat.core.archive.ManifestEntry;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.Catalog;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Plans the restore of a source as it was at an instant: the newest backup at or before it, overlaid
 * on its chain back to the full (for incrementals), each selected path at its newest version. A path
 * an incremental of the chain recorded as deleted stays out unless a later backup has it again.
 */
public final class StateAsOf {
    private StateAsOf() {
    }

    public static Plan plan(Catalog catalog, Copies copies, String source, Instant at, Predicate<ManifestEntry> select) {
        return plan(catalog, copies, source, at, select, null);
    }

    /**
     * The same, reading of each manifest only the entries whose path passes {@code paths} (all when
     * null; it must pass every path {@code select} may take): a path's presence as of the instant
     * depends on no other path, so one file of a chain of 20,000-entry backups needs no more.
     */
    public static Plan plan(Catalog catalog, Copies copies, String source, Instant at, Predicate<ManifestEntry> select,
                            Predicate<String> paths) {
        List<BackupRecord> chain = Backups.chainAsOf(catalog, source, at); // oldest first, starting at a full
        List<Opened> opened = chain.stream().map(b -> copies.open(b, paths)).toList();
        java.util.Set<String> present = new java.util.HashSet<>();
        for (Opened o : opened) {
            o.manifest().deleted().forEach(present::remove);
            o.manifest().entries().forEach(e -> present.add(e.path()));
        }
        return Plan.of(opened, (o, e) -> present.contains(e.path()) && select.test(e));
    }
}
