package io.lifeboat.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;

/**
 * Lifeboat's logging, set up in code rather than from a logback.xml: command output goes to stdout,
 * logs to stderr at WARN ({@code LIFEBOAT_LOG_LEVEL=INFO|DEBUG} for more; the daemon raises Lifeboat's
 * own loggers to INFO). Parsing the XML took about 70 ms of every command's start. An operator's own
 * file still wins: with {@code -Dlogback.configurationFile=...} this steps aside.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%X{source:-}%X{backupId:+ }%X{backupId:-}] %logger{0} - %msg%n";

    /**
     * Loggers that repeat, at WARN, an error Lifeboat reports itself: the MariaDB driver logs every error
     * packet ("Access denied for user ..."), which the failed backup then names in its own line. They
     * stay at the root level when it is INFO or lower.
     */
    static final java.util.List<String> ECHOES = java.util.List.of("org.mariadb.jdbc.message.server.ErrorPacket");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        return configure(context, System.getenv("LIFEBOAT_LOG_LEVEL"));
    }

    ExecutionStatus configure(LoggerContext context, String configured) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        context.getLogger("software.amazon.awssdk").setLevel(Level.WARN);
        context.getLogger("org.flywaydb").setLevel(Level.ERROR);
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        String problem = levelProblem(configured);
        if (problem != null) {
            System.err.println("lifeboat: " + problem);
        }
        Level level = rootLevel(configured);
        root.setLevel(level);
        if (level.isGreaterOrEqual(Level.WARN)) {
            ECHOES.forEach(name -> context.getLogger(name).setLevel(Level.ERROR));
        }
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static final java.util.List<String> LEVELS = java.util.List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    /** LIFEBOAT_LOG_LEVEL (TRACE, DEBUG, INFO, WARN, ERROR, OFF; any case), else WARN. */
    public static Level rootLevel(String configured) {
        return levelProblem(configured) != null || configured == null || configured.isBlank() ? Level.WARN
                : Level.toLevel(configured.strip().toUpperCase(Locale.ROOT));
    }

    /** What is wrong with a LIFEBOAT_LOG_LEVEL, in one line with the fix; null when it is unset or a level. */
    public static String levelProblem(String configured) {
        if (configured == null || configured.isBlank() || LEVELS.contains(configured.strip().toUpperCase(Locale.ROOT))) {
            return null;
        }
        return "LIFEBOAT_LOG_LEVEL=" + configured + " is not a log level; use one of " + String.join(", ", LEVELS)
                + " (logging at WARN meanwhile)";
    }
}
