package io.lifeboat.core.config;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import java.nio.file.Path;
import java.util.List;

/**
 * The configuration cannot be used. Carries every problem found, not just the first; the message
 * lists them one per line after a heading that names the file.
 */
public class ConfigException extends LifeboatException {
    private final transient List<ConfigProblem> problems;

    public ConfigException(Path file, List<ConfigProblem> problems) {
        this(file, problems, null);
    }

    public ConfigException(Path file, List<ConfigProblem> problems, Throwable cause) {
        super(ErrorCode.CONFIG_INVALID, message(file, problems), cause);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String message(Path file, List<ConfigProblem> problems) {
        StringBuilder sb = new StringBuilder()
                .append("invalid configuration ").append(file).append(", ").append(problems.size())
                .append(problems.size() == 1 ? " problem:" : " problems:");
        for (ConfigProblem p : problems) {
            sb.append(System.lineSeparator()).append("  ").append(p);
        }
        return sb.toString();
    }
}
