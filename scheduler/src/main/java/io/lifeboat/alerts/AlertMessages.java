package io.lifeboat.alerts;

import io.lifeboat.core.alerts.Alert;
import io.lifeboat.core.catalog.AttemptRecord;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.config.SourceConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The words of every alert: what failed, since when, the error, and the commands to investigate.
 * Plain text, so that it reads the same in any mail client and in the log.
 */
public final class AlertMessages {
    private static final String PREFIX = "[lifeboat] ";

    private final String host;

    /** @param host where the daemon runs, named in every mail */
    public AlertMessages(String host) {
        this.host = host;
    }

    /** The last attempt of a scheduled backup failed. */
    public Alert backupFailed(SourceConfig source, List<AttemptRecord> attempts, BackupRecord newestVerified, Instant now) {
        AttemptRecord last = attempts.get(attempts.size() - 1);
        Instant since = attempts.get(0).started();
        StringBuilder body = new StringBuilder();
        body.append("What failed:  the scheduled backup of source \"").append(source.name()).append("\" (")
                .append(source.type().configName()).append("), all ").append(attempts.size()).append(" attempt(s)\n");
        body.append("Since:        ").append(time(since)).append(" (run scheduled for ").append(time(last.scheduledFor())).append(")\n");
        body.append("Error:        ").append(last.error()).append("\n\n");
        body.append("Attempts:\n");
        for (AttemptRecord a : attempts) {
            body.append(String.format("  %d/%d  %s  %s  %s%n", a.attempt(), a.maxAttempts(), time(a.started()), a.outcome(),
                    a.error() == null ? "" : a.error()));
        }
        body.append('\n').append(newest(source, newestVerified, now)).append('\n');
        body.append("To investigate:\n");
        body.append("  lifeboat status\n");
        body.append("  lifeboat backup list --source ").append(source.name()).append('\n');
        body.append("  lifeboat backup run ").append(source.name()).append("      (try again now)\n");
        return alert(Alert.Kind.BACKUP_FAILED, source, since, "FAILED: backup of " + source.name() + " after "
                + attempts.size() + " attempt(s): " + oneLine(last.error()), body);
    }

    /** A backup was published, but one or more of its copies (the DR region's, say) could not be written. */
    public Alert copyFailed(SourceConfig source, BackupRecord backup, java.util.Map<String, String> copyErrors, Instant at) {
        StringBuilder body = new StringBuilder();
        body.append("What failed:  the copy of backup ").append(backup.id()).append(" of source \"").append(source.name())
                .append("\" to ").append(String.join(", ", new java.util.TreeSet<>(copyErrors.keySet()))).append('\n');
        body.append("Since:        ").append(time(at)).append(" (backup started ").append(time(backup.started())).append(")\n");
        new java.util.TreeMap<>(copyErrors).forEach((target, error) ->
                body.append("Error:        ").append(target).append(": ").append(oneLine(error)).append('\n'));
        body.append("\nThe backup exists in its other targets (PARTIALLY_FAILED): a restore from the failed target,")
                .append(" and a disaster that takes the others, would not have it.\n\n");
        body.append("To investigate:\n");
        body.append("  lifeboat backup list --source ").append(source.name()).append('\n');
        body.append("  lifeboat verify ").append(backup.id()).append('\n');
        body.append("  lifeboat backup run ").append(source.name()).append("   (a new backup, copied to every target)\n");
        return alert(Alert.Kind.COPY_FAILED, source, at, "COPY FAILED: " + source.name() + " backup " + backup.id()
                + " not in " + String.join(", ", new java.util.TreeSet<>(copyErrors.keySet())), body);
    }

    /** A verification found problems, or could not run. */
    public Alert verificationFailed(SourceConfig source, BackupRecord backup, int level, String findings, Instant at) {
        StringBuilder body = new StringBuilder();
        body.append("What failed:  level ").append(level).append(" verification of backup ").append(backup.id())
                .append(" of source \"").append(source.name()).append("\"\n");
        body.append("Since:        ").append(time(at)).append(" (backup started ").append(time(backup.started())).append(")\n");
        body.append("Error:        ").append(findings).append("\n\n");
        body.append("The backup is not counted as verified; the RPO clock keeps running from the newest verified one.\n\n");
        body.append("To investigate:\n");
        body.append("  lifeboat verify ").append(backup.id()).append(" --level ").append(level).append('\n');
        body.append("  lifeboat backup list --source ").append(source.name()).append('\n');
        body.append("  lifeboat status\n");
        return alert(Alert.Kind.VERIFICATION_FAILED, source, at, "VERIFICATION FAILED: " + source.name() + " backup "
                + backup.id() + " (level " + level + "): " + oneLine(findings), body);
    }

