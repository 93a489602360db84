package io.lifeboat.restore.select;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.BackupId;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.BackupStatus;
import io.lifeboat.core.catalog.Catalog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Which published backups of a source a restore reads. */
public final class Backups {
    public static final Set<BackupStatus> PUBLISHED =
            EnumSet.of(BackupStatus.COMPLETE, BackupStatus.VERIFIED, BackupStatus.PARTIALLY_FAILED);
    private static final int HISTORY = 100_000;

    private Backups() {
    }

    static Instant asOf(BackupRecord b) {
        return b.consistentPoint() != null ? b.consistentPoint() : b.started();
    }

    /** Published backups of {@code source}, oldest first. */
    public static List<BackupRecord> published(Catalog catalog, String source) {
        List<BackupRecord> all = new ArrayList<>(catalog.backups(source, HISTORY).stream()
                .filter(b -> PUBLISHED.contains(b.status())).toList());
        all.sort(Comparator.comparing(Backups::asOf).thenComparing(b -> b.id().value()));
        return all;
    }

    /**
     * The state of {@code source} as of {@code at}: the newest published backup at or before it, and
     * for an incremental the chain back to its full, oldest first.
     */
    public static List<BackupRecord> chainAsOf(Catalog catalog, String source, Instant at) {
        List<BackupRecord> all = published(catalog, source);
        if (all.isEmpty()) {
            throw new LifeboatException(ErrorCode.NOT_FOUND, "no published backup of source \"" + source + "\"");
        }
        BackupRecord newest = null;
        for (BackupRecord b : all) {
            if (!asOf(b).isAfter(at)) {
                newest = b;
            }
        }
        if (newest == null) {
            throw new LifeboatException(ErrorCode.NOT_FOUND, "no backup of source \"" + source + "\" at or before " + at
                    + "; the oldest is " + all.get(0).id() + " of " + asOf(all.get(0)));
        }
        return chain(catalog, newest);
    }

    /** {@code backup} and, if it is incremental, its bases back to the full, oldest first. */
    public static List<BackupRecord> chain(Catalog catalog, BackupRecord backup) {
        List<BackupRecord> chain = new ArrayList<>();
        BackupRecord b = backup;
        chain.add(b);
        while (!b.full()) {
            String base = b.baseBackupId();
            b = catalog.backup(new BackupId(base)).orElseThrow(() -> new LifeboatException(ErrorCode.NOT_FOUND,
                    "backup " + backup.id() + " is incremental, but its base " + base + " is not in the catalog"));
            if (!PUBLISHED.contains(b.status())) {
                throw new LifeboatException(ErrorCode.NOT_FOUND, "the chain of backup " + backup.id() + " needs "
                        + b.id() + ", which is " + b.status());
            }
            chain.add(b);
        }
        Collections.reverse(chain);
        return chain;
    }
}
