package io.lifeboat.daemon;

import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.config.SourceConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Prometheus view of the daemon. Per-source gauges are read from the catalog at each scrape (so
 * they survive restarts and include command-line runs); failures are counted by this daemon's runs.
 */
final class DaemonMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonMetrics.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, SourceHealth> health = new ConcurrentHashMap<>();
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();
    private final Catalog catalog;
    private final List<SourceConfig> sources;
    private final Clock clock;
    private final DrillMetrics drills;
    private volatile boolean catalogUp;
    /** Held here: Micrometer keeps only weak references to what its function meters read. */
    private java.util.function.Supplier<io.lifeboat.alerts.MailNotifier.Stats> alertStats;

    DaemonMetrics(Catalog catalog, List<SourceConfig> sources, Clock clock) {
        this.catalog = catalog;
        this.sources = List.copyOf(sources);
        this.clock = clock;
        this.drills = new DrillMetrics(registry, io.lifeboat.core.catalog.DrillRows.of(catalog));
        for (SourceConfig s : sources) {
            String n = s.name();
            gauge("lifeboat.last.success.timestamp", "seconds", "Start of the newest published backup (unix time)", n,
                    h -> h.lastSuccess() == null ? Double.NaN : h.lastSuccess().started().toEpochMilli() / 1000.0);
            gauge("lifeboat.last.success.duration", "seconds", "How long the newest published backup took", n,
                    h -> h.lastSuccess() == null || h.lastSuccess().finished() == null ? Double.NaN
                            : seconds(Duration.between(h.lastSuccess().started(), h.lastSuccess().finished())));
            gauge("lifeboat.last.success.in", "bytes", "Bytes of the newest published backup's archive stream", n,
                    h -> h.lastSuccess() == null ? Double.NaN : h.lastSuccess().bytesIn());
            gauge("lifeboat.last.success.stored", "bytes", "Bytes the newest published backup stored in its first target", n,
                    h -> h.lastSuccess() == null ? Double.NaN : h.lastSuccess().storedBytes());
            gauge("lifeboat.verified.backup.age", "seconds", "Seconds since the data time of the newest VERIFIED backup", n,
                    h -> h.verifiedAge() == null ? Double.NaN : seconds(h.verifiedAge()));
            gauge("lifeboat.rpo", "seconds", "The source's recovery point objective", n, h -> seconds(s.rpo()));
            gauge("lifeboat.last.verification.passed", null, "1 when the last verification passed, 0 when it failed", n,
                    h -> h.lastVerification() == null ? Double.NaN : h.lastVerification() ? 1 : 0);
            failures.put(n, Counter.builder("lifeboat.backup.failures").description("Failed scheduled runs since start")
                    .tag("source", n).register(registry));
        }
        Gauge.builder("lifeboat.catalog.up", this, m -> m.catalogUp ? 1 : 0)
                .description("1 when the catalog answered the last scrape").register(registry);
    }

    /**
     * The mail path's own health, so that a broken mail server is itself seen (alert on
     * {@code lifeboat_alerts_given_up_total} rising, or on {@code lifeboat_alerts_queued} staying up).
     */
    void alerts(java.util.function.Supplier<io.lifeboat.alerts.MailNotifier.Stats> stats) {
        this.alertStats = stats;
        io.micrometer.core.instrument.FunctionCounter.builder("lifeboat.alerts.delivered", stats, s -> s.get().delivered())
                .description("Alert mails delivered since start").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("lifeboat.alerts.failed.attempts", stats,
                        s -> s.get().failedAttempts())
                .description("Failed attempts to deliver an alert mail since start (each is retried)").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("lifeboat.alerts.given.up", stats, s -> s.get().givenUp())
                .description("Alert mails given up since start (retries exhausted, or refused)").register(registry);
        Gauge.builder("lifeboat.alerts.queued", stats, s -> s.get().queued())
                .description("Alert mails waiting to be sent").register(registry);
    }

    private void gauge(String name, String unit, String help, String source, ToDoubleFunction<SourceHealth> value) {
        Gauge.builder(name, health, m -> {
            SourceHealth h = m.get(source);
            return h == null ? Double.NaN : value.applyAsDouble(h);
        }).baseUnit(unit).description(help).tag("source", source).register(registry);
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    void failed(String source) {
        Counter c = failures.get(source);
        if (c != null) {
            c.increment();
        }
    }

    /** Reads the catalog, then renders the Prometheus text format (0.0.4). */
    String scrape() {
        refresh();
        return registry.scrape();
    }

    private void refresh() {
        try {
            for (SourceConfig s : sources) {
                health.put(s.name(), SourceHealth.of(catalog, s, clock.instant()));
            }
            drills.refresh();
            catalogUp = true;
        } catch (RuntimeException e) {
            catalogUp = false;
            LOG.warn("metrics: cannot read the catalog: {}", e.getMessage());
        }
    }
}
