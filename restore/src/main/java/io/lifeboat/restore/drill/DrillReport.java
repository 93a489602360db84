package io.lifeboat.restore.drill;

import io.lifeboat.core.catalog.DrillRows;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One drill's results: the steps, the achieved RTO and RPO (measured, and the backup-time RPO beside
 * it), the objectives and which were missed, and the past drills of the same runbook for the trend.
 *
 * @param rto       drill start to the end of the last restore/check/measure step; null when recovery did not complete
 * @param rpo       the worst of the {@code measure rpo} steps; null when none measured
 * @param backupRpo drill start minus the oldest consistent point among the newest backups the restore steps read
 * @param missed    objectives missed, in words ("RTO 1.0 s: took 3.2 s")
 */
public record DrillReport(String id, Runbook runbook, String osUser, String host, Instant started, Instant finished,
                          DrillRows.Status status, List<StepResult> steps, Duration rto, Duration rpo, Duration backupRpo,
                          List<String> missed, List<DrillRows.Summary> history) {
    public DrillReport {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(runbook, "runbook");
        steps = List.copyOf(steps);
        missed = List.copyOf(missed);
        history = List.copyOf(history);
    }

    public Objectives objectives() {
        return runbook.objectives();
    }

    /** 0 passed and objectives met, 1 a step failed, 3 an objective was missed, 130 interrupted. */
    public int exitCode() {
        return switch (status) {
            case PASSED -> 0;
            case OBJECTIVE_MISSED -> 3;
            case INTERRUPTED -> 130;
            case FAILED, RUNNING -> 1;
        };
    }

    public DrillRows.Summary summary() {
        return new DrillRows.Summary(id, runbook.name(), runbook.file().toString(), osUser, host, started, finished, status,
                rto, rpo, backupRpo, objectives().rto(), objectives().rpo(), missed.isEmpty() ? null : String.join("; ", missed));
    }

    /** The restore steps' own durations: the per-restore RTO. */
    public List<StepResult> restores() {
        return steps.stream().filter(s -> s.step().kind() == StepKind.RESTORE && s.status() != StepResult.Status.SKIPPED).toList();
    }
}
