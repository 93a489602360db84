package io.lifeboat.daemon;

import io.lifeboat.core.config.SourceConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code retention} group of Quartz jobs: one per source with a {@code retention.schedule}, in the source's
 * zone. A missed fire runs once; retention is idempotent, so a run repeated after a crash does no harm.
 */
final class RetentionSchedules {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionSchedules.class);

    private RetentionSchedules() {
    }

    static void reconcile(Scheduler scheduler, List<SourceConfig> sources) throws SchedulerException {
        Set<JobKey> wanted = new HashSet<>();
        for (SourceConfig source : sources) {
            if (source.retention() == null || source.retention().schedule() == null) {
                continue;
            }
            JobKey key = JobKey.jobKey(source.name(), RetentionJob.GROUP);
            wanted.add(key);
            CronTrigger desired = TriggerBuilder.newTrigger()
                    .withIdentity(TriggerKey.triggerKey(source.name(), RetentionJob.GROUP)).forJob(key)
                    .withSchedule(CronScheduleBuilder.cronSchedule(source.retention().schedule())
                            .inTimeZone(Schedules.timeZone(source)).withMisfireHandlingInstructionFireAndProceed())
                    .build();
            Trigger existing = scheduler.getTrigger(desired.getKey());
            if (existing instanceof CronTrigger ct && scheduler.getJobDetail(key) != null
                    && ct.getCronExpression().equals(desired.getCronExpression())
                    && ct.getTimeZone().getID().equals(desired.getTimeZone().getID())) {
                continue;
            }
            scheduler.scheduleJob(JobBuilder.newJob(RetentionJob.class).withIdentity(key)
                    .withDescription("apply the retention of " + source.name()).build(), Set.of(desired), true);
            LOG.info("scheduled the retention of {}: \"{}\" ({})", source.name(), source.retention().schedule(),
                    desired.getTimeZone().getID());
        }
        for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(RetentionJob.GROUP))) {
            if (!wanted.contains(key)) {
                scheduler.deleteJob(key);
                LOG.info("removed the retention schedule of {}: no longer in the config", key.getName());
            }
        }
    }
}
