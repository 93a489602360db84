package io.lifeboat.backup.database;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** The engine for a source type: {@code postgres}, {@code mysql} (also {@code mariadb}) or {@code h2}. */
public final class DatabaseEngines {
    /** How long one tool run (a dump, a restore) may take before it is killed. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(24);

    private DatabaseEngines() {
    }

    public static DatabaseEngine forKind(String kind) {
        return forKind(kind, DEFAULT_TIMEOUT, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * @param timeout  per tool run; the tool and its children are killed after it
     * @param tempDir  for private files: MySQL password option files, the spooled dump of a parallel
     *                 PostgreSQL restore (as large as the dump)
     */
    public static DatabaseEngine forKind(String kind, Duration timeout, Path tempDir) {
        ToolRunner runner = new ToolRunner(timeout);
        ToolLocator tools = ToolLocator.fromEnvironment();
        return switch (kind.toLowerCase(Locale.ROOT)) {
            case "postgres", "postgresql" -> new PostgresEngine(tools, runner, tempDir);
            case "mysql", "mariadb" -> new MysqlEngine(tools, runner, tempDir);
            case "h2" -> new H2Engine();
            default -> throw new IllegalArgumentException("no database engine for kind \"" + kind
                    + "\"; known: postgres, mysql, h2");
        };
    }
}
