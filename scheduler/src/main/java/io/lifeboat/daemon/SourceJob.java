package io.lifeboat.daemon;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobExecutionContext;
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
        /** Runs the task of {@code source}; false when there is no such source. */
        boolean run(String source);

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
            LOG.info("scheduled run of {} (fire time {})", source, context.getScheduledFireTime().toInstant());
            if (!tasks.run(source)) {
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

    @Override
    public void interrupt() {
        Thread t = worker;
        if (t != null) {
            t.interrupt();
        }
    }
}
