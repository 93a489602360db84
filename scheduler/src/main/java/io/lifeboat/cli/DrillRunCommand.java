package io.lifeboat.cli;

import io.lifeboat.core.config.LifeboatConfig;
import io.lifeboat.core.config.TargetConfig;
import io.lifeboat.core.catalog.DrillRows;
import io.lifeboat.core.storage.Target;
import io.lifeboat.restore.archive.Sleeper;
import io.lifeboat.restore.audit.Requester;
import io.lifeboat.restore.drill.DrillReport;
import io.lifeboat.restore.drill.DrillReports;
import io.lifeboat.restore.drill.DrillRunner;
import io.lifeboat.restore.drill.Durations;
import io.lifeboat.restore.drill.Runbook;
import io.lifeboat.restore.drill.RunbookParser;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", description = {"Run a DR drill: validate the whole runbook, run its steps and cleanup, measure the RTO"
        + " and RPO achieved, write the report.", "Exit 0 passed and objectives met, 1 a step failed, 2 the runbook is invalid"
        + " (nothing was run), 3 an objective was missed."})
final class DrillRunCommand implements Callable<Integer> {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** How long Ctrl-C waits for the cleanup steps and the report. */
    private static final Duration INTERRUPT_GRACE = Duration.ofMinutes(2);

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUNBOOK.md")
    Path runbookFile;

    @Option(names = "--reports", paramLabel = "DIR", description = "Where drill folders go (default var/drills):"
            + " DIR/<drill-id>/ is ${drill.dir} and holds report.md, report.json, report.html.")
    Path reports = Path.of("var", "drills");

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path configPath = Context.configPath(spec);
        LifeboatConfig config = Context.load(spec);
        Clock clock = Clock.systemUTC();
        try (Lifeboat lb = Lifeboat.open(config, clock)) {
            PicocliSteps cli = new PicocliSteps(configPath, config, lb.catalog(), out);
            DrillRunner runner = new DrillRunner(cli, System.getenv(), clock, RestoreRun.zone(), Sleeper.SYSTEM, out);
            String name = runbookFile.getFileName().toString().replaceFirst("\\.md$", "");
            String id = ID_TIME.format(clock.instant()) + "-" + name + "-"
                    + String.format("%04x", java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000));
            Path dir = reports.resolve(id).toAbsolutePath().normalize();
            Runbook runbook = new RunbookParser(Map.of("drill.dir", dir.toString(), "drill.id", id), System.getenv(), runner::problems)
                    .read(runbookFile);
            DrillReports publisher = new DrillReports(DrillRows.of(lb.catalog()), reportTargets(lb), w -> out.println("warning: " + w));
            Requester who = Requester.current();
            publisher.begin(new DrillRows.Summary(id, runbook.name(), runbook.file().toString(), who.osUser(), who.host(),
                    clock.instant(), null, DrillRows.Status.RUNNING, null, null, null, runbook.objectives().rto(),
                    runbook.objectives().rpo(), null));
            CountDownLatch published = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                runner.interrupt(INTERRUPT_GRACE);
                try {
                    published.await(INTERRUPT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "drill-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                DrillReport report = publisher.publish(runner.run(runbook, id, dir.toString(), who.osUser(), who.host()), dir);
                printSummary(out, report, dir);
                lb.drillNotifier().report(report, runbook.notifyTo(), DrillReports.html(report));
                return report.exitCode();
            } finally {
                published.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it waits for the latch released above
                }
            }
        }
    }

    /** The {@code dr} target if there is one, else every non-archive target: the report should survive the host. */
    private static List<Target> reportTargets(Lifeboat lb) {
        List<TargetConfig> configs = lb.config().target("dr").map(List::of).orElseGet(() -> List.copyOf(lb.config().targets().values()));
        return configs.stream().filter(c -> !c.type().equals("glacier"))
                .map(c -> lb.targets().get(c.name())).toList();
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
