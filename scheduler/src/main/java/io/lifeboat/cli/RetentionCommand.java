package io.lifeboat.cli;

import io.lifeboat.backup.retention.Outcome;
import io.lifeboat.backup.retention.Retention;
import io.lifeboat.backup.retention.RetentionPolicy;
import io.lifeboat.backup.retention.SourceReport;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.config.SourceConfig;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "retention", description = "Apply the sources' retention policies.", subcommands = RetentionCommand.Apply.class)
final class RetentionCommand {
    @Command(name = "apply", description = "Expire the backups no retention rule keeps: delete them from every target"
            + " and mark them EXPIRED. Exit 1 when a copy could not be deleted (e.g. S3 Object Lock).")
    static final class Apply implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--source", paramLabel = "SOURCE", description = "Only this source (default: every source).")
        String source;

        @Option(names = "--dry-run", description = "Say what would be kept and expired; delete nothing.")
        boolean dryRun;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (Lifeboat lb = Context.open(spec)) {
                List<SourceConfig> sources = source == null ? lb.config().sources()
                        : List.of(lb.config().requireSource(source));
                Retention retention = new Retention(lb.catalog(), lb.targets(), lb.clock());
                List<SourceReport> reports = new ArrayList<>();
                for (SourceConfig s : sources) {
                    SourceReport r = retention.apply(s, dryRun);
                    reports.add(r);
                    if (!json) {
                        print(out, r);
                    }
                }
                if (json) {
                    out.println(BackupCommand.json().writeValueAsString(reports.stream().map(Apply::toJson).toList()));
                }
                return reports.stream().anyMatch(SourceReport::incomplete) ? 1 : 0;
            }
        }

        private static void print(PrintWriter out, SourceReport r) {
            if (r.policy() == null) {
                out.printf("%s: no retention policy, every backup is kept (%d)%n", r.source(), r.outcomes().size());
                return;
            }
            out.printf("%s (%s): keep %d, %s %d, %s %s%n", r.source(), r.policy(), r.kept().size(),
                    r.dryRun() ? "would expire" : "expired", r.expired().size(),
                    Units.bytes(r.bytesFreed()), r.dryRun() ? "would be freed (dry run, nothing deleted)" : "freed");
            for (Outcome o : r.outcomes()) {
                BackupRecord b = o.decision().backup();
                out.printf("  %-6s %-27s %-20s %-16s %s%n", o.decision().keep() ? "keep" : "expire", b.id(),
                        RetentionPolicy.asOf(b).truncatedTo(ChronoUnit.SECONDS), b.status(), o.decision().reason());
                if (!o.deletedIn().isEmpty()) {
                    out.printf("         %s from %s (%s)%n", r.dryRun() ? "would delete" : "deleted",
                            String.join(", ", o.deletedIn()), Units.bytes(o.bytes()));
                }
                o.refused().forEach((target, why) -> out.printf("         KEPT in %s, could not delete: %s%n", target, why));
            }
        }

        private static Map<String, Object> toJson(SourceReport r) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", r.source());
            m.put("policy", r.policy());
            m.put("dryRun", r.dryRun());
            m.put("bytesFreed", r.bytesFreed());
            m.put("kept", r.kept().stream().map(Apply::toJson).toList());
            m.put("expired", r.expired().stream().map(Apply::toJson).toList());
            return m;
        }

        private static Map<String, Object> toJson(Outcome o) {
            BackupRecord b = o.decision().backup();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", b.id().value());
            m.put("asOf", RetentionPolicy.asOf(b));
            m.put("status", b.status().name());
            m.put("full", b.full());
            m.put("reasons", o.decision().reasons());
            if (!o.decision().keep()) {
                m.put("bytes", o.bytes());
                m.put("deletedIn", o.deletedIn());
                m.put("refused", o.refused());
            }
            return m;
        }
    }
}
