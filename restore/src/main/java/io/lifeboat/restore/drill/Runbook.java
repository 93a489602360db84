package io.lifeboat.restore.drill;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A parsed, expanded runbook: front matter, then the steps and cleanup steps in document order.
 *
 * @param schedule Quartz cron for the daemon, or null (run by command only)
 */
public record Runbook(Path file, String name, Objectives objectives, String schedule, List<String> notifyTo,
                      List<Step> steps, List<Step> cleanup, String text) {
    public Runbook {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(objectives, "objectives");
        notifyTo = List.copyOf(notifyTo);
        steps = List.copyOf(steps);
        cleanup = List.copyOf(cleanup);
    }
}
