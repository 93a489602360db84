package io.lifeboat.restore.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.core.catalog.DrillRows;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner with a fake command line and a clock that only moves when a step takes time. */
class DrillRunnerTest {
    private static final Instant START = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path dir;
    private final SteppedClock clock = new SteppedClock();
    private final List<String> ran = new ArrayList<>();
    private final StringWriter printed = new StringWriter();

    /** "restore ..." takes 40 s and reads a backup consistent 2 h before the drill; "verify fail" exits 1. */
    private final CliSteps cli = new CliSteps() {
        @Override
        public List<String> problems(List<String> args) {
            return List.of();
        }

        @Override
        public Outcome run(List<String> args) {
            ran.add(String.join(" ", args));
            if (args.get(0).equals("restore")) {
                clock.advance(Duration.ofSeconds(40));
                return new Outcome(0, "restored", List.of(new UsedBackup("b1", "orders", START.minus(Duration.ofHours(2)))));
            }
            clock.advance(Duration.ofSeconds(5));
            return new Outcome(args.contains("fail") ? 1 : 0, args.contains("fail") ? "verification failed" : "ok", List.of());
        }
    };
    private final DrillRunner runner = new DrillRunner(cli, Map.of(), clock, ZoneOffset.UTC, d -> clock.advance(d),
            new PrintWriter(printed, true));

    @Test
    void measuresRtoUntilTheLastRecoveryStepAndTheWorstRpoAndNamesAMissedObjective() throws Exception {
        Files.writeString(dir.resolve("app.log"), "2026-11-25T09:00:00Z newest line: 3 h before the drill\n");
        DrillReport r = run("rpo: 4h, rto: 30s", """
                restore logs --source app-logs --from 1d --into x
                measure rpo --newest-file %s
                verify --source orders
                wait 2m
                """.formatted(dir), "wait 10m");

        assertThat(r.rto()).as("until the verify; the wait is not recovery, the cleanup is excluded").isEqualTo(Duration.ofSeconds(45));
        assertThat(r.rpo()).isEqualTo(Duration.ofHours(3));
        assertThat(r.backupRpo()).isEqualTo(Duration.ofHours(2));
        assertThat(r.status()).isEqualTo(DrillRows.Status.OBJECTIVE_MISSED);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.missed()).containsExactly("RTO objective 30.0 s missed: recovery took 45.0 s");
        assertThat(r.restores()).singleElement().satisfies(s -> assertThat(s.duration()).isEqualTo(Duration.ofSeconds(40)));
        assertThat(printed.toString()).contains("[1/4] restore logs").contains("PASSED").contains("40.0 s").contains("RPO 3h00m");
    }

    @Test
    void aFailureSkipsTheRestButTheCleanupRuns() {
        DrillReport r = run("rto: 1h", """
                verify fail
                restore files --source s --into y
                """, "verify cleanup");

        assertThat(r.status()).isEqualTo(DrillRows.Status.FAILED);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.steps()).extracting(StepResult::status).containsExactly(StepResult.Status.FAILED, StepResult.Status.SKIPPED,
                StepResult.Status.PASSED);
        assertThat(ran).containsExactly("verify fail", "verify cleanup");
        assertThat(r.rto()).isNull();
    }

    @Test
    void continueOnFailureGoesOnAndTheDrillPassesWithTheFailureShown() {
        DrillRows.Status status = runText("""
                ---
                objectives: { rto: 1h }
                ---
                ```lifeboat continue-on-failure
                verify fail
                ```
                ```lifeboat
                verify ok
                ```
                """).status();

        assertThat(status).isEqualTo(DrillRows.Status.PASSED);
        assertThat(ran).containsExactly("verify fail", "verify ok");
        assertThat(printed.toString()).contains("FAILED (continuing)");
    }

    @Test
    void anInterruptStopsAfterTheCurrentStepAndRunsTheCleanup() throws Exception {
        Runbook runbook = parse("""
                ---
                name: t
                ---
                ```lifeboat
                wait 10m
                verify never
                ```
                ```lifeboat cleanup
                verify cleanup
                ```
                """);
        DrillRunner interruptible = new DrillRunner(cli, Map.of(), clock, ZoneOffset.UTC, d -> Thread.sleep(d.toMillis()),
                new PrintWriter(printed, true));
        List<DrillReport> result = new ArrayList<>();
        Thread drill = new Thread(() -> result.add(interruptible.run(runbook, "d1", dir.toString(), "me", "here")));
        drill.start();
        Thread.sleep(300);

        interruptible.interrupt(Duration.ofSeconds(10));
        drill.join(10_000);

        assertThat(result).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(DrillRows.Status.INTERRUPTED);
            assertThat(r.steps()).extracting(StepResult::status).containsExactly(StepResult.Status.FAILED, StepResult.Status.SKIPPED,
                    StepResult.Status.PASSED);
        });
        assertThat(ran).containsExactly("verify cleanup");
    }

    private DrillReport run(String objectives, String steps, String cleanup) {
        return runText("---\nname: t\nobjectives: { " + objectives + " }\n---\n```lifeboat\n" + steps + "```\n"
                + "```lifeboat cleanup\n" + cleanup + "\n```\n");
    }

    private DrillReport runText(String text) {
        return runner.run(parse(text), "d1", dir.toString(), "me", "here");
    }

    private Runbook parse(String text) {
        return new RunbookParser(Map.of("drill.dir", dir.toString(), "drill.id", "d1"), Map.of(), runner::problems)
                .parse(dir.resolve("t.md"), text);
    }

    private static final class SteppedClock extends Clock {
        private Instant now = START;

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
