package io.lifeboat.cli;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.config.RetrievalTier;
import io.lifeboat.restore.archive.ArchivedReads;
import io.lifeboat.core.catalog.BackupRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "restore", description = "Operator restores.",
        subcommands = {RestoreCommand.Files.class, RestoreDatabaseCommand.class, RestoreLogsCommand.class,
                RestoreArtifactCommand.class, RestoreStatusCommand.class})
final class RestoreCommand {
    @Command(name = "files", description = "Restore files of a backup, or of a source as of a time, into a directory"
            + " (empty or absent unless --force).")
    static final class Files implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--backup", paramLabel = "ID", description = "This backup's own entries (an incremental holds only what changed).")
        String backup;

        @Option(names = "--source", paramLabel = "SOURCE", description = "Instead of --backup: the source's files as of --at.")
        String source;

        @Option(names = "--at", paramLabel = "TIME", description = "With --source: the newest backup at or before TIME"
                + " (ISO-8601, date, or 3w/36h ago; default: now), with its incremental chain.")
        String at;

        @Option(names = "--into", required = true, paramLabel = "DIR", description = "Where to restore: empty or absent unless --force.")
        Path into;

        @Option(names = "--include", paramLabel = "GLOB", description = "Only entries matching (repeatable).")
        List<String> include = List.of();

        @Option(names = "--target", paramLabel = "TARGET", description = "Read this copy (default: the first healthy one, with fallback).")
        String target;

        @Option(names = "--force", description = "Write into a non-empty directory, overwriting files.")
        boolean force;

        @Option(names = "--wait", description = "When the only copy is archived (glacier, S3 GLACIER/DEEP_ARCHIVE): wait"
                + " for the retrieval and complete the restore, instead of starting it and exiting 75.")
        boolean waitForRetrieval;

        @Option(names = "--tier", paramLabel = "TIER", description = "Retrieval tier for archived copies: expedited,"
                + " standard or bulk (default: the target's).")
        String tier;

        @Override
        public Integer call() {
            RetrievalTier chosen = tier == null ? null : RetrievalTier.parse(tier).orElseThrow(() -> new LifeboatException(
                    ErrorCode.USAGE, "--tier " + tier + ": expected expedited, standard or bulk"));
            ArchivedReads.Options archived = new ArchivedReads.Options(waitForRetrieval, chosen,
                    RestoreRun.archivedDefaults().requestedBy());
            if ((backup == null) == (source == null) || (at != null && source == null)) {
                throw new LifeboatException(ErrorCode.USAGE, "give either --backup ID, or --source S [--at TIME]");
            }
            try (Lifeboat lb = Context.open(spec)) {
                String auditSource = backup == null ? source : !io.lifeboat.core.archive.BackupId.isValid(backup) ? null
                        : lb.catalog().backup(new io.lifeboat.core.archive.BackupId(backup)).map(BackupRecord::source).orElse(null);
                return RestoreRun.run(spec, lb, "files", auditSource, into, target, force, archived, copies -> {
                    if (backup != null) {
                        return RestoreFiles.ofBackup(copies, BackupLookup.byId(lb.catalog(), backup), include);
                    }
                    Instant now = lb.clock().instant();
                    Instant when = at == null ? now : io.lifeboat.restore.select.TimeArg.parse(at, now, RestoreRun.zone());
                    return RestoreFiles.asOf(lb.catalog(), copies, source, when, include);
                });
            }
        }
    }
}
