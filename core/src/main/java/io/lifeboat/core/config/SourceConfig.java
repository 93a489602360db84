package io.lifeboat.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One thing to back up: files ({@code directory}, {@code artifacts}, {@code logs}) under a
 * {@code path}, or a database ({@code postgres}, {@code mysql}, {@code h2}) through a {@code connection}.
 *
 * @param path       the directory for {@code directory}, {@code artifacts} and {@code logs}; null for databases
 * @param include    glob patterns relative to {@code path}; empty means everything (always empty for databases)
 * @param exclude    glob patterns relative to {@code path}
 * @param schedule   Quartz cron expression
 * @param timezone   zone of the schedule, e.g. {@code Europe/Berlin}; null means the system zone
 * @param targets    target names; the first is written, the others receive copies
 * @param rpo        the recovery point objective: the newest verified backup must be younger
 * @param fullEvery  for incremental kinds ({@code logs}): a full backup every N runs
 * @param verify     verification settings
 * @param connection how to reach a database source; null for the file kinds
 * @param globals    postgres: also dump roles and tablespaces ({@code pg_dumpall --globals-only})
 * @param retry      how the daemon retries a failed scheduled backup
 * @param retention  which backups {@code retention apply} keeps; null keeps every backup
 * @param compression the zstd level of its archives, and whether it adapts to the data
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
        VerifyConfig verify,
        ConnectionConfig connection,
        boolean globals,
        RetryConfig retry,
        RetentionConfig retention,
        CompressionConfig compression) {

    public SourceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        targets = List.copyOf(targets);
        Objects.requireNonNull(verify, "verify");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(compression, "compression");
        if (type.isDatabase() != (connection != null)) {
            throw new IllegalArgumentException(type.isDatabase() ? "a " + type.configName() + " source needs a connection"
                    : "a " + type.configName() + " source has no connection");
        }
        if (globals && type != SourceType.POSTGRES) {
            throw new IllegalArgumentException("globals is for postgres sources only");
        }
    }

    /** A source with the default compression. */
    public SourceConfig(String name, SourceType type, Path path, List<String> include, List<String> exclude,
            String schedule, String timezone, List<String> targets, Duration rpo, int fullEvery, VerifyConfig verify,
            ConnectionConfig connection, boolean globals, RetryConfig retry, RetentionConfig retention) {
        this(name, type, path, include, exclude, schedule, timezone, targets, rpo, fullEvery, verify, connection, globals,
                retry, retention, CompressionConfig.DEFAULT);
    }

    /** A source with the default retries and no retention policy (every backup is kept). */
    public SourceConfig(String name, SourceType type, Path path, List<String> include, List<String> exclude,
            String schedule, String timezone, List<String> targets, Duration rpo, int fullEvery, VerifyConfig verify,
            ConnectionConfig connection, boolean globals) {
        this(name, type, path, include, exclude, schedule, timezone, targets, rpo, fullEvery, verify, connection, globals,
                RetryConfig.DEFAULT, null);
    }

    /** A file source (no connection, no globals). */
    public SourceConfig(String name, SourceType type, Path path, List<String> include, List<String> exclude,
            String schedule, String timezone, List<String> targets, Duration rpo, int fullEvery, VerifyConfig verify) {
        this(name, type, path, include, exclude, schedule, timezone, targets, rpo, fullEvery, verify, null, false);
    }

    /** The same source with another retention policy (null keeps every backup). */
    public SourceConfig withRetention(RetentionConfig newRetention) {
        return new SourceConfig(name, type, path, include, exclude, schedule, timezone, targets, rpo, fullEvery, verify,
                connection, globals, retry, newRetention, compression);
    }

    /** Whether backups of this source are incremental between fulls. */
    public boolean incremental() {
        return type == SourceType.LOGS && fullEvery > 1;
    }
}
