package io.lifeboat.daemon;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import java.time.Instant;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one Quartz adapter: looks up our task by the job's key (the source name) and runs it. Never lets
 * an exception escape: a failure is logged once and recorded. One run per source at a time.
 */
@DisallowConcurrentExecution
public final class SourceJob implements InterruptableJob {
    private static final Logger LOG = LoggerFactory.getLogger(SourceJob.class);

    /** Our side: runs the named source's task; records its outcome (or a failure) itself. */
    interface Tasks {
        /** Runs the task of {@code source} for the scheduled fire time {@code fire}; false when there is no such source. */
        boolean run(String source, ScheduledFire fire);

        /** Records a failure that escaped the task. */
        void failed(String source, RuntimeException e);
    }

    private final Tasks tasks;
    private volatile Thread worker;

    SourceJob(Tasks tasks) {
        this.tasks = tasks;
    }

    @Override
    public void execute(JobExecutionContext context) {
        String source = context.getJobDetail().getKey().getName();
        worker = Thread.currentThread();
        MDC.put("source", source);
        try {
            ScheduledFire fire = fire(context);
            LOG.info("scheduled run of {} (fire time {}{})", source, fire.time(),
                    fire.recovering() ? ", recovered from a node that died while running it" : "");
            if (!tasks.run(source, fire)) {
                LOG.error("scheduled job for unknown source \"{}\" (the config no longer has it; restart the daemon"
                        + " to remove its schedule)", source);
            }
        } catch (RuntimeException e) {
            LOG.error("scheduled run of {} failed", source, e);
            tasks.failed(source, e);
        } finally {
            MDC.remove("source");
            worker = null;
        }
    }

    /** The fire time this run serves: for a recovered job, the original trigger's, not the recovery's. */
    static ScheduledFire fire(JobExecutionContext context) {
        if (context.isRecovering()) {
            String original = context.getMergedJobDataMap()
                    .getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS);
            if (original != null) {
                return new ScheduledFire(Instant.ofEpochMilli(Long.parseLong(original)), true);
            }
        }
        return new ScheduledFire(context.getScheduledFireTime().toInstant(), context.isRecovering());
    }

    @Override
    public void interrupt() {
        Thread t = worker;
        if (t != null) {
            t.interrupt();
        }
    }
}
