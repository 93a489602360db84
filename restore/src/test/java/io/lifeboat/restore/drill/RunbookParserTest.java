package io.lifeboat.restore.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunbookParserTest {
    private static final Path FILE = Path.of("dr-runbooks/quarterly.md");
    private final RunbookParser parser = new RunbookParser(Map.of("drill.dir", "/var/drills/d1", "drill.id", "d1"),
            Map.of("ORDERS_HOST", "db.internal"), step -> List.of());

    @Test
    void readsFrontMatterBlocksCleanupAndContinueOnFailure() {
        Runbook r = parser.parse(FILE, """
                ---
                name: quarterly-full-restore
                objectives: { rpo: 24h, rto: 2h }
                schedule: "0 0 6 1 1,4,7,10 ?"
                notify: [ops@example.com]
                ---
                # Quarterly full restore
                Prose with `inline code` and a shell block that is not a step:
                ```bash
                rm -rf /
                ```
                ## 1. Restore
                ```lifeboat
                # a comment
                restore database --source orders-db --target dr \\
                    --into postgresql://${env.ORDERS_HOST}:5432/drill_${drill.id}

                check sql --db postgresql://h/db "select count(*) > 1000 from orders"
                ```
                ## 2. Optional
                ```lifeboat continue-on-failure
                check http http://127.0.0.1:8080/health --status 200
                ```
                ## Cleanup
                ```lifeboat cleanup
                run 'rm -rf ${drill.dir}/logs'
                ```
                """);

        assertThat(r.name()).isEqualTo("quarterly-full-restore");
        assertThat(r.objectives()).isEqualTo(new Objectives(Duration.ofHours(24), Duration.ofHours(2)));
        assertThat(r.schedule()).isEqualTo("0 0 6 1 1,4,7,10 ?");
        assertThat(r.notifyTo()).containsExactly("ops@example.com");
        assertThat(r.steps()).extracting(Step::line).containsExactly(15, 18, 22);
        assertThat(r.steps().get(0).args()).containsExactly("restore", "database", "--source", "orders-db", "--target", "dr",
                "--into", "postgresql://db.internal:5432/drill_d1");
        assertThat(r.steps().get(0).section()).isEqualTo("1. Restore");
        assertThat(r.steps().get(1).args()).endsWith("select count(*) > 1000 from orders");
        assertThat(r.steps().get(1).kind()).isEqualTo(StepKind.CHECK_SQL);
        assertThat(r.steps().get(2).continueOnFailure()).isTrue();
        assertThat(r.steps().get(1).continueOnFailure()).isFalse();
        assertThat(r.cleanup()).singleElement().satisfies(s -> {
            assertThat(s.cleanup()).isTrue();
            assertThat(s.args()).containsExactly("run", "rm -rf /var/drills/d1/logs");
        });
    }

    @Test
    void listsEveryProblemOfTheDocumentTogether() {
        RunbookParser checking = new RunbookParser(Map.of("drill.dir", "/d", "drill.id", "d1"), Map.of(),
                step -> step.kind() == StepKind.UNKNOWN ? List.of("unknown step") : List.of());
        assertThatThrownBy(() -> checking.parse(FILE, """
                ---
                objectives: { rpo: yesterday, rtx: 1h }
                colour: blue
                ---
                ```lifeboat
                launch rockets
                check file ${drill.nope} 'unbalanced
                ```
                ```lifeboat sometimes
                wait 1s
                ```
                """)).isInstanceOfSatisfying(RunbookException.class, e -> assertThat(e.problems()).containsExactly(
                "front matter: unknown key \"colour\" (known: description, name, notify, objectives, owner, schedule)",
                "front matter: objectives.rtx is unknown (known: rpo, rto)",
                "front matter: objectives.rpo \"yesterday\" is not a duration like 90s, 15m, 2h or 1d",
                "line 6: unknown step",
                "line 7: unbalanced ' quote",
                "line 7: ${drill.nope}: unknown variable (known: ${drill.dir}, ${drill.id}, ${env.NAME})",
                "line 9: unknown block option \"sometimes\" (known: cleanup, continue-on-failure)"));
    }

    @Test
    void aRunbookWithoutStepsOrFrontMatterIsRefused() {
        assertThatThrownBy(() -> parser.parse(FILE, "# Just prose\n")).isInstanceOfSatisfying(RunbookException.class,
                e -> assertThat(e.problems()).hasSize(2).anyMatch(p -> p.contains("no YAML front matter"))
                        .anyMatch(p -> p.contains("no steps")));
    }

    @Test
    void theShippedRunbooksParseAndUseOnlyKnownSteps() throws Exception {
        RunbookParser strict = new RunbookParser(Map.of("drill.dir", "/d", "drill.id", "d1"), Map.of(),
                step -> step.kind() == StepKind.UNKNOWN ? List.of("unknown step " + step.text()) : List.of());
        List<Path> runbooks;
        try (var files = java.nio.file.Files.list(Path.of("../dr-runbooks"))) {
            runbooks = files.filter(p -> p.toString().endsWith(".md") && !p.endsWith("README.md")).toList();
        }
        assertThat(runbooks).hasSizeGreaterThanOrEqualTo(3);
        for (Path p : runbooks) {
            Runbook r = strict.read(p);
            assertThat(r.steps()).as(p.toString()).isNotEmpty();
            assertThat(r.cleanup()).as(p.toString()).isNotEmpty();
            assertThat(r.objectives().rto()).as(p.toString()).isNotNull();
        }
    }

    @ParameterizedTest
    @CsvSource({"90s,90", "15m,900", "2h,7200", "1d,86400", "1h30m,5400", "1d2h3m4s,93784"})
    void durations(String text, long seconds) {
        assertThat(RunbookParser.parseDuration(text)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @CsvSource({"soon", "1 hour", "h", "-5m", "''"})
    void notDurations(String text) {
        assertThat(RunbookParser.parseDuration(text)).isNull();
    }
}
