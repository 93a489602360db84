package io.lifeboat.daemon;

import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Supplier;
import org.quartz.CronExpression;
import org.quartz.CronTrigger;
import org.quartz.Trigger;
import org.quartz.listeners.TriggerListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs which fire times were missed (daemon down, all threads busy) before Quartz applies the
 * fire-once-now misfire instruction: Quartz calls this with the trigger's first missed fire time.
 */
public final class MissedFires extends TriggerListenerSupport {
    static final int LISTED = 10;
    private static final Logger LOG = LoggerFactory.getLogger(MissedFires.class);

    /** One notice per misfire; kept for tests and {@code /health}. */
    public record Missed(String source, List<Instant> fireTimes, int total) {
    }

    private final Supplier<Instant> now;
    private final List<Missed> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

    MissedFires(Supplier<Instant> now) {
        this.now = now;
    }

    @Override
    public String getName() {
        return "lifeboat-missed-fires";
    }

    @Override
    public void triggerMisfired(Trigger trigger) {
        Date first = trigger.getNextFireTime();
        if (first == null) {
            return;
        }
        List<Instant> times = new ArrayList<>();
        int total = count(trigger, first, now.get(), times);
        String source = trigger.getJobKey().getName();
        Missed missed = new Missed(source, times, total);
        seen.add(missed);
        LOG.warn("source {}: missed {} scheduled run(s) at {}{}; running it once now", source, total, times,
                total > times.size() ? " and " + (total - times.size()) + " more" : "");
    }

    /** Counts the fire times from {@code first} up to {@code until}, listing the first {@link #LISTED}. */
    private static int count(Trigger trigger, Date first, Instant until, List<Instant> listed) {
        if (!(trigger instanceof CronTrigger cron)) {
            listed.add(first.toInstant());
            return 1;
        }
        CronExpression expression;
        try {
            expression = new CronExpression(cron.getCronExpression());
        } catch (ParseException e) {
            listed.add(first.toInstant());
            return 1;
        }
        expression.setTimeZone(cron.getTimeZone());
        int total = 0;
        for (Date t = first; t != null && !t.toInstant().isAfter(until) && total < 100_000;
             t = expression.getNextValidTimeAfter(t)) {
            if (listed.size() < LISTED) {
                listed.add(t.toInstant());
            }
            total++;
        }
        return Math.max(total, 1);
    }

    List<Missed> seen() {
        return List.copyOf(seen);
    }
}
