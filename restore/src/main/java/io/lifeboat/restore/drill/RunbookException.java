package io.lifeboat.restore.drill;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import java.nio.file.Path;
import java.util.List;

/** A runbook that cannot run: every problem found, each with its line. Nothing was run. */
public final class RunbookException extends LifeboatException {
    private final transient List<String> problems;

    public RunbookException(Path file, List<String> problems) {
        super(ErrorCode.USAGE, "runbook " + file + " has " + problems.size() + " problem(s), nothing was run:\n  "
                + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
