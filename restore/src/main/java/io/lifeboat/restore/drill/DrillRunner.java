package io.lifeboat.restore.drill;

import io.lifeboat.core.catalog.DrillRows;
import io.lifeboat.restore.archive.Sleeper;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a validated runbook: the steps in order, stopping at the first failure (unless its block is
 * {@code continue-on-failure}), then the cleanup steps, always: after a failure, and when
 * {@link #interrupt} is called from a shutdown hook (Ctrl-C, SIGTERM). Prints each step with its
 * duration as it goes and returns the results with the achieved RTO and RPO.
 */
public final class DrillRunner {
    private static final Logger LOG = LoggerFactory.getLogger(DrillRunner.class);
    private static final int OUTPUT_MAX = 20_000;

    private final CliSteps cli;
    private final BuiltinSteps builtins;
    private final Clock clock;
    private final PrintWriter out;
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final AtomicBoolean cleanupStarted = new AtomicBoolean();
    private final CountDownLatch cleanupDone = new CountDownLatch(1);
    private final List<StepResult> cleanupResults = new ArrayList<>();
    private volatile Thread runner;
    private volatile Instant start;
    private volatile Map<String, String> stepEnv = Map.of();

    public DrillRunner(CliSteps cli, Map<String, String> env, Clock clock, ZoneId zone, Sleeper sleeper, PrintWriter out) {
        this.cli = cli;
        this.builtins = new BuiltinSteps(env, zone, sleeper);
        this.clock = clock;
        this.out = out;
    }

    /** Every problem of one step, without running anything: for {@link RunbookParser}. */
    public List<String> problems(Step step) {
        StepKind kind = step.kind();
        if (kind == StepKind.UNKNOWN) {
            return List.of("unknown step \"" + String.join(" ", step.args().subList(0, Math.min(2, step.args().size())))
                    + "\" (known: restore files|logs|artifact|database, verify, check, status, backup list, check sql, check file,"
                    + " check http, measure rpo, run, wait, drop database)");
        }
        if (!kind.command()) {
            return builtins.problems(step);
        }
        List<String> problems = new ArrayList<>(cli.problems(step.args()));
        int into = step.args().indexOf("--into");
        if (kind == StepKind.RESTORE && step.args().size() > 1 && step.args().get(1).equals("database") && into > 0
                && into + 1 < step.args().size()) {
            problems.addAll(builtins.sqlTargetProblems(step.args().get(into + 1), "restore database --into"));
        }
        return problems;
    }

    /** Runs the drill; the report has no history yet (see {@link DrillReports}). */
    public DrillReport run(Runbook runbook, String id, String dir, String osUser, String host) {
        runner = Thread.currentThread();
        start = clock.instant();
        stepEnv = Map.of("DRILL_ID", id, "DRILL_DIR", dir);
        out.printf("drill %s: %s (%d steps, %d cleanup)%n", id, runbook.file(), runbook.steps().size(), runbook.cleanup().size());
        List<StepResult> results = new ArrayList<>();
        boolean stopped = false;
        int n = 0;
        for (Step step : runbook.steps()) {
            n++;
            if (stopped || interrupted.get()) {
                results.add(StepResult.skipped(step));
                continue;
            }
            StepResult r = execute(step, "[" + n + "/" + runbook.steps().size() + "]");
            results.add(r);
            stopped = r.status() == StepResult.Status.FAILED;
        }
        runCleanup(runbook.cleanup());
        results.addAll(cleanupResults);
        Thread.interrupted(); // an interrupt aimed at a step must not disturb the report writing
        return measure(runbook, id, osUser, host, results);
    }

    /**
     * From a shutdown hook: stops the drill after (or in) the current step, and waits up to
     * {@code grace} for the cleanup; a drill stuck in a step that ignores interrupts gets its cleanup
     * run here instead.
     */
    public void interrupt(Duration grace) {
        if (runner == null || cleanupDone.getCount() == 0) {
            return;
        }
        interrupted.set(true);
        out.println("drill: interrupted; stopping and running the cleanup steps");
        runner.interrupt();
        try {
            if (!cleanupDone.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("the drill did not stop within {}; running the cleanup from the shutdown hook", grace);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether {@link #interrupt} was called. */
    public boolean wasInterrupted() {
        return interrupted.get();
    }

    /** Blocks until the cleanup has run (for the shutdown hook, after the report). */
    public boolean awaitCleanup(Duration timeout) throws InterruptedException {
        return cleanupDone.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runCleanup(List<Step> cleanup) {
        if (!cleanupStarted.compareAndSet(false, true)) {
            return;
        }
        try {
            Thread.interrupted(); // cleanup runs even when the drill was interrupted
            int n = 0;
            for (Step step : cleanup) {
                cleanupResults.add(execute(step, "[cleanup " + ++n + "/" + cleanup.size() + "]"));
                Thread.interrupted();
            }
        } finally {
            cleanupDone.countDown();
        }
    }

    private StepResult execute(Step step, String label) {
        out.printf("%s %s%n", label, step.text());
        Instant began = clock.instant();
        StepOutcome outcome;
        try {
            outcome = step.kind().command() ? command(step) : builtins.run(step, stepEnv);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = StepOutcome.failed("interrupted");
        } catch (Exception e) {
            outcome = StepOutcome.failed(e.getMessage() == null ? e.toString() : e.getMessage());
            LOG.debug("step failed: {}", step.where(), e);
        }
        if (interrupted.get() && !step.cleanup() && outcome.passed()) {
            outcome = new StepOutcome(false, outcome.output() + "\ninterrupted", null, outcome.backups());
        }
        Duration took = Duration.between(began, clock.instant());
        StepResult.Status status = outcome.passed() ? StepResult.Status.PASSED
                : step.continueOnFailure() ? StepResult.Status.FAILED_CONTINUED : StepResult.Status.FAILED;
        Duration rpo = outcome.newestData() == null ? null : Duration.between(outcome.newestData(), start);
        String output = outcome.output().length() > OUTPUT_MAX ? "..." + outcome.output().substring(outcome.output().length() - OUTPUT_MAX)
                : outcome.output();
        StepResult r = new StepResult(step, status, Duration.between(start, began), took, output, outcome.newestData(), rpo,
                outcome.backups());
        String first = r.failed() ? r.excerpt(3).replace("\n", " | ") : step.kind().command() ? "" : output.lines().findFirst().orElse("");
        out.printf("      %-8s %8s%s%s%n", status == StepResult.Status.FAILED_CONTINUED ? "FAILED (continuing)" : status.name(),
                Durations.format(took), rpo == null ? "" : "  RPO " + Durations.format(rpo), first.isEmpty() ? "" : "  " + first);
        out.flush();
        return r;
    }

    private StepOutcome command(Step step) throws InterruptedException {
        CliSteps.Outcome o = cli.run(step.args());
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return new StepOutcome(o.exitCode() == 0, o.output().strip() + (o.exitCode() == 0 ? "" : "\nexit " + o.exitCode()),
                null, o.backups());
    }

    private DrillReport measure(Runbook runbook, String id, String osUser, String host, List<StepResult> results) {
        List<StepResult> main = results.stream().filter(r -> !r.step().cleanup()).toList();
        boolean failed = main.stream().anyMatch(r -> r.status() == StepResult.Status.FAILED);
        Duration rto = failed ? null : main.stream().filter(r -> r.step().kind().recovery() && r.end() != null)
                .map(StepResult::end).max(Duration::compareTo).orElse(null);
        Duration rpo = main.stream().map(StepResult::rpo).filter(java.util.Objects::nonNull).max(Duration::compareTo).orElse(null);
        Duration backupRpo = main.stream().filter(r -> !r.backups().isEmpty()).map(r -> Duration.between(
                r.backups().stream().map(CliSteps.UsedBackup::point).filter(java.util.Objects::nonNull).max(Instant::compareTo)
                        .orElse(start), start)).max(Duration::compareTo).orElse(null);
        List<String> missed = new ArrayList<>();
        Objectives o = runbook.objectives();
        if (!failed && o.rto() != null && rto != null && rto.compareTo(o.rto()) > 0) {
            missed.add("RTO objective " + Durations.format(o.rto()) + " missed: recovery took " + Durations.format(rto));
        }
        if (!failed && o.rpo() != null && rpo != null && rpo.compareTo(o.rpo()) > 0) {
            missed.add("RPO objective " + Durations.format(o.rpo()) + " missed: newest data restored is " + Durations.format(rpo) + " old");
        }
        DrillRows.Status status = interrupted.get() ? DrillRows.Status.INTERRUPTED : failed ? DrillRows.Status.FAILED
                : missed.isEmpty() ? DrillRows.Status.PASSED : DrillRows.Status.OBJECTIVE_MISSED;
        return new DrillReport(id, runbook, osUser, host, start, clock.instant(), status, results, rto, rpo, backupRpo, missed, List.of());
    }
}
