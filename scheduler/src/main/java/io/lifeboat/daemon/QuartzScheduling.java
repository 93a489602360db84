package io.lifeboat.daemon;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.config.DaemonConfig;
import io.lifeboat.core.config.SourceConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz behind our own small surface: a JDBC job store (JobStoreTX) in the catalog database, one job
 * and cron trigger per source (misfire: fire once now), at most {@code maxConcurrentJobs} runs at once.
 */
final class QuartzScheduling implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QuartzScheduling.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration AFTER_INTERRUPT = Duration.ofSeconds(10);
    private static final String POSTGRES_DELEGATE = "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate";
    private static final String DRILL_GROUP = "drill";

    /** How long close() waits for Quartz's own threads to end. */
    static final Duration THREADS_GONE = Duration.ofSeconds(10);

    private final Scheduler scheduler;
    private final MissedFires missed;
    private final String dataSourceName;
    private final boolean cluster;

    private QuartzScheduling(Scheduler scheduler, MissedFires missed, String dataSourceName, boolean cluster) {
        this.scheduler = scheduler;
        this.missed = missed;
        this.dataSourceName = dataSourceName;
        this.cluster = cluster;
    }

    /**
     * Creates the scheduler (not started) and makes its jobs match the sources.
     *
     * {@code daemonTasks}: the daemon's own periodic tasks (the RPO check); {@code drills}: runs scheduled DR
     * drills ({@link #scheduleDrills}), may be null when there are none.
     */
    static QuartzScheduling create(DataSource catalog, DaemonConfig daemon, List<SourceConfig> sources,
                                   SourceJob.Tasks tasks, List<DaemonTask> daemonTasks, DrillJob.Tasks drills,
                                   Supplier<Instant> now) {
        String delegate = delegate(catalog);
        if (daemon.cluster() && !delegate.equals(POSTGRES_DELEGATE)) {
            throw new LifeboatException(ErrorCode.CONFIG_INVALID, "daemon.cluster: true needs a PostgreSQL catalog that"
                    + " every node shares (catalog.url: jdbc:postgresql://HOST/DB); this catalog is not PostgreSQL"
                    + " (set daemon.cluster: false to run one daemon on it)");
        }
        String dsName = "lifeboat-catalog-" + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(dsName, new CatalogConnectionProvider(catalog));
        try {
            StdSchedulerFactory factory = new StdSchedulerFactory(properties(daemon, dsName, delegate));
            Scheduler scheduler = factory.getScheduler();
            java.util.Map<String, Runnable> byName = new java.util.HashMap<>();
            daemonTasks.forEach(t -> byName.put(t.name(), t.task()));
            scheduler.setJobFactory((bundle, s) -> {
                Class<?> type = bundle.getJobDetail().getJobClass();
                return type == DrillJob.class ? new DrillJob(drills) : type == TaskJob.class ? new TaskJob(byName) : new SourceJob(tasks);
            });
            MissedFires missed = new MissedFires(now);
            scheduler.getListenerManager().addTriggerListener(missed);
            QuartzScheduling q = new QuartzScheduling(scheduler, missed, dsName, daemon.cluster());
            q.reconcile(sources);
            q.reconcileTasks(daemonTasks);
            return q;
        } catch (SchedulerException e) {
            throw new LifeboatException(ErrorCode.CATALOG, "cannot set up the scheduler in the catalog: " + e.getMessage(), e);
        }
    }

    private static Properties properties(DaemonConfig daemon, String dsName, String delegate) {
        Properties p = new Properties();
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, Schedules.SCHEDULER_NAME);
        p.setProperty(StdSchedulerFactory.PROP_SCHED_MAKE_SCHEDULER_THREAD_DAEMON, "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(daemon.maxConcurrentJobs()));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", threadPrefix(dsName) + "job");
        p.setProperty(StdSchedulerFactory.PROP_SCHED_THREAD_NAME, threadPrefix(dsName) + "scheduler");
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", delegate);
        p.setProperty("org.quartz.jobStore.dataSource", dsName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.isClustered", Boolean.toString(daemon.cluster()));
        if (daemon.cluster()) {
            // every node shares the scheduler name; AUTO makes each instance id unique (host + start time)
            p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, StdSchedulerFactory.AUTO_GENERATE_INSTANCE_ID);
            p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(daemon.clusterCheckin().toMillis()));
            p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        }
        p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(daemon.misfireThreshold().toMillis()));
        return p;
    }

    /** PostgreSQL needs its own delegate: with the standard one, BYTEA columns make every poll fail silently. */
    private static String delegate(DataSource catalog) {
        try (Connection c = catalog.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName();
            return "PostgreSQL".equalsIgnoreCase(product) ? POSTGRES_DELEGATE : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate";
        } catch (SQLException e) {
            throw new LifeboatException(ErrorCode.CATALOG, "cannot reach the catalog database: " + e.getMessage(), e);
        }
    }

    /**
     * One job and trigger per source. A trigger whose schedule is unchanged is kept as stored, so that
     * fires missed while the daemon was down are seen as misfires when it starts.
     */
    private void reconcile(List<SourceConfig> sources) throws SchedulerException {
        Set<JobKey> wanted = new HashSet<>();
        for (SourceConfig source : sources) {
            JobKey key = Schedules.jobKey(source.name());
            wanted.add(key);
            CronTrigger desired = trigger(source);
            Trigger existing = scheduler.getTrigger(desired.getKey());
            JobDetail stored = scheduler.getJobDetail(key);
            if (existing instanceof CronTrigger ct && stored != null && stored.requestsRecovery() == cluster
                    && ct.getCronExpression().equals(desired.getCronExpression())
                    && ct.getTimeZone().getID().equals(desired.getTimeZone().getID())
                    && ct.getMisfireInstruction() == desired.getMisfireInstruction()) {
                continue;
            }
            // clustered: a job whose node dies mid-run is run again by another node (recovery)
            JobDetail job = JobBuilder.newJob(SourceJob.class).withIdentity(key).requestRecovery(cluster)
                    .withDescription("back up and verify " + source.name()).build();
            scheduler.scheduleJob(job, Set.of(desired), true);
            LOG.info("scheduled {}: \"{}\" ({})", source.name(), source.schedule(), desired.getTimeZone().getID());
        }
        for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(Schedules.GROUP))) {
            if (!wanted.contains(key)) {
                scheduler.deleteJob(key);
                LOG.info("removed the schedule of {}: no longer in the config", key.getName());
            }
        }
    }

    /** One job and cron trigger per runbook file with a {@code schedule} (group {@code drill}); others are removed. */
    void scheduleDrills(java.util.Map<String, String> cronByRunbook) {
        try {
            Set<JobKey> wanted = new HashSet<>();
            for (java.util.Map.Entry<String, String> e : cronByRunbook.entrySet()) {
                JobKey key = JobKey.jobKey(e.getKey(), DRILL_GROUP);
                wanted.add(key);
                CronTrigger desired = TriggerBuilder.newTrigger().withIdentity(e.getKey(), DRILL_GROUP).forJob(key)
                        .withSchedule(CronScheduleBuilder.cronSchedule(e.getValue()).withMisfireHandlingInstructionFireAndProceed())
                        .build();
                if (scheduler.getTrigger(desired.getKey()) instanceof CronTrigger ct && scheduler.checkExists(key)
                        && ct.getCronExpression().equals(desired.getCronExpression())) {
                    continue;
                }
                JobDetail job = JobBuilder.newJob(DrillJob.class).withIdentity(key).withDescription("DR drill " + e.getKey()).build();
                scheduler.scheduleJob(job, Set.of(desired), true);
                LOG.info("scheduled drill {}: \"{}\"", e.getKey(), e.getValue());
            }
            for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(DRILL_GROUP))) {
                if (!wanted.contains(key)) {
                    scheduler.deleteJob(key);
                    LOG.info("removed the schedule of drill {}", key.getName());
                }
            }
        } catch (SchedulerException | RuntimeException e) {
            throw new LifeboatException(ErrorCode.CATALOG, "cannot schedule the drills: " + e.getMessage(), e);
        }
    }

    /** The daemon's own periodic tasks (the RPO check), in their own group, kept like the sources' jobs. */
    private void reconcileTasks(List<DaemonTask> tasks) throws SchedulerException {
        Set<JobKey> wanted = new HashSet<>();
        for (DaemonTask task : tasks) {
            JobKey key = Schedules.taskKey(task.name());
            wanted.add(key);
            CronTrigger desired = TriggerBuilder.newTrigger().withIdentity(Schedules.taskTriggerKey(task.name())).forJob(key)
                    .withSchedule(CronScheduleBuilder.cronSchedule(task.cron()).inTimeZone(java.util.TimeZone.getTimeZone(task.zone()))
                            .withMisfireHandlingInstructionFireAndProceed())
                    .build();
            Trigger existing = scheduler.getTrigger(desired.getKey());
            if (existing instanceof CronTrigger ct && scheduler.checkExists(key)
                    && ct.getCronExpression().equals(desired.getCronExpression())
                    && ct.getTimeZone().getID().equals(desired.getTimeZone().getID())) {
                continue;
            }
            JobDetail job = JobBuilder.newJob(TaskJob.class).withIdentity(key).withDescription(task.description()).build();
            scheduler.scheduleJob(job, Set.of(desired), true);
            LOG.info("scheduled {}: \"{}\" ({})", task.name(), task.cron(), task.zone().getId());
        }
        for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(Schedules.TASK_GROUP))) {
            if (!wanted.contains(key)) {
                scheduler.deleteJob(key);
            }
        }
    }

    /** Runs a source now, as if its schedule had fired (a new run with its own retries). */
    void triggerNow(String source) {
        try {
            scheduler.triggerJob(Schedules.jobKey(source));
        } catch (SchedulerException e) {
            throw new LifeboatException(ErrorCode.CATALOG, "cannot start a run of " + source + ": " + e.getMessage(), e);
        }
    }

    private static CronTrigger trigger(SourceConfig source) {
        return TriggerBuilder.newTrigger().withIdentity(Schedules.triggerKey(source.name()))
                .forJob(Schedules.jobKey(source.name()))
                .withSchedule(CronScheduleBuilder.cronSchedule(source.schedule())
                        .inTimeZone(Schedules.timeZone(source))
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
    }

    void start() {
        try {
            scheduler.start();
        } catch (SchedulerException e) {
            throw new LifeboatException(ErrorCode.CATALOG, "cannot start the scheduler: " + e.getMessage(), e);
        }
    }

    /** Quartz's instance id: unique per node when clustered ({@code AUTO}), else {@code NON_CLUSTERED}. */
    String instanceId() {
        try {
            return scheduler.getSchedulerInstanceId();
        } catch (SchedulerException e) {
            return "unknown";
        }
    }

    boolean running() {
        try {
            return scheduler.isStarted() && !scheduler.isInStandbyMode() && !scheduler.isShutdown();
        } catch (SchedulerException e) {
            return false;
        }
    }

    List<MissedFires.Missed> missed() {
        return missed.seen();
    }

    /**
     * Stops new work at once, waits up to {@code grace} for running jobs, then interrupts them and
     * waits a little more for them to end.
     */
    void stop(Duration grace) throws InterruptedException {
        try {
            if (scheduler.isShutdown()) {
                return;
            }
            scheduler.standby();
            long deadline = System.nanoTime() + grace.toNanos();
            List<JobExecutionContext> running = scheduler.getCurrentlyExecutingJobs();
            if (!running.isEmpty()) {
                LOG.info("stopping: waiting up to {} for {} running job(s)", grace, running.size());
            }
            while (!running.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(POLL.toMillis());
                running = scheduler.getCurrentlyExecutingJobs();
            }
            for (JobExecutionContext job : running) {
                LOG.warn("stopping: interrupting {} after the shutdown grace of {}", job.getJobDetail().getKey().getName(), grace);
                scheduler.interrupt(job.getFireInstanceId());
            }
            long interrupted = System.nanoTime() + AFTER_INTERRUPT.toNanos();
            while (!scheduler.getCurrentlyExecutingJobs().isEmpty() && System.nanoTime() < interrupted) {
                Thread.sleep(POLL.toMillis());
            }
            // not shutdown(true): with the catalog gone, a finished job's worker retries its completion
            // forever until the job store is shut down, so waiting for the workers would never end
            scheduler.shutdown(false);
        } catch (SchedulerException e) {
            LOG.warn("stopping the scheduler: {}", e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            if (!scheduler.isShutdown()) {
                scheduler.shutdown(false);
            }
        } catch (SchedulerException e) {
            LOG.warn("closing the scheduler: {}", e.getMessage(), e);
        } finally {
            awaitThreads();
            DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, null);
        }
    }

    /** This scheduler's threads are named after its data source, so that close() can wait for them. */
    private static String threadPrefix(String dsName) {
        return "lifeboat-" + dsName.substring(dsName.length() - 8) + "-";
    }

    /**
     * shutdown(false) does not wait for Quartz's scheduler and worker threads (see stop() for why it
     * must not). Once the job store is shut down they end within a second, but one of them may still be
     * finishing a transaction: its catalog connection then closed the embedded H2 database, and wrote
     * its files, after the daemon had said it was stopped: most likely why JUnit once failed to delete
     * a test's directory. Waits for them, up to {@link #THREADS_GONE}; a thread stuck in a job
     * that ignores its interrupt is left behind with a warning.
     */
    private void awaitThreads() {
        String prefix = threadPrefix(dataSourceName);
        long deadline = System.nanoTime() + THREADS_GONE.toNanos();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!t.getName().startsWith(prefix) || t == Thread.currentThread()) {
                continue;
            }
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (t.isAlive()) {
                LOG.warn("stopping: scheduler thread {} is still running after {}", t.getName(), THREADS_GONE);
            }
        }
    }
}
