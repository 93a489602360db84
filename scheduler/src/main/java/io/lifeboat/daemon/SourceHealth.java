package io.lifeboat.daemon;

import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.BackupStatus;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.config.SourceConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where one source stands, read from the catalog: what {@code status}, {@code check} and
 * {@code /metrics} report. A backup's age counts from its consistent point (else its start).
 *
 * @param lastBackup         the newest backup in any state, or null
 * @param lastSuccess        the newest published backup (complete, verified or partially failed), or null
 * @param newestVerified     the newest {@code VERIFIED} backup, or null
 * @param verifiedAge        now minus the newest verified backup's data time, or null when there is none
 * @param lastVerification   whether the newest verified-or-checked backup passed; null when none was verified
 * @param lastError          the reason of the newest backup when it did not succeed, else null
 */
public record SourceHealth(SourceConfig source, BackupRecord lastBackup, BackupRecord lastSuccess,
                           BackupRecord newestVerified, Duration verifiedAge, Boolean lastVerification, String lastError) {
    static final Set<BackupStatus> PUBLISHED = EnumSet.of(BackupStatus.COMPLETE, BackupStatus.VERIFIED, BackupStatus.PARTIALLY_FAILED);
    private static final int VERIFICATION_LOOKBACK = 10;

    public enum State { OK, WARNING, CRITICAL }

    public static SourceHealth of(Catalog catalog, SourceConfig source, Instant now) {
        List<BackupRecord> recent = catalog.backups(source.name(), VERIFICATION_LOOKBACK);
        BackupRecord last = recent.isEmpty() ? null : recent.get(0);
        BackupRecord success = catalog.latest(source.name(), PUBLISHED).orElse(null);
        BackupRecord verified = catalog.latest(source.name(), EnumSet.of(BackupStatus.VERIFIED)).orElse(null);
        Duration age = verified == null ? null : Duration.between(dataTime(verified), now);
        String error = last != null && !PUBLISHED.contains(last.status()) && last.status() != BackupStatus.RUNNING
                ? Optional.ofNullable(last.reason()).orElse(last.status().name()) : null;
        return new SourceHealth(source, last, success, verified, age, lastVerification(catalog, recent), error);
    }

    /**
     * The newest recent backup with a verification record: passed when the verifier left it {@code VERIFIED}
     * (it leaves a failed one {@code COMPLETE}, {@code PARTIALLY_FAILED} or {@code FAILED}).
     */
    private static Boolean lastVerification(Catalog catalog, List<BackupRecord> recent) {
        for (BackupRecord b : recent) {
            if (b.status() != BackupStatus.EXPIRED && !catalog.verifications(b.id()).isEmpty()) {
                return b.status() == BackupStatus.VERIFIED;
            }
        }
        return null;
    }

    static Instant dataTime(BackupRecord b) {
        return b.consistentPoint() != null ? b.consistentPoint() : b.started();
    }

    /** 80% of the RPO: from here on the age is a warning. */
    public Duration warnAge() {
        return source.rpo().multipliedBy(8).dividedBy(10);
    }

    /** Nagios semantics: CRITICAL beyond the RPO, without any verified backup, or when the last verification failed. */
    public State state() {
        if (verifiedAge == null || verifiedAge.compareTo(source.rpo()) > 0 || Boolean.FALSE.equals(lastVerification)) {
            return State.CRITICAL;
        }
        return verifiedAge.compareTo(warnAge()) > 0 ? State.WARNING : State.OK;
    }

    /** Why the state is not OK, or empty. */
    public String problem() {
        if (Boolean.FALSE.equals(lastVerification)) {
            return "last verification failed";
        }
        if (verifiedAge == null) {
            return "no verified backup";
        }
        String ages = "newest verified backup " + verifiedAge.toSeconds() + "s old, RPO " + source.rpo().toSeconds() + "s";
        return switch (state()) {
            case CRITICAL -> "RPO breached: " + ages;
            case WARNING -> "beyond 80% of RPO: " + ages;
            case OK -> "";
        };
    }
}
