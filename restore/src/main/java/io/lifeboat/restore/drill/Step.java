package io.lifeboat.restore.drill;

import java.util.List;
import java.util.Objects;

/**
 * One step of a runbook: a line of a {@code lifeboat} block, with its place in the document.
 *
 * @param line              1-based line in the runbook file
 * @param section           the heading the step sits under ("" before the first heading)
 * @param text              the line as written (before expansion), for the report
 * @param args              the words after quoting and {@code ${...}} expansion
 * @param cleanup           from a {@code lifeboat cleanup} block: always runs, after the others
 * @param continueOnFailure from a {@code lifeboat continue-on-failure} block: a failure does not stop the drill
 */
public record Step(int line, String section, String text, List<String> args, boolean cleanup, boolean continueOnFailure) {
    public Step {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(text, "text");
        args = List.copyOf(args);
    }

    public StepKind kind() {
        return StepKind.of(args);
    }

    /** The step as the report shows it: {@code line 12: restore logs ...}. */
    public String where() {
        return "line " + line + ": " + text;
    }
}
