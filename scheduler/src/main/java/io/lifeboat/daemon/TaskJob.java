package io.lifeboat.daemon;

import java.util.Map;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz adapter of the daemon's own periodic tasks (the RPO check): looks up the task by the job's
 * name and runs it; never lets an exception escape.
 */
@DisallowConcurrentExecution
public final class TaskJob implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(TaskJob.class);

    private final Map<String, Runnable> tasks;

    TaskJob(Map<String, Runnable> tasks) {
        this.tasks = tasks;
    }

    @Override
    public void execute(JobExecutionContext context) {
        String name = context.getJobDetail().getKey().getName();
        Runnable task = tasks.get(name);
        if (task == null) {
            LOG.warn("no daemon task named {}", name);
            return;
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("daemon task {} failed: {}", name, e.getMessage(), e);
        }
    }
}
