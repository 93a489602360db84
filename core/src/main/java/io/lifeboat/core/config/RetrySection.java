package io.lifeboat.core.config;

import java.time.Duration;
import java.util.List;

/** A source's {@code retry: { attempts, initialDelay }}; absent means {@link RetryConfig#DEFAULT}. */
final class RetrySection {
    private static final List<String> KEYS = List.of("attempts", "initialDelay");
    private static final int MAX_ATTEMPTS = 20;

    private RetrySection() {
    }

    /** The retry settings of a source, or null after reporting problems. */
    static RetryConfig read(Fields source) {
        if (!source.has("retry")) {
            return RetryConfig.DEFAULT;
        }
        Fields f = source.object("retry");
        if (f == null) {
            return null;
        }
        Problems problems = f.problems();
        int before = problems.count();
        f.allowOnly(KEYS);
        Integer attempts = f.integer("attempts");
        if (attempts != null && (attempts < 1 || attempts > MAX_ATTEMPTS)) {
            problems.add(f.where("attempts"), "must be between 1 (no retry) and " + MAX_ATTEMPTS + ", got " + attempts);
        }
        Duration delay = RetryConfig.DEFAULT.initialDelay();
        String text = f.text("initialDelay");
        if (text != null) {
            delay = Units.duration(text).orElse(null);
            if (delay == null) {
                problems.add(f.where("initialDelay"), "\"" + text + "\" is not a duration (" + Units.DURATION_HINT + ")");
            } else if (delay.isNegative() || delay.isZero()) {
                problems.add(f.where("initialDelay"), "must be longer than zero");
            }
        }
        if (problems.count() != before) {
            return null;
        }
        return new RetryConfig(attempts == null ? RetryConfig.DEFAULT.attempts() : attempts, delay);
    }
}
