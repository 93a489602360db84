package io.lifeboat.daemon;

import io.lifeboat.alerts.AlertMessages;
import io.lifeboat.alerts.MailNotifier;
import io.lifeboat.alerts.Notifiers;
import io.lifeboat.backup.housekeeping.Housekeeping;
import io.lifeboat.cli.Lifeboat;
import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.alerts.Notifier;
import io.lifeboat.core.config.LifeboatConfig;
import io.lifeboat.core.config.SourceConfig;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
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
    private final Notifier notifier;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();

    private Daemon(Lifeboat lifeboat, QuartzScheduling quartz, HttpEndpoints http, ScheduledExecutorService skewChecks,
                   Notifier notifier) {
        this.lifeboat = lifeboat;
        this.quartz = quartz;
        this.http = http;
        this.skewChecks = skewChecks;
        this.notifier = notifier;
    }

    public static Daemon start(LifeboatConfig config, Clock clock) {
        return start(config, clock, System::getenv, MailNotifier.Delivery.DEFAULT);
    }

    /**
     * Starts with the environment ({@code alerts.smtp.userEnv}/{@code passwordEnv}) read through {@code env}
     * and alert deliveries retried as {@code delivery} says (tests use short waits).
     */
    public static Daemon start(LifeboatConfig config, Clock clock, Function<String, String> env,
                               MailNotifier.Delivery delivery) {
        return start(config, clock, env, delivery, java.nio.file.Path.of("dr-runbooks"), java.nio.file.Path.of("var", "drills"));
    }

    /** {@code runbooks}: the folder whose runbooks with a {@code schedule} are drilled; {@code drillReports}: var/drills. */
    public static Daemon start(LifeboatConfig config, Clock clock, java.nio.file.Path runbooks, java.nio.file.Path drillReports) {
        return start(config, clock, System::getenv, MailNotifier.Delivery.DEFAULT, runbooks, drillReports);
    }

    public static Daemon start(LifeboatConfig config, Clock clock, Function<String, String> env,
                               MailNotifier.Delivery delivery, java.nio.file.Path runbooks, java.nio.file.Path drillReports) {
        Notifier notifier = Notifiers.fromConfig(config.alerts(), env, delivery);
        Lifeboat lb;
        try {
            lb = Lifeboat.open(config, clock);
        } catch (RuntimeException e) {
            Notifiers.close(notifier);
            throw e;
        }
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
            if (notifier instanceof MailNotifier mail) {
                metrics.alerts(mail::stats);
            }
            AlertMessages messages = new AlertMessages(Notifiers.hostName());
            DaemonTask rpoCheck = new DaemonTask(DaemonTask.RPO_CHECK, config.alerts().rpoCheck(), ZoneOffset.UTC,
                    "check every source's RPO; alert when a breach starts and when it clears",
                    new RpoCheck(lb.catalog(), config.sources(), clock, notifier, messages));
            ScheduledBackup tasks = new ScheduledBackup(lb, metrics, notifier, messages);
            ScheduledDrills drills = new ScheduledDrills(lb, runbooks, drillReports, Lifeboat.drillNotifier(notifier));
            quartz = QuartzScheduling.create(lb.catalog().dataSource(), config.daemon(), config.sources(),
                    tasks, daemonTasks(lb, rpoCheck), drills, clock::instant);
            quartz.scheduleDrills(drills.find());
            QuartzScheduling q = quartz;
            // a recovered job waits for a dead holder's lease to expire, and a little longer
            tasks.runWith(lb.sourceRun(quartz.instanceId(), config.daemon().lease().plus(config.daemon().clusterCheckin())));
            http = HttpEndpoints.start(config.daemon(), () -> health(lb, q), metrics::scrape);
            quartz.start();
            LOG.info("daemon started: {} source(s), up to {} at once, catalog {}{}", config.sources().size(),
                    config.daemon().maxConcurrentJobs(), config.catalog().url().replaceAll("(?i)password=[^;&]*", "password=****"),
                    config.daemon().cluster() ? ", clustered as " + quartz.instanceId() : "");
            return new Daemon(lb, quartz, http, skewChecks(skew), notifier);
        } catch (RuntimeException e) {
            if (http != null) {
                http.close();
            }
            if (quartz != null) {
                quartz.close();
            }
            lb.close();
            Notifiers.close(notifier);
            throw e;
        }
    }

    /** The RPO check, and the retention of every source with {@code retention.schedule} (in the source's zone). */
    private static List<DaemonTask> daemonTasks(Lifeboat lb, DaemonTask rpoCheck) {
        List<DaemonTask> tasks = new java.util.ArrayList<>(List.of(rpoCheck));
        for (SourceConfig s : lb.config().sources()) {
            if (s.retention() != null && s.retention().schedule() != null) {
                java.time.ZoneId zone = s.timezone() == null ? java.time.ZoneId.systemDefault() : java.time.ZoneId.of(s.timezone());
                tasks.add(new DaemonTask("retention-" + s.name(), s.retention().schedule(), zone,
                        "apply the retention policy of " + s.name(), () -> ScheduledRetention.run(lb, s.name())));
            }
        }
        return List.copyOf(tasks);
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
            Notifiers.close(notifier);
            stopped.countDown();
            LOG.info("daemon stopped");
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Runs a source now as if its schedule had fired: a new run, with its retries and alerts. */
    public void runNow(String source) {
        if (lifeboat.config().source(source).isEmpty()) {
            throw new LifeboatException(ErrorCode.NOT_FOUND, lifeboat.config().unknownSource(source));
        }
        quartz.triggerNow(source);
    }

    /** The notifier alerts go to; DR drills send their reports through it too. */
    public Notifier notifier() {
        return notifier;
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
}
