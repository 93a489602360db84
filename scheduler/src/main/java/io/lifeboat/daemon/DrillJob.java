package io.lifeboat.daemon;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The Quartz adapter of scheduled DR drills: the job's key names the runbook file. A drill never
 * overlaps itself ({@link DisallowConcurrentExecution}); no exception escapes; an interrupt (the
 * daemon's shutdown after its grace) stops the drill, which still runs its cleanup.
 */
@DisallowConcurrentExecution
public final class DrillJob implements InterruptableJob {
    private static final Logger LOG = LoggerFactory.getLogger(DrillJob.class);

    /** Our side: runs the drill of a runbook file to its report. */
    interface Tasks {
        void run(String runbook, Thread worker);

        /** Stops the running drill of the runbook (it runs its cleanup). */
        void interrupt(String runbook);
    }

    private final Tasks tasks;
    private volatile String runbook;

    DrillJob(Tasks tasks) {
        this.tasks = tasks;
    }

    @Override
    public void execute(JobExecutionContext context) {
        runbook = context.getJobDetail().getKey().getName();
        MDC.put("runbook", runbook);
        try {
            LOG.info("scheduled drill {} (fire time {})", runbook, context.getScheduledFireTime().toInstant());
            tasks.run(runbook, Thread.currentThread());
        } catch (RuntimeException e) {
            LOG.error("scheduled drill {} could not run", runbook, e);
        } finally {
            MDC.remove("runbook");
        }
    }

    @Override
    public void interrupt() {
        String r = runbook;
        if (r != null) {
            tasks.interrupt(r);
        }
    }
}
