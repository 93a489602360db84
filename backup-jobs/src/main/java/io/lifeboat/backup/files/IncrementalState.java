package io.lifeboat.backup.files;

import io.lifeboat.backup.ManifestStore;
import io.lifeboat.backup.TargetRegistry;
import io.lifeboat.core.archive.EntryType;
import io.lifeboat.core.archive.Manifest;
import io.lifeboat.core.archive.ManifestEntry;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.BackupStatus;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.config.SourceConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides full or incremental for a source, and for an incremental which files changed. The state
 * of a chain is its full backup's entries overlaid by each later incremental's; a file is stored
 * again when it is new or its size or mtime differs. A full is taken every {@code fullEvery} runs.
 * A path of the chain's state that the walk no longer finds is recorded as deleted (unless the walk
 * could not read it or a folder above it), so that a restore "as of" an incremental leaves it out.
 */
public final class IncrementalState {
    private static final Set<BackupStatus> PUBLISHED =
            EnumSet.of(BackupStatus.COMPLETE, BackupStatus.VERIFIED, BackupStatus.PARTIALLY_FAILED);

    /** The decision for one run. */
    public record Plan(boolean full, String baseBackupId, FileTreeWalker.ChangeFilter filter) {
        static Plan fullBackup() {
            return new Plan(true, null, FileTreeWalker.ChangeFilter.ALL);
        }

        /** After the walk: the paths of the base state that are gone (sorted); empty for a full. */
        public List<String> deleted() {
            return filter instanceof Tracker t ? t.deleted() : List.of();
        }
    }

    /** Answers "store this?" against the chain's state and remembers what the walk saw. */
    private static final class Tracker implements FileTreeWalker.ChangeFilter {
        private final Map<String, Known> state;
        private final Set<String> seen = new java.util.HashSet<>();
        private final List<String> unreadable = new ArrayList<>();

        Tracker(Map<String, Known> state) {
            this.state = state;
        }

        @Override
        public synchronized boolean store(String path, long size, Instant mtime) {
            seen.add(path);
            Known k = state.get(path);
            return k == null || k.size() != size || !k.mtime().equals(mtime);
        }

        @Override
        public synchronized void unreadable(String path) {
            unreadable.add(path);
        }

        synchronized List<String> deleted() {
            return state.keySet().stream()
                    .filter(p -> !seen.contains(p))
                    .filter(p -> unreadable.stream().noneMatch(u -> u.isEmpty() || p.equals(u) || p.startsWith(u + "/")))
                    .sorted()
                    .toList();
        }
    }

    private record Known(long size, Instant mtime) {
    }

    private final Catalog catalog;
    private final ManifestStore manifests;

    public IncrementalState(Catalog catalog, TargetRegistry targets) {
        this.catalog = catalog;
        this.manifests = new ManifestStore(catalog, targets);
    }

    public Plan plan(SourceConfig source) {
        if (!source.incremental()) {
            return Plan.fullBackup();
        }
        List<BackupRecord> chain = new ArrayList<>();
        for (BackupRecord b : catalog.backups(source.name(), 10_000)) {
            if (!PUBLISHED.contains(b.status())) {
                continue;
            }
            chain.add(b);
            if (b.full()) {
                break;
            }
        }
        if (chain.isEmpty() || !chain.get(chain.size() - 1).full() || chain.size() >= source.fullEvery()) {
            return Plan.fullBackup();
        }
        Collections.reverse(chain);
        Map<String, Known> state = new HashMap<>();
        for (BackupRecord b : chain) {
            Manifest m = manifests.read(b);
            m.deleted().forEach(state::remove);
            for (ManifestEntry e : m.entries()) {
                if (e.type() != EntryType.DIRECTORY) {
                    state.put(e.path(), new Known(e.size(), e.mtime()));
                }
            }
        }
        String base = chain.get(chain.size() - 1).id().value();
        return new Plan(false, base, new Tracker(state));
    }
}
