package io.lifeboat.backup.retention;

import io.lifeboat.core.archive.BackupId;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.BackupStatus;
import io.lifeboat.core.config.RetentionConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides, without touching anything, which backups of one source retention keeps and which it expires
 * (grandfather-father-son, buckets in the source's zone), with a reason for each. Whatever the counts say,
 * it never expires a backup that is still {@code RUNNING}, the newest {@code VERIFIED} one, one younger than
 * {@code minAge}, or a backup that a kept (or running) incremental is built on, down to its full.
 * {@code FAILED} and {@code EXPIRED} backups are not its business (housekeeping sweeps failed debris).
 */
public final class RetentionPolicy {
    /** The statuses of backups whose data is stored and readable. */
    public static final Set<BackupStatus> PUBLISHED =
            EnumSet.of(BackupStatus.COMPLETE, BackupStatus.VERIFIED, BackupStatus.PARTIALLY_FAILED);
    private static final Comparator<BackupRecord> NEWEST_FIRST =
            Comparator.comparing(RetentionPolicy::asOf).thenComparing(b -> b.id().value()).reversed();

    private final Clock clock;

    public RetentionPolicy(Clock clock) {
        this.clock = clock;
    }

    /** When a backup's data is as of: its consistent point, else its start. */
    public static Instant asOf(BackupRecord b) {
        return b.consistentPoint() != null ? b.consistentPoint() : b.started();
    }

    private record Bucket(String name, int count, Function<ZonedDateTime, String> key) {
    }

    /**
     * One decision per {@code RUNNING} or published backup of {@code backups} (one source), newest first.
     * A null policy keeps every backup.
     */
    public List<Decision> decide(List<BackupRecord> backups, RetentionConfig policy, ZoneId zone) {
        List<BackupRecord> live = backups.stream()
                .filter(b -> b.status() == BackupStatus.RUNNING || PUBLISHED.contains(b.status()))
                .sorted(NEWEST_FIRST).toList();
        Map<BackupId, List<String>> kept = new LinkedHashMap<>();
        Map<BackupId, String> expiredWhy = new HashMap<>();
        if (policy == null) {
            live.forEach(b -> keep(kept, b, "no retention policy"));
            return decisions(live, kept, expiredWhy);
        }
        live.stream().filter(b -> b.status() == BackupStatus.RUNNING).forEach(b -> keep(kept, b, "still running"));
        List<BackupRecord> published = live.stream().filter(b -> b.status() != BackupStatus.RUNNING).toList();
        for (int i = 0; i < Math.min(policy.keepLast(), published.size()); i++) {
            keep(kept, published.get(i), i == 0 ? "newest" : "last " + policy.keepLast());
        }
        for (Bucket bucket : buckets(policy)) {
            fill(bucket, published, zone, kept, expiredWhy);
        }
        published.stream().filter(b -> b.status() == BackupStatus.VERIFIED).findFirst()
                .ifPresent(b -> keep(kept, b, "newest verified"));
        Instant now = clock.instant();
        for (BackupRecord b : published) {
            if (Duration.between(asOf(b), now).compareTo(policy.minAge()) < 0) {
                keep(kept, b, "younger than minAge " + policy.minAgeText());
            }
        }
        keepChains(live, kept);
        return decisions(live, kept, expiredWhy);
    }

    private static List<Bucket> buckets(RetentionConfig p) {
        return List.of(
                new Bucket("daily", p.keepDaily(), t -> t.toLocalDate().toString()),
                new Bucket("weekly", p.keepWeekly(), t -> String.format("%d-W%02d",
                        t.get(IsoFields.WEEK_BASED_YEAR), t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))),
                new Bucket("monthly", p.keepMonthly(), t -> String.format("%d-%02d", t.getYear(), t.getMonthValue())),
                new Bucket("yearly", p.keepYearly(), t -> Integer.toString(t.getYear())));
    }

    /** The newest backup of each of the newest {@code count} periods that have one is kept. */
    private static void fill(Bucket bucket, List<BackupRecord> newestFirst, ZoneId zone,
                             Map<BackupId, List<String>> kept, Map<BackupId, String> expiredWhy) {
        if (bucket.count() == 0) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (BackupRecord b : newestFirst) {
            String key = bucket.key().apply(asOf(b).atZone(zone));
            String label = bucket.name() + " " + key;
            if (seen.contains(key)) {
                expiredWhy.putIfAbsent(b.id(), "expired: a newer backup holds " + label);
            } else if (seen.size() < bucket.count()) {
                seen.add(key);
                keep(kept, b, label);
            }
        }
    }

    /** Keeps the base of every kept or running incremental, and its base, down to the full. */
    private static void keepChains(List<BackupRecord> live, Map<BackupId, List<String>> kept) {
        Map<String, BackupRecord> byId = new HashMap<>();
        live.forEach(b -> byId.put(b.id().value(), b));
        Deque<BackupRecord> todo = new ArrayDeque<>();
        live.stream().filter(b -> kept.containsKey(b.id())).forEach(todo::add);
        Set<String> walked = new HashSet<>();
        while (!todo.isEmpty()) {
            BackupRecord b = todo.pop();
            if (b.full() || !walked.add(b.id().value())) {
                continue;
            }
            BackupRecord base = byId.get(b.baseBackupId());
            if (base != null) {
                keep(kept, base, "base of kept " + b.id());
                todo.push(base);
            }
        }
    }

    private static void keep(Map<BackupId, List<String>> kept, BackupRecord b, String reason) {
        List<String> reasons = kept.computeIfAbsent(b.id(), id -> new ArrayList<>());
        if (!reasons.contains(reason)) {
            reasons.add(reason);
        }
    }

    private static List<Decision> decisions(List<BackupRecord> live, Map<BackupId, List<String>> kept,
                                            Map<BackupId, String> expiredWhy) {
        List<Decision> out = new ArrayList<>();
        for (BackupRecord b : live) {
            List<String> reasons = kept.get(b.id());
            out.add(reasons != null ? new Decision(b, true, reasons)
                    : new Decision(b, false, List.of(expiredWhy.getOrDefault(b.id(), "expired: older than every bucket"))));
        }
        return List.copyOf(out);
    }
}
