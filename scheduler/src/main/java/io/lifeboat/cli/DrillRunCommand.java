package io.lifeboat.cli;

import io.lifeboat.core.config.LifeboatConfig;
import io.lifeboat.restore.drill.DrillReport;
import io.lifeboat.restore.drill.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", description = {"Run a DR drill: validate the whole runbook, run its steps and cleanup, measure the RTO"
        + " and RPO achieved, write the report.", "Exit 0 passed and objectives met, 1 a step failed, 2 the runbook is invalid"
        + " (nothing was run), 3 an objective was missed."})
final class DrillRunCommand implements Callable<Integer> {
    /** How long Ctrl-C waits for the cleanup steps and the report. */
    private static final Duration INTERRUPT_GRACE = Duration.ofMinutes(2);

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUNBOOK.md", description = "The runbook to run (a Markdown file, see dr-runbooks/).")
    Path runbookFile;

    @Option(names = "--reports", paramLabel = "DIR", description = "Where drill folders go (default var/drills):"
            + " DIR/<drill-id>/ is ${drill.dir} and holds report.md, report.json, report.html.")
    Path reports = Path.of("var", "drills");

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path configPath = Context.configPath(spec);
        LifeboatConfig config = Context.load(spec);
        try (Lifeboat lb = Lifeboat.open(config, Clock.systemUTC())) {
            AtomicReference<ShutdownHook> hook = new AtomicReference<>();
            try {
                DrillReport report = new DrillExecution(lb, configPath, reports, out, lb.drillNotifier()).run(runbookFile, runner ->
                        hook.set(ShutdownHook.install("drill-interrupt", () -> runner.interrupt(INTERRUPT_GRACE), INTERRUPT_GRACE)));
                printSummary(out, report, reports.resolve(report.id()).toAbsolutePath().normalize());
                return report.exitCode();
            } finally {
                if (hook.get() != null) {
                    hook.get().close(); // after the summary: Ctrl-C waits for the report and what is said of it
                }
            }
        }
    }

    private static void printSummary(PrintWriter out, DrillReport r, Path dir) {
        out.printf("drill %s: %s%n", r.id(), switch (r.status()) {
            case PASSED -> "PASSED";
            case FAILED -> "FAILED (a step failed; cleanup ran)";
            case OBJECTIVE_MISSED -> "OBJECTIVE MISSED";
            case INTERRUPTED -> "INTERRUPTED (cleanup ran)";
            case RUNNING -> "RUNNING";
        });
        out.printf("  RTO %s%s%n", Durations.format(r.rto()), r.objectives().rto() == null ? ""
                : " (objective " + Durations.format(r.objectives().rto()) + ")");
        r.restores().forEach(s -> out.printf("    restore at line %d: %s%n", s.step().line(), Durations.format(s.duration())));
        out.printf("  RPO %s measured%s; %s from backup time%n", Durations.format(r.rpo()), r.objectives().rpo() == null ? ""
                : " (objective " + Durations.format(r.objectives().rpo()) + ")", Durations.format(r.backupRpo()));
        r.missed().forEach(m -> out.println("  MISSED: " + m));
        out.println("  report: " + dir.resolve("report.html") + " (also 'lifeboat drill report " + r.id() + "')");
        out.flush();
    }
}
