package io.lifeboat.restore.drill;

import java.time.Instant;
import java.util.List;

/**
 * Steps that are {@code lifeboat} commands ({@code restore ...}, {@code verify ...}, {@code check}),
 * run in-process. The command line implements it, so a runbook step is literally the command an
 * operator would type.
 */
public interface CliSteps {
    /** Everything wrong with the command (unknown command or option, unknown source or target); empty when it can run. */
    List<String> problems(List<String> args);

    /** Runs the command to its end. */
    Outcome run(List<String> args);

    /** Exit code, output (stdout then stderr), and the backups a restore read. */
    record Outcome(int exitCode, String output, List<UsedBackup> backups) {
        public Outcome {
            backups = List.copyOf(backups);
        }
    }

    /** A backup a restore step used, with the point its data is consistent as of (finish time for file backups). */
    record UsedBackup(String id, String source, Instant point) {
    }
}
