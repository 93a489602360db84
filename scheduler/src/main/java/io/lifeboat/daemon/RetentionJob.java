package io.lifeboat.daemon;

import java.util.function.Consumer;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The Quartz adapter of a source's scheduled retention ({@code retention.schedule}): runs our task for the
 * source the job's key names. Never lets an exception escape: a failure is logged once.
 */
@DisallowConcurrentExecution
final class RetentionJob implements Job {
    static final String GROUP = "retention";
    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    private final Consumer<String> task;

    RetentionJob(Consumer<String> task) {
        this.task = task;
    }

    @Override
    public void execute(JobExecutionContext context) {
        String source = context.getJobDetail().getKey().getName();
        MDC.put("source", source);
        try {
            task.accept(source);
        } catch (RuntimeException e) {
            LOG.error("scheduled retention of {} failed", source, e);
        } finally {
            MDC.remove("source");
        }
    }
}
