package io.lifeboat.cli;

import io.lifeboat.core.archive.RestoreReport;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.restore.files.FileRestore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "restore", description = "Operator restores.", subcommands = RestoreCommand.Files.class)
final class RestoreCommand {
    @Command(name = "files", description = "Restore files of a backup into a directory (empty or absent unless --force).")
    static final class Files implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--backup", required = true, paramLabel = "ID")
        String backup;

        @Option(names = "--into", required = true, paramLabel = "DIR")
        Path into;

        @Option(names = "--include", paramLabel = "GLOB", description = "Only entries matching (repeatable).")
        List<String> include = List.of();

        @Option(names = "--target", paramLabel = "TARGET", description = "Read this copy (default: the first healthy one).")
        String target;

        @Option(names = "--force", description = "Write into a non-empty directory, overwriting files.")
        boolean force;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Lifeboat lb = Context.open(spec)) {
                BackupRecord record = BackupLookup.byId(lb.catalog(), backup);
                Instant start = lb.clock().instant();
                FileRestore.Result result = lb.fileRestore().restore(
                        new FileRestore.Request(record, into.toAbsolutePath().normalize(), include, target, force));
                RestoreReport r = result.report();
                out.printf("restored %d files, %s from backup %s (%s) via %s into %s in %s; fetched %s of %s stored%n",
                        r.files(), Units.bytes(r.bytes()), record.id(), record.source(), result.target(), into,
                        Units.duration(Duration.between(start, lb.clock().instant())),
                        Units.bytes(r.bytesFetched()), Units.bytes(result.storedBytes()));
                r.refused().forEach(p -> out.println("  refused " + p.path() + ": " + p.reason()));
                r.failed().forEach(p -> out.println("  FAILED " + p.path() + ": " + p.reason()));
                if (!r.complete()) {
                    spec.commandLine().getErr().println("lifeboat: restore was partial: " + r.refused().size()
                            + " entries refused, " + r.failed().size() + " failed");
                    return 1;
                }
                return 0;
            }
        }
    }
}
