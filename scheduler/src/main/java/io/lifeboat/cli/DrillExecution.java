package io.lifeboat.cli;

import io.lifeboat.core.catalog.DrillRows;
import io.lifeboat.core.config.TargetConfig;
import io.lifeboat.core.storage.Target;
import io.lifeboat.restore.archive.Sleeper;
import io.lifeboat.restore.audit.Requester;
import io.lifeboat.restore.drill.DrillReport;
import io.lifeboat.restore.drill.DrillReports;
import io.lifeboat.restore.drill.DrillRunner;
import io.lifeboat.restore.drill.Runbook;
import io.lifeboat.restore.drill.RunbookParser;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One drill from start to report, shared by {@code lifeboat drill run} and the daemon's scheduled
 * drills: validate the runbook (a {@code RunbookException} lists every problem, nothing ran), record
 * the drill, run it, publish the report, notify.
 */
public final class DrillExecution {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Lifeboat lb;
    private final Path configPath;
    private final Path reports;
    private final PrintWriter out;
    private final io.lifeboat.restore.drill.DrillNotifier notifier;

    /**
     * {@code reports}: the folder of drill folders ({@code var/drills}); {@code out}: progress as it goes;
     * {@code notifier}: where the finished report goes (the runbook's {@code notify} list).
     */
    public DrillExecution(Lifeboat lb, Path configPath, Path reports, PrintWriter out,
                          io.lifeboat.restore.drill.DrillNotifier notifier) {
        this.lb = lb;
        this.configPath = configPath;
        this.reports = reports;
        this.out = out;
        this.notifier = notifier;
    }

    /** A runner whose steps are this command line's commands. */
    DrillRunner runner() {
        return new DrillRunner(new PicocliSteps(configPath, lb.config(), lb.catalog(), out), System.getenv(), lb.clock(),
                RestoreRun.zone(), Sleeper.SYSTEM, out);
    }

    /** Parses and validates the runbook for a drill id and folder; throws a {@code RunbookException} listing every problem. */
    Runbook read(Path runbookFile, DrillRunner runner, String id, Path dir) {
        return new RunbookParser(Map.of("drill.dir", dir.toString(), "drill.id", id), System.getenv(), runner::problems)
                .read(runbookFile);
    }

    /** Only validates: for the daemon, before it schedules a runbook. */
    public void validate(Path runbookFile) {
        read(runbookFile, runner(), "validation", reports.resolve("validation").toAbsolutePath());
    }

    /**
     * Runs the drill. {@code onStart} receives the runner once the drill is recorded (for Ctrl-C or a
     * daemon's interrupt: {@link DrillRunner#interrupt}). The command line's Ctrl-C hook
     * ({@link ShutdownHook}) interrupts it and waits until the report is written and printed.
     */
    public DrillReport run(Path runbookFile, java.util.function.Consumer<DrillRunner> onStart) {
        DrillRunner runner = runner();
        String name = runbookFile.getFileName().toString().replaceFirst("\\.md$", "");
        String id = ID_TIME.format(lb.clock().instant()) + "-" + name + "-"
                + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        Path dir = reports.resolve(id).toAbsolutePath().normalize();
        Runbook runbook = read(runbookFile, runner, id, dir);
        DrillReports publisher = new DrillReports(DrillRows.of(lb.catalog()), reportTargets(), w -> out.println("warning: " + w));
        sweepOrphans();
        Requester who = Requester.current();
        publisher.begin(new DrillRows.Summary(id, runbook.name(), runbook.file().toString(), who.osUser(), who.host(),
                lb.clock().instant(), null, DrillRows.Status.RUNNING, null, null, null, runbook.objectives().rto(),
                runbook.objectives().rpo(), null), io.lifeboat.backup.Owner.current().toString());
        onStart.accept(runner);
        DrillReport report = publisher.publish(runner.run(runbook, id, dir.toString(), who.osUser(), who.host()), dir);
        notifier.report(report, runbook.notifyTo(), DrillReports.html(report));
        return report;
    }

    /** Drills left RUNNING by a process of this host that died (kill -9, power loss) become failed, saying so. */
    private void sweepOrphans() {
        DrillRows rows = DrillRows.of(lb.catalog());
        rows.running().forEach((id, owner) -> {
            if (io.lifeboat.backup.Owner.parse(owner).map(io.lifeboat.backup.Owner::knownDead).orElse(false)
                    && rows.markOrphaned(id, lb.clock().instant(), "orphaned: the drill's process " + owner
                    + " died before it finished (cleanup may not have run)")) {
                out.println("note: drill " + id + " was left running by " + owner + ", which is gone; marked failed (orphaned)");
            }
        });
    }

    /** The {@code dr} target if there is one, else every non-archive target: the report should survive the host. */
    private List<Target> reportTargets() {
        List<TargetConfig> configs = lb.config().target("dr").map(List::of).orElseGet(() -> List.copyOf(lb.config().targets().values()));
        return configs.stream().filter(c -> !c.type().equals("glacier")).map(c -> lb.targets().get(c.name())).toList();
    }
}
