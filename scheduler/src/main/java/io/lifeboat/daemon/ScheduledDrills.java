package io.lifeboat.daemon;

import io.lifeboat.cli.DrillExecution;
import io.lifeboat.cli.Lifeboat;
import io.lifeboat.restore.drill.DrillReport;
import io.lifeboat.restore.drill.DrillRunner;
import io.lifeboat.restore.drill.Durations;
import io.lifeboat.restore.drill.RunbookException;
import io.lifeboat.restore.drill.RunbookParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's DR drills: the runbooks of a folder whose front matter has a {@code schedule}, checked
 * once at start-up (an invalid runbook is not scheduled, with every problem logged), each run like
 * {@code lifeboat drill run}, its progress in the log.
 */
final class ScheduledDrills implements DrillJob.Tasks {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledDrills.class);
    private static final Duration INTERRUPT_GRACE = Duration.ofMinutes(2);

    private final Lifeboat lb;
    private final Path runbooks;
    private final Path reports;
    private final io.lifeboat.restore.drill.DrillNotifier notifier;
    private final Map<String, DrillRunner> running = new ConcurrentHashMap<>();

    /** {@code notifier}: the daemon's, so drill reports share its mail queue and retries. */
    ScheduledDrills(Lifeboat lb, Path runbooks, Path reports, io.lifeboat.restore.drill.DrillNotifier notifier) {
        this.lb = lb;
        this.runbooks = runbooks;
        this.reports = reports;
        this.notifier = notifier;
    }

    /** Runbook file → Quartz cron, for the valid runbooks with a schedule. */
    Map<String, String> find() {
        Map<String, String> found = new TreeMap<>();
        if (runbooks == null || !Files.isDirectory(runbooks)) {
            return found;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(runbooks)) {
            files = s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        } catch (IOException e) {
            LOG.warn("cannot list the runbooks in {}: {}", runbooks, e.toString());
            return found;
        }
        for (Path file : files) {
            RunbookParser.schedule(file).ifPresent(cron -> {
                if (!CronExpression.isValidExpression(cron)) {
                    LOG.warn("drill {} is not scheduled: schedule \"{}\" is not a Quartz cron expression", file, cron);
                    return;
                }
                try {
                    execution(new PrintWriter(Writer.nullWriter())).validate(file);
                    found.put(file.toAbsolutePath().normalize().toString(), cron);
                } catch (RunbookException e) {
                    LOG.warn("drill {} is not scheduled: {}", file, e.getMessage());
                }
            });
        }
        return found;
    }

    @Override
    public void run(String runbook, Thread worker) {
        try (PrintWriter log = new PrintWriter(new LogWriter(), true)) {
            DrillReport r = execution(log).run(Path.of(runbook), runner -> running.put(runbook, runner));
            String line = "drill " + r.id() + " " + r.status().column() + ": RTO " + Durations.format(r.rto()) + ", RPO "
                    + Durations.format(r.rpo()) + (r.missed().isEmpty() ? "" : "; " + String.join("; ", r.missed()));
            if (r.exitCode() == 0) {
                LOG.info(line);
            } else {
                LOG.error(line);
            }
        } finally {
            running.remove(runbook);
        }
    }

    @Override
    public void interrupt(String runbook) {
        DrillRunner r = running.get(runbook);
        if (r != null) {
            r.interrupt(INTERRUPT_GRACE);
        }
    }

    private DrillExecution execution(PrintWriter out) {
        return new DrillExecution(lb, lb.config().file(), reports, out, notifier);
    }

    /** Each printed line becomes one INFO line of the log. */
    private static final class LogWriter extends Writer {
        private final StringBuilder line = new StringBuilder();

        @Override
        public synchronized void write(char[] cbuf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (cbuf[i] == '\n') {
                    flushLine();
                } else {
                    line.append(cbuf[i]);
                }
            }
        }

        private void flushLine() {
            if (!line.isEmpty()) {
                LOG.info("{}", line);
                line.setLength(0);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public synchronized void close() {
            flushLine();
        }
    }
}
