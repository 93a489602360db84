package io.lifeboat.restore.select;

import io.lifeboat.core.archive.EntryType;
import io.lifeboat.core.archive.Frame;
import io.lifeboat.core.archive.ManifestEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * What to read from which backup: each selected path once. Among the backups considered (oldest
 * first), the newest version of a path wins; when the very same version (same type, size and sha256)
 * is held by several backups, it is read from the one where it costs the fewest stored bytes (its
 * frames), the newest on a tie. So a file present in a small incremental and in every later full is
 * read from the incremental.
 *
 * @param parts      per backup (oldest first), the entries read from it
 * @param considered every backup looked at
 */
public record Plan(Map<Opened, List<ManifestEntry>> parts, List<Opened> considered) {
    public Plan {
        parts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parts));
        considered = List.copyOf(considered);
    }

    /** Plans over {@code considered} (oldest first), keeping the entries {@code select} accepts. */
    public static Plan of(List<Opened> considered, BiPredicate<Opened, ManifestEntry> select) {
        Map<String, ManifestEntry> newest = new HashMap<>();
        Map<String, List<Holder>> holders = new LinkedHashMap<>();
        for (Opened o : considered) {
            for (ManifestEntry e : o.manifest().entries()) {
                if (select.test(o, e)) {
                    newest.put(e.path(), e);
                    holders.computeIfAbsent(e.path(), k -> new ArrayList<>()).add(new Holder(o, e));
                }
            }
        }
        Map<Opened, List<ManifestEntry>> parts = new LinkedHashMap<>();
        considered.forEach(o -> parts.put(o, new ArrayList<>()));
        for (Map.Entry<String, List<Holder>> h : holders.entrySet()) {
            ManifestEntry version = newest.get(h.getKey());
            Holder best = null;
            long bestCost = Long.MAX_VALUE;
            for (Holder candidate : h.getValue()) {
                if (sameVersion(candidate.entry(), version)) {
                    long cost = cost(candidate.opened().manifest().frames(), candidate.entry());
                    if (cost <= bestCost) {
                        best = candidate;
                        bestCost = cost;
                    }
                }
            }
            parts.get(best.opened()).add(best.entry());
        }
        parts.values().removeIf(List::isEmpty);
        return new Plan(parts, considered);
    }

    private record Holder(Opened opened, ManifestEntry entry) {
    }

    static boolean sameVersion(ManifestEntry a, ManifestEntry b) {
        return a.type() == b.type() && a.size() == b.size() && Objects.equals(a.sha256(), b.sha256())
                && Objects.equals(a.linkTarget(), b.linkTarget()) && (a.type() != EntryType.DIRECTORY || a.mtime().equals(b.mtime()));
    }

    /** Stored bytes of the frames holding the entry (header to end of padded content). */
    static long cost(List<Frame> frames, ManifestEntry e) {
        long start = e.headerOffset();
        long end = Math.max(e.dataOffset() + e.size(), e.headerOffset() + 512);
        long sum = 0;
        for (Frame f : frames) {
            if (f.rawEnd() > start && f.rawOffset() < end) {
                sum += f.storedSize();
            }
        }
        return sum;
    }

    /** For messages: "backups read: A, B" or, for many, "40 backups read: A to B" (oldest first). */
    public String backupsRead() {
        List<String> ids = considered.stream().map(Opened::id).toList();
        return ids.size() <= 3 ? "backups read: " + String.join(", ", ids)
                : ids.size() + " backups read: " + ids.get(0) + " to " + ids.get(ids.size() - 1);
    }

    public List<String> backupsUsed() {
        return parts.keySet().stream().map(Opened::id).toList();
    }

    public long files() {
        return parts.values().stream().flatMap(List::stream).filter(e -> e.type() == EntryType.FILE).count();
    }

    public long bytes() {
        return parts.values().stream().flatMap(List::stream).mapToLong(ManifestEntry::size).sum();
    }

    /** Stored bytes of every backup considered. */
    public long storedBytes() {
        return considered.stream().mapToLong(o -> o.manifest().storedSize()).sum();
    }

    /** Stored bytes this plan is expected to read (an upper bound: shared frames counted once per entry). */
    public long estimatedFetch() {
        long sum = 0;
        for (Map.Entry<Opened, List<ManifestEntry>> p : parts.entrySet()) {
            for (ManifestEntry e : p.getValue()) {
                sum += cost(p.getKey().manifest().frames(), e);
            }
        }
        return sum;
    }
}
