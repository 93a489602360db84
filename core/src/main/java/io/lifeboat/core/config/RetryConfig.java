package io.lifeboat.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A source's {@code retry: { attempts, initialDelay }}: how often the daemon tries a failed scheduled
 * backup again. Attempt n (from 2) waits {@code initialDelay * 2^(n-2)}; only the last failure alerts.
 *
 * @param attempts     how many attempts in all, the first included (1 means no retry)
 * @param initialDelay the wait before the second attempt
 */
public record RetryConfig(int attempts, Duration initialDelay) {
    public static final RetryConfig DEFAULT = new RetryConfig(Defaults.RETRY_ATTEMPTS, Defaults.RETRY_INITIAL_DELAY);
    /** Longest wait between two attempts, however many there are. */
    public static final Duration MAX_DELAY = Duration.ofHours(6);

    public RetryConfig {
        Objects.requireNonNull(initialDelay, "initialDelay");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
        }
        if (initialDelay.isNegative()) {
            throw new IllegalArgumentException("initialDelay must not be negative: " + initialDelay);
        }
    }

    /** The wait before attempt {@code attempt} (2 = the first retry): doubling from {@code initialDelay}, capped. */
    public Duration delayBefore(int attempt) {
        if (attempt < 2) {
            return Duration.ZERO;
        }
        Duration d = initialDelay;
        for (int i = 2; i < attempt && d.compareTo(MAX_DELAY) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
    }
}
