package io.lifeboat.cli;

import io.lifeboat.restore.logs.LogWindowRestore;
import io.lifeboat.restore.select.TimeArg;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "logs", description = "Restore the log files that may hold lines in a time window [--from, --to).")
final class RestoreLogsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--source", required = true, paramLabel = "SOURCE", description = "The logs source.")
    String source;

    @Option(names = "--from", required = true, paramLabel = "TIME",
            description = "Window start: ISO-8601 instant, date (start of day, system zone) or relative (3w, 36h).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Window end, exclusive (default: now).")
    String to;

    @Option(names = "--into", required = true, paramLabel = "DIR", description = "Where to restore: empty or absent unless --force.")
    Path into;

    @Option(names = "--include", paramLabel = "GLOB", description = "Only files matching (repeatable).")
    List<String> include = List.of();

    @Option(names = "--target", paramLabel = "TARGET", description = "Read this copy (default: the first healthy one, with fallback).")
    String target;

    @Option(names = "--force", description = "Write into a non-empty directory, overwriting files.")
    boolean force;

    @Override
    public Integer call() {
        try (Lifeboat lb = Context.open(spec)) {
            LogWindowRestore logs = new LogWindowRestore(lb.catalog(), RestoreRun.zone());
            return RestoreRun.run(spec, lb, "logs", source, into, target, force, copies -> {
                Instant now = lb.clock().instant();
                Instant start = TimeArg.parse(from, now, RestoreRun.zone());
                Instant end = to == null ? now : TimeArg.parse(to, now, RestoreRun.zone());
                return logs.plan(new LogWindowRestore.Request(source, start, end, include), copies);
            });
        }
    }
}
