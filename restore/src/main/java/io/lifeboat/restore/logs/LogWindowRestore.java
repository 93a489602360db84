package io.lifeboat.restore.logs;

import io.lifeboat.backup.files.GlobFilter;
import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.EntryType;
import io.lifeboat.core.archive.ManifestEntry;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.restore.select.Backups;
import io.lifeboat.restore.select.Copies;
import io.lifeboat.restore.select.Opened;
import io.lifeboat.restore.select.Plan;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plans the restore of a log source's files that may hold lines in {@code [from, to)}: every
 * published backup (fulls and incrementals) consistent at or after {@code from} may hold such files,
 * plus the one before, whose versions tell where the next versions' spans start (see {@link LogSpans}). Of
 * each path, the newest version whose span overlaps the window is restored, from the cheapest backup holding it.
 */
public final class LogWindowRestore {
    /** @param include globs on relative paths (empty: all files) */
    public record Request(String source, Instant from, Instant to, List<String> include) {
        public Request {
            include = List.copyOf(include);
            if (!from.isBefore(to)) {
                throw new LifeboatException(ErrorCode.USAGE, "the window is empty: --from " + from + " is not before --to " + to);
            }
        }
    }

    private final Catalog catalog;
    private final LogSpans spans;

    public LogWindowRestore(Catalog catalog, ZoneId zone) {
        this.catalog = catalog;
        this.spans = new LogSpans(zone);
    }

    /**
     * The plan; {@code NOT_FOUND} when no file may hold lines in the window: an operator asking for
     * logs must not read "restored 0 files" as done.
     */
    public Plan plan(Request request, Copies copies) {
        Plan plan = plan(request, candidates(request).stream().map(copies::open).toList(), spans,
                FirstLines.fromData(spans.zone()));
        if (plan.parts().isEmpty()) {
            throw new LifeboatException(ErrorCode.NOT_FOUND, "no log file of " + request.source()
                    + (request.include().isEmpty() ? "" : " matching " + String.join(", ", request.include()))
                    + " may hold lines between " + request.from() + " and " + request.to() + " (" + plan.backupsRead()
                    + "); widen --from/--to, or see 'lifeboat backup list --source " + request.source() + "'");
        }
        return plan;
    }

    /** Plans over backups already opened, oldest first. */
    static Plan plan(Request request, List<Opened> opened, LogSpans spans, FirstLines firstLines) {
        GlobFilter filter = new GlobFilter(request.include(), List.of());
        Set<ManifestEntry> inWindow = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()); // the manifests' own entries
        Map<String, Instant> current = new HashMap<>();
        Map<String, Instant> previous = new HashMap<>();
        Map<String, TreeSet<Instant>> rotations = new HashMap<>(); // live path -> when each rotated sibling ended
        for (Opened o : opened) {
            List<ManifestEntry> files = o.manifest().entries().stream().filter(e -> e.type() == EntryType.FILE).toList();
            for (ManifestEntry e : files) { // siblings first: a live file starts where its rotated siblings end
                String live = LogSpans.rotatedFrom(e.path());
                if (live != null) {
                    rotations.computeIfAbsent(live, k -> new TreeSet<>()).add(spans.rotatedAt(e));
                }
            }
            for (ManifestEntry e : files) {
                if (!filter.selects(e.path())) {
                    continue;
                }
                Instant known = current.get(e.path());
                if (known != null && !known.equals(e.mtime())) {
                    previous.put(e.path(), known);
                }
                current.put(e.path(), e.mtime());
                String live = LogSpans.rotatedFrom(e.path());
                LogSpans.Span span = spans.named(e.path());
                if (span != null) {
                    Instant previousRotation = live == null ? null : rotations.get(live).lower(spans.rotatedAt(e));
                    span = rotatedSpan(request, o, e, spans, span, previousRotation, firstLines);
                } else {
                    TreeSet<Instant> siblings = rotations.get(e.path());
                    span = liveSpan(request, o, e, previous.get(e.path()), siblings == null ? null : siblings.last(), firstLines);
                }
                if (span.overlaps(request.from(), request.to())) {
                    inWindow.add(e);
                }
            }
        }
        return Plan.of(opened, (o, e) -> inWindow.contains(e));
    }

    /**
     * A file named for a day holds lines of that day up to its last write. When its previous rotated sibling
     * ended before the day, it may hold lines from then on (logrotate's {@code dateext} names a file by the
     * day it was rotated); where that decides, its first line's timestamp says.
     */
    private static LogSpans.Span rotatedSpan(Request request, Opened o, ManifestEntry e, LogSpans spans, LogSpans.Span day,
                                             Instant previousRotation, FirstLines firstLines) {
        LogSpans.Span inDay = spans.rotated(day, e, day.start());
        if (previousRotation == null || !previousRotation.isBefore(day.start()) || inDay.overlaps(request.from(), request.to())) {
            return inDay;
        }
        LogSpans.Span extended = spans.rotated(day, e, previousRotation);
        if (!extended.overlaps(request.from(), request.to())) {
            return extended;
        }
        Instant firstLine = firstLines.of(o, e);
        return firstLine == null ? extended : spans.rotated(day, e, firstLine);
    }

    /**
     * A file not named for a day holds lines up to its mtime, after its previous version and after the lines
     * of its newest rotated sibling, or from its first line's timestamp when that is read: read only where
     * it decides, i.e. for a version that overlaps the window without it.
     */
    private static LogSpans.Span liveSpan(Request request, Opened o, ManifestEntry e, Instant previous, Instant rotated,
                                          FirstLines firstLines) {
        LogSpans.Span span = LogSpans.modified(later(previous, rotated), e.mtime());
        if (!span.overlaps(request.from(), request.to())) {
            return span;
        }
        Instant firstLine = firstLines.of(o, e);
        return firstLine == null ? span : LogSpans.modified(later(previous, firstLine), e.mtime());
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    /** Backups consistent at or after {@code from}, and the newest one before it; oldest first. */
    private List<BackupRecord> candidates(Request request) {
        List<BackupRecord> all = Backups.published(catalog, request.source());
        if (all.isEmpty()) {
            throw new LifeboatException(ErrorCode.NOT_FOUND, "no published backup of source \"" + request.source() + "\"");
        }
        List<BackupRecord> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            BackupRecord b = all.get(i);
            boolean after = !asOf(b).isBefore(request.from());
            boolean lastBefore = !after && (i + 1 == all.size() || !asOf(all.get(i + 1)).isBefore(request.from()));
            if (after || lastBefore) {
                out.add(b);
            }
        }
        return out;
    }

    private static Instant asOf(BackupRecord b) {
        return b.consistentPoint() != null ? b.consistentPoint() : b.started();
    }
}
