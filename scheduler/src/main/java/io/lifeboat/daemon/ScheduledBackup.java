package io.lifeboat.daemon;

import io.lifeboat.alerts.AlertMessages;
import io.lifeboat.backup.housekeeping.Housekeeping;
import io.lifeboat.cli.Lifeboat;
import io.lifeboat.core.alerts.Notifier;
import io.lifeboat.core.catalog.AttemptRecord;
import io.lifeboat.core.catalog.AttemptRows;
import io.lifeboat.core.catalog.BackupStatus;
import io.lifeboat.core.config.SourceConfig;
import io.lifeboat.verifier.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of a scheduled backup, as the daemon runs it: recorded in {@code backup_attempts}, retried
 * with exponential backoff (up to 10% jitter) while attempts are left, alerted on the final failure and on
 * a failed verification. Retries are the scheduler's business alone: the backup runner does not retry.
 */
final class ScheduledBackup implements SourceJob.Tasks {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledBackup.class);

    private final Lifeboat lb;
    private final DaemonMetrics metrics;
    private final Notifier notifier;
    private final AlertMessages messages;
    private final AttemptRows attempts;
    /** Set once Quartz's instance id (the lease owner) is known, before the scheduler starts. */
    private volatile SourceRun runs;

    ScheduledBackup(Lifeboat lb, DaemonMetrics metrics, Notifier notifier, AlertMessages messages) {
        this.lb = lb;
        this.metrics = metrics;
        this.notifier = notifier;
        this.messages = messages;
        this.attempts = new AttemptRows(lb.catalog().dataSource());
    }

    void runWith(SourceRun runs) {
        this.runs = runs;
    }

    @Override
    public Optional<Instant> run(SourceJob.Attempt a) {
        Optional<SourceConfig> found = lb.config().source(a.source());
        if (found.isEmpty()) {
            LOG.error("scheduled job for unknown source \"{}\" (the config no longer has it; restart the daemon"
                    + " to remove its schedule)", a.source());
            return Optional.empty();
        }
        SourceConfig source = found.get();
        int max = Math.max(source.retry().attempts(), a.number());
        attempts.started(source.name(), a.runId(), a.number(), max, a.scheduledFor(), lb.clock().instant());
        if (max > 1) {
            LOG.info("backup of {}: attempt {}/{}", source.name(), a.number(), max);
        }
        sweep(source);
        SourceRun.Result result = runs.run(source, true, a.fire());
        Instant end = lb.clock().instant();
        if (result.outcome() == null) {
            return failed(source, a, max, result.error(), end);
        }
        attempts.finished(a.runId(), a.number(), end, AttemptRecord.Outcome.SUCCEEDED, result.outcome().record().id(), null, null);
        if (result.ok()) {
            LOG.info("{}", result.describe());
        } else {
            LOG.error("{}", result.describe());
            metrics.failed(source.name());
        }
        if (!result.outcome().copyErrors().isEmpty()) {
            notifier.send(messages.copyFailed(source, result.outcome().record(), result.outcome().copyErrors(), end));
        }
        verificationProblem(result).ifPresent(findings -> notifier.send(messages.verificationFailed(source,
                result.outcome().record(), result.verifyLevel(), findings, end)));
        return Optional.empty();
    }

    /**
     * What crashed runs of this source left (a command-line run killed mid-upload, a node that died) goes
     * before this run writes; the daemon's start-up sweep covers everything else. A sweep that cannot
     * finish does not hold the backup back.
     */
    private void sweep(SourceConfig source) {
        try {
            Housekeeping.Report swept = lb.housekeeping().sweep(List.of(source));
            if (!swept.isEmpty()) {
                LOG.info("before the backup of {}: cleaned up {}", source.name(), swept.describe());
            }
        } catch (RuntimeException e) {
            LOG.warn("before the backup of {}: the debris sweep failed: {}", source.name(), e.getMessage());
        }
    }

    private Optional<Instant> failed(SourceConfig source, SourceJob.Attempt a, int max, String error, Instant end) {
        if (a.number() < max) {
            Duration wait = jittered(source.retry().delayBefore(a.number() + 1));
            Instant next = end.plus(wait);
            attempts.finished(a.runId(), a.number(), end, AttemptRecord.Outcome.FAILED, null, error, next);
            LOG.warn("backup of {} failed (attempt {}/{}): {}; retrying in {} (at {})", source.name(), a.number(), max,
                    error, wait, next);
            return Optional.of(next);
        }
        attempts.finished(a.runId(), a.number(), end, AttemptRecord.Outcome.FAILED, null, error, null);
        LOG.error("backup of {} FAILED (attempt {}/{}, no retries left): {}", source.name(), a.number(), max, error);
        metrics.failed(source.name());
        List<AttemptRecord> all = attempts.ofRun(a.runId());
        notifier.send(messages.backupFailed(source, all, lb.catalog().latest(source.name(),
                EnumSet.of(BackupStatus.VERIFIED)).orElse(null), end));
        return Optional.empty();
    }

    /** What the verification found, or why it could not run; empty when it passed or did not run. */
    private static Optional<String> verificationProblem(SourceRun.Result r) {
        if (r.verifyError() != null) {
            return Optional.of("the verification could not run: " + r.verifyError());
        }
        if (r.report() == null || r.report().passed()) {
            return Optional.empty();
        }
        List<Finding> findings = r.report().findings();
        return Optional.of(findings.isEmpty() ? "the verification did not pass" : findings.stream()
                .map(Finding::describe).collect(Collectors.joining("; ")));
    }

    private static Duration jittered(Duration d) {
        long ms = d.toMillis();
        return Duration.ofMillis(ms + (ms >= 10 ? ThreadLocalRandom.current().nextLong(ms / 10 + 1) : 0));
    }

    @Override
    public void failed(String source, RuntimeException e) {
        metrics.failed(source);
    }
}
