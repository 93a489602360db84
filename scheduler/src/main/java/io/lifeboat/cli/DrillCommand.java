package io.lifeboat.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.catalog.DrillRows;
import io.lifeboat.restore.drill.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "drill", description = "DR drills: run a runbook, list past drills, show a report.",
        subcommands = {DrillRunCommand.class, DrillCommand.ListDrills.class, DrillCommand.Report.class})
final class DrillCommand {
    @Command(name = "list", description = "Past drills, newest first.")
    static final class ListDrills implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--runbook", paramLabel = "NAME", description = "Only this runbook's drills.")
        String runbook;

        @Option(names = "--limit", paramLabel = "N", description = "At most N drills (default 50).")
        int limit = 50;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (Lifeboat lb = Context.open(spec)) {
                List<DrillRows.Summary> drills = DrillRows.of(lb.catalog()).list(runbook, limit);
                if (json) {
                    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                    ArrayNode all = mapper.createArrayNode();
                    for (DrillRows.Summary d : drills) {
                        all.addObject().put("id", d.id()).put("runbook", d.runbook()).put("file", d.runbookFile())
                                .put("status", d.status().column()).put("started", d.started().toString())
                                .put("finished", d.finished() == null ? null : d.finished().toString())
                                .put("rtoSeconds", seconds(d.rto())).put("rpoSeconds", seconds(d.rpo()))
                                .put("backupRpoSeconds", seconds(d.backupRpo())).put("rtoObjectiveSeconds", seconds(d.rtoObjective()))
                                .put("rpoObjectiveSeconds", seconds(d.rpoObjective())).put("missed", d.missed());
                    }
                    out.println(mapper.writeValueAsString(all));
                    return 0;
                }
                if (drills.isEmpty()) {
                    out.println("no drills yet; run one with 'lifeboat drill run dr-runbooks/example-drill.md'");
                    return 0;
                }
                out.printf("%-44s %-26s %-17s %-20s %-18s %s%n", "DRILL", "RUNBOOK", "RESULT", "STARTED", "RTO (objective)",
                        "RPO (objective)");
                for (DrillRows.Summary d : drills) {
                    out.printf("%-44s %-26s %-17s %-20s %-18s %s%n", d.id(), d.runbook(), d.status().column(),
                            d.started().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), figure(d.rto(), d.rtoObjective()),
                            figure(d.rpo(), d.rpoObjective()));
                }
                return 0;
            }
        }

        private static Double seconds(Duration d) {
            return d == null ? null : d.toMillis() / 1000.0;
        }

        private static String figure(Duration value, Duration objective) {
            return Durations.format(value) + (objective == null ? "" : " (" + Durations.format(objective) + ")");
        }
    }

    @Command(name = "report", description = "A drill's report from the catalog.")
    static final class Report implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DRILL-ID", description = "The drill (as 'drill list' shows it).")
        String id;

        @Option(names = "--format", paramLabel = "md|json|html", description = "Default md.")
        String format = "md";

        @Override
        public Integer call() {
            String f = format.toLowerCase(Locale.ROOT);
            if (!List.of("md", "json", "html").contains(f)) {
                throw new LifeboatException(ErrorCode.USAGE, "--format " + format + ": expected md, json or html");
            }
            try (Lifeboat lb = Context.open(spec)) {
                DrillRows rows = DrillRows.of(lb.catalog());
                DrillRows.Reports r = rows.reports(id).orElseThrow(() -> new LifeboatException(ErrorCode.NOT_FOUND,
                        rows.get(id).isPresent() ? "drill " + id + " has no report (it is still running, or its process died)"
                                : "no drill " + id + " in the catalog (see 'lifeboat drill list')"));
                spec.commandLine().getOut().print(switch (f) {
                    case "json" -> r.json();
                    case "html" -> r.html();
                    default -> r.markdown();
                });
                spec.commandLine().getOut().flush();
                return 0;
            }
        }
    }
}