    /** The newest verified backup became older than the RPO (or there is none). */
    public Alert rpoBreached(SourceConfig source, BackupRecord newestVerified, Instant since, Instant now) {
        StringBuilder body = new StringBuilder();
        body.append("What failed:  the recovery point objective of source \"").append(source.name()).append("\" (RPO ")
                .append(age(source.rpo())).append(")\n");
        body.append("Since:        ").append(time(since)).append('\n');
        body.append("Error:        ").append(newest(source, newestVerified, now)).append("\n\n");
        body.append("One more mail follows when a verified backup meets the RPO again.\n\n");
        body.append("To investigate:\n");
        body.append("  lifeboat status\n");
        body.append("  lifeboat backup list --source ").append(source.name()).append('\n');
        body.append("  lifeboat backup run ").append(source.name()).append("      (back up and verify now)\n");
        String subject = newestVerified == null ? "no verified backup" : "newest verified backup "
                + age(Duration.between(dataTime(newestVerified), now)) + " old";
        return alert(Alert.Kind.RPO_BREACHED, source, since, "RPO BREACHED: " + source.name() + " (" + subject + ", RPO "
                + age(source.rpo()) + ")", body);
    }

    /** A breach ended: a verified backup meets the RPO again. */
    public Alert rpoRecovered(SourceConfig source, BackupRecord newestVerified, Instant breachSince, Instant now) {
        StringBuilder body = new StringBuilder();
        body.append("Recovered:    the recovery point objective of source \"").append(source.name()).append("\" (RPO ")
                .append(age(source.rpo())).append(") is met again\n");
        body.append("Breached:     from ").append(time(breachSince)).append(" to ").append(time(now)).append(" (")
                .append(age(Duration.between(breachSince, now))).append(")\n");
        body.append("Now:          ").append(newest(source, newestVerified, now)).append("\n\n");
        body.append("To check:\n");
        body.append("  lifeboat status\n");
        return alert(Alert.Kind.RPO_RECOVERED, source, breachSince, "RPO OK again: " + source.name() + " (breached for "
                + age(Duration.between(breachSince, now)) + ")", body);
    }

    private Alert alert(Alert.Kind kind, SourceConfig source, Instant since, String subject, StringBuilder body) {
        body.append("\n-- \nlifeboat daemon on ").append(host).append('\n');
        return new Alert(kind, source.name(), since, PREFIX + subject, body.toString(), null, List.of());
    }

    private static String newest(SourceConfig source, BackupRecord verified, Instant now) {
        if (verified == null) {
            return "newest verified backup: none";
        }
        return "newest verified backup: " + verified.id() + " of " + time(dataTime(verified)) + ", "
                + age(Duration.between(dataTime(verified), now)) + " old (RPO " + age(source.rpo()) + ")";
    }

    static Instant dataTime(BackupRecord b) {
        return b.consistentPoint() != null ? b.consistentPoint() : b.started();
    }

    private static String oneLine(String text) {
        String s = text == null ? "unknown error" : text.replaceAll("\\s+", " ").strip();
        return s.length() > 160 ? s.substring(0, 159) + "…" : s;
    }

    static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** {@code 45s}, {@code 12m}, {@code 3h20m}, {@code 2d4h}. */
    static String age(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 120) {
            return s + "s";
        }
        if (s < 7200) {
            return s / 60 + "m";
        }
        if (s < 172_800) {
            return s / 3600 + "h" + (s % 3600 / 60 > 0 ? s % 3600 / 60 + "m" : "");
        }
        return s / 86_400 + "d" + (s % 86_400 / 3600 > 0 ? s % 86_400 / 3600 + "h" : "");
    }
}
