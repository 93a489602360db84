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
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();

    private Daemon(Lifeboat lifeboat, QuartzScheduling quartz, HttpEndpoints http) {
        this.lifeboat = lifeboat;
        this.quartz = quartz;
        this.http = http;
    }

    public static Daemon start(LifeboatConfig config, Clock clock) {
        return start(config, clock, java.nio.file.Path.of("dr-runbooks"), java.nio.file.Path.of("var", "drills"));
    }

    /** {@code runbooks}: the folder whose runbooks with a {@code schedule} are drilled; {@code drillReports}: var/drills. */
    public static Daemon start(LifeboatConfig config, Clock clock, java.nio.file.Path runbooks, java.nio.file.Path drillReports) {
        Lifeboat lb = Lifeboat.open(config, clock);
        QuartzScheduling quartz = null;
        HttpEndpoints http = null;
        try {
            Housekeeping.Report swept = lb.housekeeping().sweep();
            if (!swept.isEmpty()) {
                LOG.info("start-up clean-up: {}", swept.describe());
            }
            DaemonMetrics metrics = new DaemonMetrics(lb.catalog(), config.sources(), clock);
            ScheduledDrills drills = new ScheduledDrills(lb, runbooks, drillReports);
            quartz = QuartzScheduling.create(lb.catalog().dataSource(), config.daemon(), config.sources(),
                    new Tasks(lb, metrics), drills, clock::instant);
            quartz.scheduleDrills(drills.find());
            QuartzScheduling q = quartz;
            http = HttpEndpoints.start(config.daemon(), () -> health(lb, q), metrics::scrape);
            quartz.start();
            LOG.info("daemon started: {} source(s), up to {} at once, catalog {}", config.sources().size(),
                    config.daemon().maxConcurrentJobs(), config.catalog().url().replaceAll("(?i)password=[^;&]*", "password=****"));
            return new Daemon(lb, quartz, http);
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
    private record Tasks(Lifeboat lb, DaemonMetrics metrics) implements SourceJob.Tasks {
        @Override
        public boolean run(String name) {
            Optional<SourceConfig> source = lb.config().source(name);
            if (source.isEmpty()) {
                return false;
            }
            SourceRun.Result result = new SourceRun(lb.backupRunner(), lb::verifier).run(source.get(), true);
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
