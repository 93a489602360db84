package io.lifeboat.core.config;

import java.util.Objects;

/**
 * One thing wrong with the configuration.
 *
 * @param where   the place in the file: {@code sources[1].schedule}, {@code targets.dr.bucket},
 *                {@code line 3, column 7} for a YAML syntax error, or the file itself
 * @param message what is wrong and, where it helps, how to fix it; never contains a secret
 */
public record ConfigProblem(String where, String message) {
    public ConfigProblem {
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return where + ": " + message;
    }
}
