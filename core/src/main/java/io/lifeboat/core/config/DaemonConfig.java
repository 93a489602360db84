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
 * @param cluster           run Quartz clustered (PostgreSQL catalog only; not implemented yet)
 * @param misfireThreshold  how late a fire may be before it counts as missed (run once, logged)
 */
public record DaemonConfig(String httpHost, int httpPort, int maxConcurrentJobs, Duration shutdownGrace,
                           boolean cluster, Duration misfireThreshold) {
    public static final DaemonConfig DEFAULT = new DaemonConfig(Defaults.DAEMON_HTTP_HOST, Defaults.DAEMON_HTTP_PORT,
            Defaults.DAEMON_MAX_CONCURRENT_JOBS, Defaults.DAEMON_SHUTDOWN_GRACE, false, Defaults.DAEMON_MISFIRE_THRESHOLD);

    public DaemonConfig {
        Objects.requireNonNull(httpHost, "httpHost");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(misfireThreshold, "misfireThreshold");
        if (httpPort < 0 || httpPort > 65_535) {
            throw new IllegalArgumentException("port out of range: " + httpPort);
        }
        if (maxConcurrentJobs < 1) {
            throw new IllegalArgumentException("maxConcurrentJobs must be at least 1: " + maxConcurrentJobs);
        }
    }

    /** {@code host:port} as written in the config. */
    public String http() {
        return (httpHost.contains(":") ? "[" + httpHost + "]" : httpHost) + ":" + httpPort;
    }
}
