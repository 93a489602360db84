package io.lifeboat.core.config;

import java.nio.file.Path;
import java.util.List;

/** Every default of the configuration, in one place. */
public final class Defaults {
    /** Where the config is looked for when neither {@code --config} nor the environment names it. */
    public static final Path CONFIG_FILE = Path.of("config", "lifeboat.yaml");
    /** The environment variable that names the config file. */
    public static final String CONFIG_ENV = "LIFEBOAT_CONFIG";

    /** The embedded catalog: an H2 file beside the working directory. */
    public static final String CATALOG_URL = "jdbc:h2:file:./var/catalog";

    /** Glob patterns of a source: everything, nothing excluded. */
    public static final List<String> INCLUDE = List.of();
    public static final List<String> EXCLUDE = List.of();

    /** Verification after every backup: level 2 (read back and walk the archive). */
    public static final boolean VERIFY_ENABLED = true;
    public static final int VERIFY_LEVEL = 2;
    public static final VerifyConfig VERIFY = VerifyConfig.DEFAULT;

    /**
     * Archives: zstd level 3, as {@code zstd}'s own default, and adaptive: level 1 for the frames of a
     * stream where sampled frames show it stores no more bytes (the pgbench dump of the benchmark:
     * 225 MB at level 1 against 247 MB at level 3, in 0.45x the CPU).
     */
    public static final int COMPRESSION_LEVEL = 3;
    public static final boolean COMPRESSION_ADAPTIVE = true;

    /**
     * Database sources: the servers' usual ports, no globals. A PostgreSQL restore loads its data over
     * 2 connections at once by default, as {@code pg_restore -j2} would (the 790 MB pgbench database,
     * streamed: 8.0 s with 2, 9.7 s with 1, pg_restore -j2 of a {@code -Fc} file 8.5 s; medians of 5).
     */
    public static final int POSTGRES_PORT = 5432;
    public static final int MYSQL_PORT = 3306;
    public static final boolean GLOBALS = false;
    public static final int RESTORE_JOBS = 2;

    /** Retention: nothing younger than a day is expired, whatever the counts say. */
    public static final java.time.Duration RETENTION_MIN_AGE = java.time.Duration.ofHours(24);

    /** S3: 16 MiB parts (about two are held in memory per upload), standard class, no prefix. */
    public static final int PART_SIZE = 16 * 1024 * 1024;
    public static final String STORAGE_CLASS = "STANDARD";
    public static final String PREFIX = "";
    public static final boolean PATH_STYLE = false;

    /** Archived objects (glacier targets, S3 GLACIER/DEEP_ARCHIVE) are retrieved with the standard tier. */
    public static final RetrievalTier RETRIEVAL_TIER = RetrievalTier.STANDARD;

    /** The daemon: /health and /metrics on loopback, 2 sources at once, 5 minutes' grace on stop, a fire late by a minute is missed. */
    public static final String DAEMON_HTTP_HOST = "127.0.0.1";
    public static final int DAEMON_HTTP_PORT = 9464;
    public static final int DAEMON_MAX_CONCURRENT_JOBS = 2;
    public static final java.time.Duration DAEMON_SHUTDOWN_GRACE = java.time.Duration.ofMinutes(5);
    public static final java.time.Duration DAEMON_MISFIRE_THRESHOLD = java.time.Duration.ofMinutes(1);
    /** Quartz's own default is 7.5 s; a dead node is noticed after this plus 7.5 s. */
    public static final java.time.Duration DAEMON_CLUSTER_CHECKIN = java.time.Duration.ofSeconds(5);
    /** A source's lease without renewal; renewed every third of it, so a dead writer holds it at most this long. */
    public static final java.time.Duration SOURCE_LEASE = java.time.Duration.ofSeconds(30);

    /** A failed scheduled backup is tried 3 times in all, 5 minutes then 10 minutes apart. */
    public static final int RETRY_ATTEMPTS = 3;
    public static final java.time.Duration RETRY_INITIAL_DELAY = java.time.Duration.ofMinutes(5);

    /** Alerts: SMTP with STARTTLS (port 587); the daemon checks every source's RPO every minute (UTC). */
    public static final AlertsConfig.Security SMTP_SECURITY = AlertsConfig.Security.STARTTLS;
    public static final String RPO_CHECK = "0 * * * * ?";

    private Defaults() {
    }

    /** Logs are incremental with a full backup every 7 runs; everything else is always full. */
    public static int fullEvery(SourceType type) {
        return type == SourceType.LOGS ? 7 : 1;
    }

    /** The port of a database server when the connection leaves it out. */
    public static int port(SourceType type) {
        return switch (type) {
            case POSTGRES -> POSTGRES_PORT;
            case MYSQL -> MYSQL_PORT;
            default -> throw new IllegalArgumentException(type.configName() + " sources have no port");
        };
    }

    /**
     * A level-3 scratch server: what {@code scratch} leaves out (any argument may be null) is the
     * connection's. A scratch that names its own user names its own {@code passwordEnv}: the
     * connection's password is not offered to another user (none means no password, e.g. .pgpass).
     */
    public static ScratchConfig scratch(ConnectionConfig connection, String host, Integer port, String user,
            String passwordEnv) {
        boolean sameUser = user == null || user.equals(connection.user());
        return new ScratchConfig(host == null ? connection.host() : host,
                port == null ? connection.port() : port,
                user == null ? connection.user() : user,
                passwordEnv != null || !sameUser ? passwordEnv : connection.passwordEnv());
    }
}
