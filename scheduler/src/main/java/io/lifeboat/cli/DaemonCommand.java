package io.lifeboat.cli;

import ch.qos.logback.classic.Level;
import io.lifeboat.daemon.Daemon;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "daemon", description = "Run the scheduler in the foreground, with HTTP /health and /metrics;"
        + " SIGTERM stops it gracefully.")
final class DaemonCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = "--runbooks", paramLabel = "DIR", description = "Runbooks whose front matter has a"
            + " schedule are drilled on it (default dr-runbooks).")
    java.nio.file.Path runbooks = java.nio.file.Path.of("dr-runbooks");

    @picocli.CommandLine.Option(names = "--reports", paramLabel = "DIR", description = "Where drill folders go (default var/drills).")
    java.nio.file.Path reports = java.nio.file.Path.of("var", "drills");

    @Override
    public Integer call() throws InterruptedException {
        if (System.getenv("LIFEBOAT_LOG_LEVEL") == null) {
            // a daemon's log is its record: INFO for our own loggers unless told otherwise
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.lifeboat")).setLevel(Level.INFO);
        }
        Daemon daemon = Daemon.start(Context.load(spec), Clock.systemUTC(), runbooks, reports);
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::stop, "lifeboat-shutdown"));
        daemon.awaitStop();
        return 0;
    }
}
