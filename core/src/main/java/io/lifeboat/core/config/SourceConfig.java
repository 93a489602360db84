package io.lifeboat.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One thing to back up.
 *
 * @param path      the directory for {@code directory}, {@code artifacts} and {@code logs}
 * @param include   glob patterns relative to {@code path}; empty means everything
 * @param exclude   glob patterns relative to {@code path}
 * @param schedule  Quartz cron expression
 * @param timezone  zone of the schedule, e.g. {@code Europe/Berlin}; null means the system zone
 * @param targets   target names; the first is written, the others receive copies
 * @param rpo       the recovery point objective: the newest verified backup must be younger
 * @param fullEvery for incremental kinds ({@code logs}): a full backup every N runs
 * @param verify    verification settings
 */
public record SourceConfig(
        String name,
        SourceType type,
        Path path,
        List<String> include,
        List<String> exclude,
        String schedule,
        String timezone,
        List<String> targets,
        Duration rpo,
        int fullEvery,
        VerifyConfig verify) {

    public SourceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        targets = List.copyOf(targets);
        Objects.requireNonNull(verify, "verify");
    }

    /** Whether backups of this source are incremental between fulls. */
    public boolean incremental() {
        return type == SourceType.LOGS && fullEvery > 1;
    }
}
