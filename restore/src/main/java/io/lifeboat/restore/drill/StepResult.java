package io.lifeboat.restore.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What happened to one step.
 *
 * @param offset     from the drill's start to the step's start
 * @param newestData for {@code measure rpo}: the newest data found; else null
 * @param rpo        for {@code measure rpo}: the drill's start minus {@code newestData}
 */
public record StepResult(Step step, Status status, Duration offset, Duration duration, String output, Instant newestData,
                         Duration rpo, List<CliSteps.UsedBackup> backups) {
    /** PASSED; FAILED; FAILED_CONTINUED (failed in a continue-on-failure block); SKIPPED (not reached). */
    public enum Status {
        PASSED, FAILED, FAILED_CONTINUED, SKIPPED
    }

    public StepResult {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(status, "status");
        backups = List.copyOf(backups);
    }

    static StepResult skipped(Step step) {
        return new StepResult(step, Status.SKIPPED, null, null, "", null, null, List.of());
    }

    public boolean failed() {
        return status == Status.FAILED || status == Status.FAILED_CONTINUED;
    }

    /** The end of the step, from the drill's start. */
    public Duration end() {
        return offset == null ? null : offset.plus(duration);
    }

    /** The last {@code lines} lines of the output. */
    public String excerpt(int lines) {
        List<String> all = output.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
