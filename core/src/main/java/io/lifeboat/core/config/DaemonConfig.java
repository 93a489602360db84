package io.lifeboat.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code daemon:}: how {@code lifeboat daemon} runs.
 *
 * @param httpHost          address of the {@code /health} and {@code /metrics} listener
 * @param httpPort          its port; 0 picks a free one (tests)
 * @param maxConcurrentJobs how many sources may run at once (Quartz's thread count)
 * @param shutdownGrace     how long a stop waits for running jobs before interrupting them
 * @param cluster           run Quartz clustered (PostgreSQL catalog only)
 * @param misfireThreshold  how late a fire may be before it counts as missed (run once, logged)
 * @param clusterCheckin    how often a clustered node checks in; a node silent for this plus 7.5 s is
 *                          taken for dead and its jobs are recovered by the others
 * @param lease             how long a run's lease on its source lasts without renewal (renewed every third of it)
 */
public record DaemonConfig(String httpHost, int httpPort, int maxConcurrentJobs, Duration shutdownGrace,
                           boolean cluster, Duration misfireThreshold, Duration clusterCheckin, Duration lease) {
    public static final DaemonConfig DEFAULT = new DaemonConfig(Defaults.DAEMON_HTTP_HOST, Defaults.DAEMON_HTTP_PORT,
            Defaults.DAEMON_MAX_CONCURRENT_JOBS, Defaults.DAEMON_SHUTDOWN_GRACE, false, Defaults.DAEMON_MISFIRE_THRESHOLD);

    public DaemonConfig {
        Objects.requireNonNull(httpHost, "httpHost");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(misfireThreshold, "misfireThreshold");
        Objects.requireNonNull(clusterCheckin, "clusterCheckin");
        Objects.requireNonNull(lease, "lease");
        if (clusterCheckin.isNegative() || clusterCheckin.isZero() || lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("clusterCheckin and lease must be longer than zero");
        }
        if (httpPort < 0 || httpPort > 65_535) {
            throw new IllegalArgumentException("port out of range: " + httpPort);
        }
        if (maxConcurrentJobs < 1) {
            throw new IllegalArgumentException("maxConcurrentJobs must be at least 1: " + maxConcurrentJobs);
        }
    }

    /** With the default cluster check-in interval and lease. */
    public DaemonConfig(String httpHost, int httpPort, int maxConcurrentJobs, Duration shutdownGrace, boolean cluster,
                        Duration misfireThreshold) {
        this(httpHost, httpPort, maxConcurrentJobs, shutdownGrace, cluster, misfireThreshold,
                Defaults.DAEMON_CLUSTER_CHECKIN, Defaults.SOURCE_LEASE);
    }

    /** {@code host:port} as written in the config. */
    public String http() {
        return (httpHost.contains(":") ? "[" + httpHost + "]" : httpHost) + ":" + httpPort;
    }
}
