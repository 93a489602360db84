package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.core.catalog.AttemptRecord;
import io.lifeboat.core.catalog.AttemptRows;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.config.LifeboatConfig;
import io.lifeboat.daemon.Daemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronExpression;

/** {@code lifeboat schedule}: every job with its cron, time zone and next fire, before and after a daemon ran. */
class ScheduleE2eTest {
    static final String BERLIN = """
              - { name: berlin, type: directory, path: %s, schedule: "0 30 1 * * ?", timezone: Europe/Berlin, targets: [primary], rpo: 26h }
            """;

    @TempDir
    Path dir;

    @Test
    void listsEveryJobWithItsCronZoneAndNextFire() throws Exception {
        LifeboatConfig config = AlertsTesting.config(dir, 25, "", "0 */5 * * * ?", BERLIN.formatted(dir.resolve("data")));
        Cli cli = new Cli(dir.resolve("lifeboat.yaml"));

        Cli.Result text = cli.run("schedule");

        assertThat(text.exitCode()).as(text.toString()).isZero();
        String[] lines = text.out().split("\n");
        assertThat(lines[0]).startsWith("JOB").contains("CRON").contains("TIMEZONE").contains("NEXT FIRE (UTC)").contains("NEXT FIRE (LOCAL)");
        Instant berlinNext = next("0 30 1 * * ?", "Europe/Berlin");
        assertThat(text.out()).containsPattern("backup docs +0 0 3 \\* \\* \\? +UTC +" + next("0 0 3 * * ?", "UTC") + " .* cron")
                .containsPattern("backup berlin +0 30 1 \\* \\* \\? +Europe/Berlin +" + berlinNext + " +\\S+ 01:30:00 CES?T +cron")
                .containsPattern("rpo-check +0 \\*/5 \\* \\* \\* \\? +UTC +" + next("0 */5 * * * ?", "UTC") + " .* cron");

        // after a daemon has run, the next fires are the ones Quartz stored; a pending retry is listed too
        Files.move(dir.resolve("data"), dir.resolve("aside"));
        Instant before = Instant.now();
        try (Daemon daemon = Daemon.start(config, Clock.systemUTC(), AlertsTesting.ENV::get, AlertsE2eTest.QUICK)) {
            daemon.runNow("docs");
            try (Catalog catalog = Catalog.open(config.catalog(), Clock.systemUTC())) {
                DaemonTesting.await(Duration.ofSeconds(20), "a failed first attempt", () -> new AttemptRows(catalog.dataSource())
                        .recent("docs", 1).stream().anyMatch(a -> a.outcome() == AttemptRecord.Outcome.FAILED));
            }
        }
        Files.move(dir.resolve("aside"), dir.resolve("data")); // the config is valid again for the command line
        Cli.Result json = cli.run("schedule", "--json");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        JsonNode jobs = new ObjectMapper().readTree(json.out());
        assertThat(jobs).hasSize(4);
        JsonNode docs = jobs.get(0);
        assertThat(docs.path("job").asText()).isEqualTo("backup docs");
        assertThat(docs.path("cron").asText()).isEqualTo("0 0 3 * * ?");
        assertThat(docs.path("timezone").asText()).isEqualTo("UTC");
        assertThat(docs.path("nextFireFrom").asText()).isEqualTo("daemon");
        assertThat(Instant.parse(docs.path("nextFire").asText())).isEqualTo(next("0 0 3 * * ?", "UTC"));
        assertThat(jobs.get(2).path("job").asText()).isEqualTo("rpo-check");
        assertThat(jobs.get(2).path("nextFireFrom").asText()).isEqualTo("daemon");
        JsonNode retry = jobs.get(3);
        assertThat(retry.path("job").asText()).isEqualTo("retry docs (attempt 2)");
        assertThat(retry.path("kind").asText()).isEqualTo("retry");
        // default retry: the second attempt 5 minutes (plus up to 10%) after the first failed
        assertThat(Instant.parse(retry.path("nextFire").asText())).isBetween(before.plus(Duration.ofMinutes(5)),
                Instant.now().plus(Duration.ofMinutes(6)));
    }

    private static Instant next(String cron, String zone) throws Exception {
        CronExpression e = new CronExpression(cron);
        e.setTimeZone(TimeZone.getTimeZone(zone));
        return e.getNextValidTimeAfter(new Date()).toInstant();
    }
}
