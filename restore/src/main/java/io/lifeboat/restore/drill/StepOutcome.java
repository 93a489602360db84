package io.lifeboat.restore.drill;

import java.time.Instant;
import java.util.List;

/**
 * What a step did: passed or not, its output, and for {@code measure rpo} the newest data found, for
 * restores the backups read.
 */
record StepOutcome(boolean passed, String output, Instant newestData, List<CliSteps.UsedBackup> backups) {
    StepOutcome {
        backups = List.copyOf(backups);
    }

    static StepOutcome passed(String output) {
        return new StepOutcome(true, output, null, List.of());
    }

    static StepOutcome failed(String output) {
        return new StepOutcome(false, output, null, List.of());
    }
}
