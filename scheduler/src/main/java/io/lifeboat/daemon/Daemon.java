package io.lifeboat.daemon;

import io.lifeboat.backup.housekeeping.Housekeeping;
import io.lifeboat.cli.Lifeboat;
import io.lifeboat.core.config.LifeboatConfig;
import io.lifeboat.core.config.SourceConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: the catalog, Quartz scheduling every source, the HTTP listener. {@link #start}
 * fails with one {@code LifeboatException} when any part cannot start; {@link #stop} is graceful
 * (no new runs, up to {@code daemon.shutdownGrace} for running ones, then interrupts) and idempotent.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final Lifeboat lifeboat;
    private final QuartzScheduling quartz;
    private final HttpEndpoints http;
    private final ScheduledExecutorService skewChecks;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();

    private Daemon(Lifeboat lifeboat, QuartzScheduling quartz, HttpEndpoints http, ScheduledExecutorService skewChecks) {
        this.lifeboat = lifeboat;
        this.quartz = quartz;
        this.http = http;
        this.skewChecks = skewChecks;
    }

    public static Daemon start(LifeboatConfig config, Clock clock) {
        Lifeboat lb = Lifeboat.open(config, clock);
        QuartzScheduling quartz = null;
        HttpEndpoints http = null;
        try {
            Housekeeping.Report swept = lb.housekeeping().sweep();
            if (!swept.isEmpty()) {
                LOG.info("start-up clean-up: {}", swept.describe());
            }
            ClockSkew skew = new ClockSkew(clock, lb.catalog().leases()::databaseNow);
            skew.checkQuietly();
            DaemonMetrics metrics = new DaemonMetrics(lb.catalog(), config.sources(), clock);
            Tasks tasks = new Tasks(lb, metrics);
            quartz = QuartzScheduling.create(lb.catalog().dataSource(), config.daemon(), config.sources(),
                    tasks, name -> ScheduledRetention.run(lb, name), clock::instant);
            QuartzScheduling q = quartz;
            // a recovered job waits for a dead holder's lease to expire, and a little longer
            tasks.runs = lb.sourceRun(quartz.instanceId(), config.daemon().lease().plus(config.daemon().clusterCheckin()));
            http = HttpEndpoints.start(config.daemon(), () -> health(lb, q), metrics::scrape);
            quartz.start();
            LOG.info("daemon started: {} source(s), up to {} at once, catalog {}{}", config.sources().size(),
                    config.daemon().maxConcurrentJobs(), config.catalog().url().replaceAll("(?i)password=[^;&]*", "password=****"),
                    config.daemon().cluster() ? ", clustered as " + quartz.instanceId() : "");
            return new Daemon(lb, quartz, http, skewChecks(skew));
        } catch (RuntimeException e) {
            if (http != null) {
                http.close();
            }
            if (quartz != null) {
                quartz.close();
            }
            lb.close();
            throw e;
        }
    }

    private static ScheduledExecutorService skewChecks(ClockSkew skew) {
        ScheduledExecutorService every = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lifeboat-clock-skew");
            t.setDaemon(true);
            return t;
        });
        long period = ClockSkew.CHECK_EVERY.toMillis();
        every.scheduleAtFixedRate(skew::checkQuietly, period, period, TimeUnit.MILLISECONDS);
        return every;
    }

    /** The port of {@code /health} and {@code /metrics}. */
    public int httpPort() {
        return http.port();
    }

    /** Blocks until {@link #stop} has finished. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Graceful stop: no new runs, running ones get {@code daemon.shutdownGrace}, then are interrupted. */
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        LOG.info("daemon stopping");
        skewChecks.shutdownNow();
        try {
            quartz.stop(lifeboat.config().daemon().shutdownGrace());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            quartz.close();
            http.close();
            lifeboat.close();
            stopped.countDown();
            LOG.info("daemon stopped");
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Missed fire times seen since start (for tests and diagnostics). */
    public java.util.List<MissedFires.Missed> missedFires() {
        return quartz.missed();
    }

    private static HttpEndpoints.Health health(Lifeboat lb, QuartzScheduling quartz) {
        Map<String, Object> catalog = new LinkedHashMap<>();
        boolean catalogUp;
        try (Connection c = lb.catalog().dataSource().getConnection()) {
            catalogUp = c.isValid(2) && lb.catalog().backups(null, 1) != null;
        } catch (SQLException | RuntimeException e) {
            catalogUp = false;
            catalog.put("error", e.getMessage());
        }
        catalog.put("up", catalogUp);
        boolean schedulerUp = quartz.running();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", catalogUp && schedulerUp ? "UP" : "DOWN");
        doc.put("catalog", catalog);
        doc.put("scheduler", Map.of("running", schedulerUp));
        doc.put("sources", lb.config().sources().size());
        doc.put("checkedAt", lb.clock().instant().toString());
        return new HttpEndpoints.Health(catalogUp && schedulerUp, doc);
    }

    /** Our side of the Quartz adapter: a source's run, recorded in the log and the metrics. */
    private static final class Tasks implements SourceJob.Tasks {
        private final Lifeboat lb;
        private final DaemonMetrics metrics;
        /** Set once Quartz's instance id is known, before the scheduler starts. */
        private volatile SourceRun runs;

        Tasks(Lifeboat lb, DaemonMetrics metrics) {
            this.lb = lb;
            this.metrics = metrics;
        }

        @Override
        public boolean run(String name, ScheduledFire fire) {
            Optional<SourceConfig> source = lb.config().source(name);
            if (source.isEmpty()) {
                return false;
            }
            SourceRun.Result result = runs.run(source.get(), true, fire);
            if (result.ok()) {
                LOG.info("{}", result.describe());
            } else {
                LOG.error("{}", result.describe());
                metrics.failed(name);
            }
            return true;
        }

        @Override
        public void failed(String name, RuntimeException e) {
            metrics.failed(name);
        }
    }
}
