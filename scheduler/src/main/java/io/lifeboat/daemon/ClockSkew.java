package io.lifeboat.daemon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares this node's clock with the catalog database's, at start-up and periodically. Leases expire by
 * the database's clock, so skew cannot hand one source to two nodes; but schedules fire and RPO ages are
 * measured by each node's own clock, so a node off by more than {@link #TOLERANCE} is reported.
 */
final class ClockSkew {
    static final Duration TOLERANCE = Duration.ofSeconds(1);
    static final Duration CHECK_EVERY = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(ClockSkew.class);

    private final Clock clock;
    private final Supplier<Instant> databaseNow;

    ClockSkew(Clock clock, Supplier<Instant> databaseNow) {
        this.clock = clock;
        this.databaseNow = databaseNow;
    }

    /**
     * This node's clock minus the database's (positive: this node is ahead), taking the middle of the round
     * trip as the moment the database answered.
     */
    Duration measure() {
        Instant before = clock.instant();
        Instant db = databaseNow.get();
        Instant after = clock.instant();
        Instant middle = before.plus(Duration.between(before, after).dividedBy(2));
        return Duration.between(db, middle);
    }

    /** Measures, and logs a warning when the skew is beyond {@link #TOLERANCE}; returns the skew. */
    Duration check() {
        Duration skew = measure();
        if (skew.abs().compareTo(TOLERANCE) > 0) {
            LOG.warn("clock skew: this node's clock is {} ms {} the catalog database's (more than {} ms): schedules"
                    + " and RPO ages on this node are off by that much; fix time synchronisation (NTP/chrony) on this"
                    + " host or the database server", skew.abs().toMillis(), skew.isNegative() ? "behind" : "ahead of",
                    TOLERANCE.toMillis());
        } else {
            LOG.debug("clock skew against the catalog database: {} ms", skew.toMillis());
        }
        return skew;
    }

    /** {@link #check}, swallowing a catalog error (the health check reports an unreachable catalog). */
    void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.warn("could not compare this node's clock with the catalog database's: {}", e.getMessage());
        }
    }
}
