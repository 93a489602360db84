package io.lifeboat.daemon;

import java.time.ZoneId;
import java.util.Objects;

/** One of the daemon's own periodic tasks (the RPO check): a name, a Quartz cron in a zone, and what to run. */
record DaemonTask(String name, String cron, ZoneId zone, String description, Runnable task) {
    static final String RPO_CHECK = "rpo-check";

    DaemonTask {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(task, "task");
    }
}
