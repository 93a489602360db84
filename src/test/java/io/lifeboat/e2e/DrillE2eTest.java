package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.testing.Servers;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DR drills on the embedded default (H2 catalog, file targets) with the shipped example config and
 * runbook: the example drill passes, an invalid runbook runs nothing and lists every problem, Ctrl-C
 * (SIGINT to a child process) still runs the cleanup, and the HTML report renders in headless Chromium.
 */
class DrillE2eTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ROOT = Repository.ROOT;

    @TempDir
    Path dir;
    Path config;
    Cli cli;

    @BeforeEach
    void setUp() throws IOException {
        config = dir.resolve("lifeboat.yaml");
        Files.writeString(config, Files.readString(ROOT.resolve("config/lifeboat.yaml"))
                .replace("./var/", dir.resolve("var") + "/").replace("./examples/", ROOT.resolve("examples") + "/"));
        cli = new Cli(config);
        Cli.Result backup = cli.run("backup", "run", "--all");
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
    }

    @Test
    void theExampleDrillPassesOnTheDefaultConfig() throws IOException {
        Cli.Result drill = runExample();

        assertThat(drill.exitCode()).as(drill.toString()).isZero();
        assertThat(drill.out()).contains("[8/8] verify --source data-volume").contains("[cleanup 1/1] run rm -rf")
                .contains(": PASSED").containsPattern("restore at line \\d+: [0-9.]+ (ms|s)");
        Path reports = dir.resolve("drills").resolve(DrillPostgresE2eTest.drillId(drill));
        JsonNode report = JSON.readTree(reports.resolve("report.json").toFile());
        assertThat(report.get("steps")).hasSize(9);
        assertThat(report.get("rpoSeconds").isNumber()).as("measured from the restored volume").isTrue();
        assertThat(reports.resolve("volume")).as("the cleanup removed the restored data").doesNotExist();
        assertThat(reports.resolve("report.html")).exists();
        try (var copies = Files.list(dir.resolve("var/dr/_drills"))) {
            assertThat(copies.map(p -> p.getFileName().toString())).containsExactly(reports.getFileName().toString());
        }
    }

    @Test
    void theDaemonExportsTheNewestDrillOfEachRunbookToMetrics() throws Exception {
        Files.writeString(config, Files.readString(config) + "\ndaemon: { http: \"127.0.0.1:0\" }\n");
        Cli.Result drill = runExample();
        assertThat(drill.exitCode()).as(drill.toString()).isZero();
        JsonNode report = JSON.readTree(dir.resolve("drills").resolve(DrillPostgresE2eTest.drillId(drill)).resolve("report.json").toFile());

        io.lifeboat.daemon.Daemon daemon = io.lifeboat.daemon.Daemon.start(io.lifeboat.core.config.ConfigLoader.load(config),
                java.time.Clock.systemUTC());
        try {
            DaemonTesting.Response metrics = DaemonTesting.get(daemon.httpPort(), "/metrics");
            java.util.Map<String, Double> m = DaemonTesting.parsePrometheus(metrics.body());
            String runbook = "{runbook=\"example-drill\"}";
            assertThat(m.get("lifeboat_drill_rto_seconds" + runbook)).as(metrics.body()).isEqualTo(report.get("rtoSeconds").asDouble());
            assertThat(m.get("lifeboat_drill_rpo_seconds" + runbook)).isEqualTo(report.get("rpoSeconds").asDouble());
            assertThat(m.get("lifeboat_drill_rto_objective_seconds" + runbook)).isEqualTo(300.0);
            assertThat(m.get("lifeboat_drill_rpo_objective_seconds" + runbook)).isEqualTo(30 * 86_400.0);
            assertThat(m.get("lifeboat_drill_passed" + runbook)).isEqualTo(1.0);
        } finally {
            daemon.stop();
        }
    }

    @Test
    void theDaemonRunsScheduledDrillsThatNeverOverlapAndSkipsAnInvalidRunbook() throws Exception {
        Files.writeString(config, Files.readString(config) + "\ndaemon: { http: \"127.0.0.1:0\", maxConcurrentJobs: 3, shutdownGrace: 30s }\n");
        Path runbooks = Files.createDirectories(dir.resolve("runbooks"));
        Files.writeString(runbooks.resolve("every-two-seconds.md"), """
                ---
                objectives: { rto: 1m }
                schedule: "0/2 * * * * ?"
                ---
                ```lifeboat
                run sleep 3
                check file %s
                ```
                ```lifeboat cleanup
                run true
                ```
                """.formatted(config));
        Files.writeString(runbooks.resolve("broken.md"), """
                ---
                schedule: "0/2 * * * * ?"
                ---
                ```lifeboat
                launch rockets
                ```
                """);
        Files.writeString(runbooks.resolve("unscheduled.md"), "---\nname: unscheduled\n---\n```lifeboat\nwait 1s\n```\n");
        io.lifeboat.core.config.LifeboatConfig loaded = io.lifeboat.core.config.ConfigLoader.load(config);
        io.lifeboat.daemon.Daemon daemon = io.lifeboat.daemon.Daemon.start(loaded, java.time.Clock.systemUTC(), runbooks,
                dir.resolve("drills"));
        java.util.List<io.lifeboat.core.catalog.DrillRows.Summary> drills;
        try (io.lifeboat.core.catalog.Catalog catalog = io.lifeboat.core.catalog.Catalog.open(loaded.catalog(), java.time.Clock.systemUTC())) {
            io.lifeboat.core.catalog.DrillRows rows = io.lifeboat.core.catalog.DrillRows.of(catalog);
            try {
                DaemonTesting.await(Duration.ofSeconds(60), "two finished scheduled drills", () -> rows.list(null, 100).stream()
                        .filter(d -> d.finished() != null).count() >= 2);
                drills = new java.util.ArrayList<>(rows.list(null, 100));
            } finally {
                daemon.stop();
            }
        }
        assertThat(drills).extracting(io.lifeboat.core.catalog.DrillRows.Summary::runbook).containsOnly("every-two-seconds");
        drills.removeIf(d -> d.finished() == null);
        drills.sort(java.util.Comparator.comparing(io.lifeboat.core.catalog.DrillRows.Summary::started));
        assertThat(drills).allMatch(d -> d.status() == io.lifeboat.core.catalog.DrillRows.Status.PASSED, "passed");
        for (int i = 1; i < drills.size(); i++) {
            assertThat(drills.get(i).started()).as("a drill never overlaps itself").isAfterOrEqualTo(drills.get(i - 1).finished());
        }
        assertThat(drills.get(0).rto()).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void anInvalidRunbookListsEveryProblemAndRunsNothing() throws IOException {
        Path marker = dir.resolve("ran");
        Path runbook = dir.resolve("broken.md");
        Files.writeString(runbook, """
                ---
                name: broken
                objectives: { rpo: 24h, rto: soon }
                ---
                # A runbook with mistakes on purpose
                ```lifeboat
                run touch %s
                restore files --source no-such-source --into ${drill.dir}/x
                restore logs --source app-logs --target nowhere --from 1d --into ${drill.dir}/logs
                frobnicate the database
                check sql --db oracle://127.0.0.1/orders "select 1"
                measure rpo --newest-file ${drill.dir}/x --db postgresql://127.0.0.1/x "select now()"
                check file ${env.LB_DRILL_TEST_UNSET_VARIABLE}
                wait forever
                ```
                ```lifeboat cleanup
                drop database postgresql://127.0.0.1:5432/
                ```
                """.formatted(marker));

        Cli.Result drill = cli.run("drill", "run", runbook.toString(), "--reports", dir.resolve("drills").toString());

        assertThat(drill.exitCode()).as(drill.toString()).isEqualTo(2);
        assertThat(drill.err()).contains("has 9 problem(s), nothing was run")
                .contains("objectives.rto \"soon\" is not a duration")
                .contains("line 8: no source named \"no-such-source\"")
                .contains("line 9: no target named \"nowhere\"")
                .contains("line 10: unknown step \"frobnicate the\"")
                .contains("line 11: check sql --db \"oracle://127.0.0.1/orders\": expected postgresql://")
                .contains("line 12: measure rpo: give either --db URL")
                .contains("line 13: ${env.LB_DRILL_TEST_UNSET_VARIABLE}: the environment variable LB_DRILL_TEST_UNSET_VARIABLE is not set")
                .contains("line 14: wait \"forever\" is not a duration")
                .contains("line 17: drop database \"postgresql://127.0.0.1:5432/\"");
        assertThat(marker).as("nothing ran").doesNotExist();
        assertThat(dir.resolve("drills")).doesNotExist();
        assertThat(cli.run("drill", "list").out()).contains("no drills yet");
    }

    @Test
    void sigintDuringADrillStillRunsTheCleanup() throws Exception {
        Path started = dir.resolve("started");
        Path cleaned = dir.resolve("cleanup-ran");
        Path runbook = dir.resolve("slow.md");
        Files.writeString(runbook, """
                ---
                name: slow
                objectives: { rto: 10m }
                ---
                ```lifeboat
                restore files --source data-volume --into ${drill.dir}/volume
                run touch %s
                wait 10m
                check file ${drill.dir}/volume
                ```
                ```lifeboat cleanup
                run rm -rf ${drill.dir}/volume
                run touch %s
                ```
                """.formatted(started, cleaned));
        Process child = DatabaseE2eTest.ChildLifeboat.start(dir, config, "drill", "run", runbook.toString(),
                "--reports", dir.resolve("drills").toString());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!Files.exists(started) && child.isAlive() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(started).as(DatabaseE2eTest.ChildLifeboat.output(dir)).exists();

        new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).inheritIO().start().waitFor();

        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as(DatabaseE2eTest.ChildLifeboat.output(dir)).isTrue();
        String output = DatabaseE2eTest.ChildLifeboat.output(dir);
        assertThat(cleaned).as(output).exists();
        assertThat(output).contains("interrupted; stopping and running the cleanup steps").contains("INTERRUPTED (cleanup ran)")
                .doesNotContain("internal error");
        Path reports;
        try (var drills = Files.list(dir.resolve("drills"))) {
            reports = drills.findFirst().orElseThrow();
        }
        assertThat(reports.resolve("volume")).as("restored data removed by the cleanup").doesNotExist();
        JsonNode report = JSON.readTree(reports.resolve("report.json").toFile());
        assertThat(report.get("status").asText()).isEqualTo("interrupted");
        // SIGINT lands in the touch step (still finishing) or in the wait: that step fails, the rest is skipped
        JsonNode steps = report.get("steps");
        assertThat(java.util.List.of(steps.get(1).get("status").asText(), steps.get(2).get("status").asText()))
                .isIn(java.util.List.of("passed", "failed"), java.util.List.of("failed", "skipped"));
        assertThat(steps.get(3).get("status").asText()).as("not reached").isEqualTo("skipped");
        assertThat(steps.get(4).get("status").asText()).as("cleanup").isEqualTo("passed");
        assertThat(report.get("steps").get(5).get("status").asText()).as("cleanup").isEqualTo("passed");
    }

    @Test
    void aDrillKilledWithSigkillIsMarkedOrphanedByTheNextOne() throws Exception {
        Path started = dir.resolve("started");
        Path runbook = dir.resolve("killed.md");
        Files.writeString(runbook, """
                ---
                name: killed
                ---
                ```lifeboat
                run touch %s
                wait 10m
                ```
                ```lifeboat cleanup
                run true
                ```
                """.formatted(started));
        Process child = DatabaseE2eTest.ChildLifeboat.start(dir, config, "drill", "run", runbook.toString(),
                "--reports", dir.resolve("drills").toString());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!Files.exists(started) && child.isAlive() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(started).as(DatabaseE2eTest.ChildLifeboat.output(dir)).exists();
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Path next = dir.resolve("next.md");
        Files.writeString(next, "---\nname: next\n---\n```lifeboat\nwait 1s\n```\n");
        Cli.Result drill = cli.run("drill", "run", next.toString(), "--reports", dir.resolve("drills").toString());

        assertThat(drill.exitCode()).as(drill.toString()).isZero();
        assertThat(drill.out()).containsPattern("note: drill \\S+-killed-\\w+ was left running by \\S+:" + child.pid()
                + ", which is gone; marked failed \\(orphaned\\)");
        JsonNode killed = JSON.readTree(cli.run("drill", "list", "--json").out()).get(1);
        assertThat(killed.get("runbook").asText()).isEqualTo("killed");
        assertThat(killed.get("status").asText()).isEqualTo("failed");
        assertThat(killed.get("missed").asText()).startsWith("orphaned: the drill's process");
    }

    @Test
    void theHtmlReportRendersInHeadlessChromium() throws Exception {
        Path chromium = onPath("chromium", "chromium-browser");
        Servers.requireOrSkip(chromium != null, "chromium (apt-get install chromium; .ci/run installs it)");
        runExample();
        Cli.Result drill = runExample(); // two drills: the trend has a line
        Path html = dir.resolve("drills").resolve(DrillPostgresE2eTest.drillId(drill)).resolve("report.html");
        Path png = dir.resolve("report.png");

        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + dir.resolve("chromium-profile"), "--window-size=1000,1300", "--screenshot=" + png,
                html.toUri().toString()).redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(png).as(Files.readString(dir.resolve("chromium.log"))).exists();

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1000);
        Set<Integer> colors = new HashSet<>();
        int passedBar = 0;
        int nonWhite = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colors.add(rgb);
                nonWhite += rgb == 0xffffff ? 0 : 1;
                passedBar += near(rgb, 0x2e9d5b) ? 1 : 0;
            }
        }
        assertThat(colors.size()).as("a rendered page, not a blank one").isGreaterThan(50);
        assertThat(nonWhite).isGreaterThan(image.getWidth() * image.getHeight() / 20);
        assertThat(passedBar).as("green pixels of the PASSED badge and the SVG timeline's bars").isGreaterThan(2000);
        Path keep = Path.of("target", "drill-report.png");
        Files.createDirectories(keep.getParent());
        Files.copy(png, keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private Cli.Result runExample() {
        return cli.run("drill", "run", ROOT.resolve("dr-runbooks/example-drill.md").toString(), "--reports",
                dir.resolve("drills").toString());
    }

    private static boolean near(int rgb, int target) {
        int dr = ((rgb >> 16) & 0xff) - ((target >> 16) & 0xff);
        int dg = ((rgb >> 8) & 0xff) - ((target >> 8) & 0xff);
        int db = (rgb & 0xff) - (target & 0xff);
        return Math.abs(dr) < 12 && Math.abs(dg) < 12 && Math.abs(db) < 12;
    }

    static Path onPath(String... commands) {
        for (String command : commands) {
            for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
                Path p = Path.of(d, command);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }
}
