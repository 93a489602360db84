package io.lifeboat.cli;

import io.lifeboat.core.catalog.RestoreAudit;
import io.lifeboat.restore.archive.ArchivedReads;
import io.lifeboat.restore.audit.Requester;
import io.lifeboat.restore.audit.RestoreAuditor;
import io.lifeboat.restore.progress.Progress;
import io.lifeboat.restore.select.Copies;
import io.lifeboat.restore.select.Plan;
import io.lifeboat.restore.select.PlanRestore;
import io.lifeboat.restore.select.RestoreSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The common course of every operator restore command: record the request in the audit trail, plan
 * (which backups, which entries, which copies), restore with progress, print the summary, complete
 * the audit row, and exit 0 (complete), 1 (partial) or the error's code.
 */
final class RestoreRun {
    private RestoreRun() {
    }

    /** The system zone: dates and rotated log names are days in the daemon's zone. */
    static ZoneId zone() {
        return ZoneId.systemDefault();
    }

    static int run(CommandSpec spec, Lifeboat lb, String kind, String source, Path into, String target, boolean force,
                   Function<Copies, Plan> planner) {
        return run(spec, lb, kind, source, into, target, force, archivedDefaults(), planner);
    }

    /** No waiting for archive retrievals, the targets' tiers. */
    static ArchivedReads.Options archivedDefaults() {
        Requester who = Requester.current();
        return new ArchivedReads.Options(false, null, who.osUser() + "@" + who.host());
    }

    /** {@code archived}: how archived copies are retrieved (start and exit 75, or --wait). */
    static int run(CommandSpec spec, Lifeboat lb, String kind, String source, Path into, String target, boolean force,
                   ArchivedReads.Options archived, Function<Copies, Plan> planner) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = into.toAbsolutePath().normalize();
        RestoreAuditor auditor = new RestoreAuditor(RestoreAudit.of(lb.catalog()), lb.clock(), Requester.current());
        String id = auditor.begin(kind, source, commandLine(spec), dir.toString());
        try {
            if (source != null) {
                lb.requireKnownSource(source);
            }
            PlanRestore.checkInto(dir, force);
            List<String> notices = new ArrayList<>();
            Copies copies = new Copies(lb.manifests(), lb.restoreTargets(archived, out::println), target, n -> {
                notices.add(n);
                out.println("note: " + n);
            }).withNearestFirst(lb.catalog(), b -> lb.config().source(b.source())
                    .map(io.lifeboat.core.config.SourceConfig::targets).orElse(List.of()));
            Plan plan = planner.apply(copies);
            Progress progress = Progress.choose(System.console() != null, err, lb.clock(), Duration.ofSeconds(5));
            RestoreSummary s = new PlanRestore(lb.clock()).run(plan, dir, force, progress, notices);
            auditor.finished(id, s);
            print(out, id, kind, source, dir, s);
            if (!s.complete()) {
                err.println("lifeboat: restore was partial: " + s.refused().size() + " entries refused, "
                        + s.failed().size() + " failed (request " + id + ")");
                return 1;
            }
            return 0;
        } catch (RuntimeException e) {
            auditor.failed(id, e);
            throw e;
        }
    }

    static void print(PrintWriter out, String id, String kind, String source, Path into, RestoreSummary s) {
        out.printf("restored %d files, %s from %d backup(s) of %s via %s into %s in %s; fetched %s of %s stored"
                        + " (in the backups read)%n",
                s.files(), Units.bytes(s.bytes()), s.backupsUsed().size(), source,
                s.targetsUsed().isEmpty() ? "-" : String.join(", ", s.targetsUsed()), into, Units.duration(s.duration()),
                Units.bytes(s.bytesFetched()), Units.bytes(s.bytesStored()));
        out.println("  backups used: " + (s.backupsUsed().isEmpty() ? "none" : String.join(", ", s.backupsUsed())));
        out.println("  request " + id + " (" + kind + ", bytes fetched " + s.bytesFetched() + " of " + s.bytesStored()
                + " stored; see 'lifeboat restore status " + id + "')");
        s.refused().forEach(p -> out.println("  refused " + p.path() + ": " + p.reason()));
        s.failed().forEach(p -> out.println("  FAILED " + p.path() + ": " + p.reason()));
    }

    /** The exact request as typed, arguments quoted where needed. */
    static String commandLine(CommandSpec spec) {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        return "lifeboat " + args.stream().map(RestoreRun::quote).collect(Collectors.joining(" "));
    }

    private static String quote(String a) {
        return a.matches("[A-Za-z0-9_./:=@%+,*?-]+") ? a : "'" + a.replace("'", "'\\''") + "'";
    }
}
