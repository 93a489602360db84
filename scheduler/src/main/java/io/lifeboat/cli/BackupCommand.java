package io.lifeboat.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lifeboat.backup.BackupOutcome;
import io.lifeboat.backup.housekeeping.Housekeeping;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.RtoSample;
import io.lifeboat.core.config.SourceConfig;
import io.lifeboat.core.config.SourceType;
import io.lifeboat.daemon.SourceRun;
import io.lifeboat.verifier.VerificationReport;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "backup", description = "Back up now, or list the catalog.",
        subcommands = {BackupCommand.Run.class, BackupCommand.ListBackups.class})
final class BackupCommand {

    @Command(name = "run", description = "Back up one source, or all, now; then verify as configured.")
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ArgGroup(multiplicity = "1")
        Which which;

        static final class Which {
            @Parameters(paramLabel = "SOURCE", description = "The source to back up.")
            String source;
            @Option(names = "--all", description = "Back up every source.")
            boolean all;
        }

        @Option(names = "--no-verify", description = "Skip the verification that follows the backup.")
        boolean noVerify;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Lifeboat lb = Context.open(spec)) {
                List<SourceConfig> sources = selected(lb);
                // one source: only what its runs can have left, under its prefix; --all: every target whole
                Housekeeping.Report swept = which.all ? lb.housekeeping().sweep() : lb.housekeeping().sweep(sources);
                if (!swept.isEmpty()) {
                    out.println("cleaned up: " + swept.describe());
                }
                lb.restoreTest().dropLeftovers().forEach(line -> out.println("cleaned up: " + line));
                int failures = 0;
                for (SourceConfig source : sources) {
                    failures += runOne(lb, source, out) ? 0 : 1;
                }
                return failures == 0 ? 0 : 1;
            }
        }

        private List<SourceConfig> selected(Lifeboat lb) {
            if (which.all) {
                return lb.config().sources();
            }
            return List.of(lb.config().requireSource(which.source));
        }

        /** Prints one run of the shared backup-then-verify path (the daemon's jobs run the same {@link SourceRun}). */
        private boolean runOne(Lifeboat lb, SourceConfig source, PrintWriter out) {
            SourceRun.Result result = lb.sourceRun("cli", java.time.Duration.ZERO).run(source, !noVerify);
            if (result.outcome() == null) {
                out.printf("%-16s FAILED  %s%n", source.name(), result.error());
                return false;
            }
            BackupOutcome outcome = result.outcome();
            BackupRecord r = outcome.record();
            VerificationReport report = result.report();
            if (report != null) {
                report.notes().forEach(n -> out.println("  note: " + n));
                if (report.restoreTest() != null) {
                    out.println("  " + report.restoreTest().summary() + (report.restoreTest().loaded()
                            ? ", restored in " + Units.duration(report.restoreTest().restoreDuration()) : ""));
                }
                report.findings().forEach(f -> out.println("  finding: " + f.describe()));
            }
            boolean ok = result.ok();
            out.printf("%-16s %s  %s, files %d, in %s, stored %s, ratio %s, %s, %s%n", source.name(), r.id(),
                    r.full() ? "full" : "incremental", r.files(), Units.bytes(r.bytesIn()), Units.bytes(r.storedBytes()),
                    Units.ratio(outcome.compressionRatio()), Units.duration(outcome.duration()), result.verification());
            outcome.copyErrors().forEach((t, e) -> out.println("  copy to " + t + " failed: " + e));
            if (!outcome.warnings().isEmpty()) {
                out.println("  " + outcome.warnings().size() + " warning(s), e.g.: " + outcome.warnings().get(0));
            }
            return ok;
        }
    }

    @Command(name = "list", description = "List backups in the catalog, newest first.")
    static final class ListBackups implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--source", paramLabel = "SOURCE", description = "Only this source's backups.")
        String source;

        @Option(names = "--limit", defaultValue = "50", description = "At most this many, newest first (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (Lifeboat lb = Context.open(spec)) {
                if (source != null) {
                    lb.requireKnownSource(source);
                }
                List<BackupRecord> backups = lb.catalog().backups(source, limit);
                if (json) {
                    List<Map<String, Object>> rows = new ArrayList<>();
                    for (BackupRecord b : backups) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("id", b.id().value());
                        row.put("source", b.source());
                        row.put("type", b.sourceType());
                        row.put("status", b.status().name());
                        row.put("started", b.started());
                        row.put("finished", b.finished());
                        row.put("consistentPoint", b.consistentPoint());
                        row.put("full", b.full());
                        row.put("files", b.files());
                        row.put("bytesIn", b.bytesIn());
                        row.put("storedBytes", b.storedBytes());
                        row.put("sha256", b.sha256());
                        if (isDatabase(b)) {
                            row.put("rto", lb.catalog().latestRtoSample(b.id()).map(ListBackups::rto).orElse(null));
                        }
                        row.put("copies", lb.catalog().copies(b.id()).stream()
                                .map(c -> Map.of("target", c.target(), "status", c.status().name())).toList());
                        row.put("reason", b.reason());
                        rows.add(row);
                    }
                    out.println(json().writeValueAsString(rows));
                    return 0;
                }
                out.printf("%-27s %-16s %-16s %-11s %-20s %8s %10s %10s%n", "ID", "SOURCE", "STATUS", "KIND", "STARTED", "FILES", "IN", "STORED");
                for (BackupRecord b : backups) {
                    out.printf("%-27s %-16s %-16s %-11s %-20s %8d %10s %10s%n", b.id(), b.source(), b.status(),
                            b.full() ? "full" : "incremental", b.started().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                            b.files(), Units.bytes(b.bytesIn()), Units.bytes(b.storedBytes()));
                    if (isDatabase(b)) {
                        out.println("    consistent point: " + (b.consistentPoint() == null ? "-" : b.consistentPoint())
                                + ", RTO: " + lb.catalog().latestRtoSample(b.id()).map(ListBackups::describe)
                                .orElse("not measured (verify at level 3 or restore it)"));
                    }
                    if (b.reason() != null) {
                        out.println("    reason: " + b.reason());
                    }
                }
                return 0;
            }
        }

        private static boolean isDatabase(BackupRecord b) {
            return SourceType.fromConfigName(b.sourceType()).map(SourceType::isDatabase).orElse(false);
        }

        static Map<String, Object> rto(RtoSample s) {
            Map<String, Object> rto = new LinkedHashMap<>();
            rto.put("kind", s.kind().value());
            rto.put("durationMs", s.duration().toMillis());
            rto.put("at", s.at());
            return rto;
        }

        static String describe(RtoSample s) {
            return Units.duration(s.duration()) + " (" + s.kind().value() + " at " + s.at().truncatedTo(ChronoUnit.SECONDS) + ")";
        }
    }

    static ObjectMapper json() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }
}
