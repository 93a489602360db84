package io.lifeboat.daemon;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one Quartz adapter of source runs: looks up our task by the job's key (the source name) and runs
 * one attempt. When the task asks for a retry, schedules it as a one-shot trigger of the same job (so it
 * survives a restart and never overlaps another run of the source). Never lets an exception escape: a
 * failure is logged once and recorded. One run per source at a time.
 */
@DisallowConcurrentExecution
public final class SourceJob implements InterruptableJob {
    static final String ATTEMPT = "attempt";
    static final String RUN_ID = "runId";
    static final String SCHEDULED_FOR = "scheduledFor";
    private static final Logger LOG = LoggerFactory.getLogger(SourceJob.class);

    /**
     * One attempt of a scheduled run.
     *
     * @param runId        shared by the attempts of one fire
     * @param number       1 for the scheduled fire, 2.. for retries
     * @param scheduledFor the fire time the run belongs to (for a job recovered from a dead node, the original one)
     * @param recovering   Quartz recovered the job from a node that died while running it
     */
    record Attempt(String source, String runId, int number, Instant scheduledFor, boolean recovering) {
        /** The fire this attempt serves, as the lease and the scheduled-runs table know it. */
        ScheduledFire fire() {
            return new ScheduledFire(scheduledFor, recovering);
        }
    }

    /** Our side: runs one attempt of a source and records its outcome (or a failure) itself. */
    interface Tasks {
        /** Runs the attempt; returns when the next attempt is due after a failure that is retried, else empty. */
        Optional<Instant> run(Attempt attempt);

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
            Attempt attempt = attempt(source, context);
            if (attempt.number() == 1) {
                cancelRetries(context.getScheduler(), context.getJobDetail().getKey());
            }
            LOG.info("scheduled run of {} (fire time {}{}{})", source, context.getScheduledFireTime().toInstant(),
                    attempt.number() > 1 ? ", retry " + (attempt.number() - 1) + " of the run for " + attempt.scheduledFor() : "",
                    attempt.recovering() ? ", recovered from a node that died while running it" : "");
            tasks.run(attempt).ifPresent(at -> scheduleRetry(context.getScheduler(), context.getJobDetail().getKey(),
                    new Attempt(source, attempt.runId(), attempt.number() + 1, attempt.scheduledFor(), false), at));
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

    private static Attempt attempt(String source, JobExecutionContext context) {
        JobDataMap data = context.getTrigger().getJobDataMap();
        if (!data.containsKey(ATTEMPT)) {
            ScheduledFire fire = fire(context);
            return new Attempt(source, UUID.randomUUID().toString(), 1, fire.time(), fire.recovering());
        }
        return new Attempt(source, data.getString(RUN_ID), Integer.parseInt(data.getString(ATTEMPT)),
                Instant.parse(data.getString(SCHEDULED_FOR)), context.isRecovering());
    }

    /** A new scheduled run supersedes the retries of an earlier one (they would back up the same data again). */
    private static void cancelRetries(Scheduler scheduler, JobKey job) {
        try {
            for (Trigger t : scheduler.getTriggersOfJob(job)) {
                if (Schedules.RETRY_GROUP.equals(t.getKey().getGroup()) && scheduler.unscheduleJob(t.getKey())) {
                    LOG.info("{}: a new scheduled run replaces the pending retry {}", job.getName(), t.getKey().getName());
                }
            }
        } catch (SchedulerException e) {
            LOG.warn("{}: could not look for pending retries: {}", job.getName(), e.getMessage());
        }
    }

    private static void scheduleRetry(Scheduler scheduler, JobKey job, Attempt next, Instant at) {
        TriggerKey key = Schedules.retryKey(job.getName(), next.number());
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(key).forJob(job).startAt(Date.from(at))
                .usingJobData(ATTEMPT, Integer.toString(next.number()))
                .usingJobData(RUN_ID, next.runId())
                .usingJobData(SCHEDULED_FOR, next.scheduledFor().toString())
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        try {
            scheduler.unscheduleJob(key);
            scheduler.scheduleJob(trigger);
        } catch (SchedulerException e) {
            LOG.error("{}: could not schedule attempt {} at {}: {} (the next scheduled run will try again)", job.getName(),
                    next.number(), at, e.getMessage(), e);
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
