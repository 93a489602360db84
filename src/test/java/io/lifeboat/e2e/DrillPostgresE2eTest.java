package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.testing.MotoServer;
import io.lifeboat.testing.Servers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * DR drills against the machine's PostgreSQL and an S3 DR target (moto_server): a database backup is
 * restored from S3 into a drill database, checked, its data-loss window measured from a table whose
 * newest row is known, and the drill database dropped by the cleanup, also when a step failed.
 */
class DrillPostgresE2eTest {
    @RegisterExtension
    static MotoServer moto = new MotoServer();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Cli cli;
    String bucket;
    String source;
    String drillDb;
    /** The newest {@code created_at} in the source's orders table. */
    Instant newest;

    @BeforeEach
    void setUp() throws Exception {
        Servers.requireOrSkip(reachable(), "PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth; .ci/run starts it)");
        String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        source = "lb_drill_src_" + suffix;
        drillDb = "lb_drill_into_" + suffix;
        newest = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        execute(null, "create database " + source);
        execute(source, "create table orders (id int primary key, created_at timestamptz not null)",
                "insert into orders select g, timestamptz '" + newest + "' - (300 - g) * interval '1 minute'"
                        + " from generate_series(1, 300) g");
        bucket = moto.createBucket("drill-" + suffix);
        Path config = dir.resolve("lifeboat.yaml");
        Files.writeString(config, """
                catalog: { url: "jdbc:h2:file:%1$s/var/catalog" }
                targets:
                  primary: { type: file, path: %1$s/var/primary }
                  dr: { type: s3, bucket: %2$s, region: eu-central-1, prefix: lifeboat/, endpoint: "%3$s", pathStyle: true }
                sources:
                  - name: orders-db
                    type: postgres
                    connection: { host: 127.0.0.1, port: 5432, database: %4$s, user: postgres }
                    schedule: "0 0 1 * * ?"
                    targets: [primary, dr]
                    rpo: 25h
                """.formatted(dir, bucket, moto.endpoint(), source));
        cli = new Cli(config);
        Cli.Result backup = cli.run("backup", "run", "orders-db");
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
    }

    @AfterEach
    void dropDatabases() throws SQLException {
        if (source != null && reachable()) {
            execute(null, "drop database if exists " + source + " with (force)", "drop database if exists " + drillDb + " with (force)");
        }
    }

    @Test
    void fullDrillRestoresFromS3ChecksMeasuresReportsAndDropsTheDrillDatabase() throws Exception {
        Path runbook = runbook("rpo: 24h, rto: 10m", "select count(*) = 300 from orders");

        Cli.Result drill = cli.run("drill", "run", runbook.toString(), "--reports", dir.resolve("drills").toString());

        assertThat(drill.exitCode()).as(drill.toString()).isZero();
        assertThat(drill.out()).contains("[1/3] restore database --source orders-db --target dr").contains("PASSED")
                .containsPattern("RTO [0-9.]+ (ms|s) \\(objective 10m00s\\)");
        String id = drillId(drill);
        Path reports = dir.resolve("drills").resolve(id);
        JsonNode report = JSON.readTree(reports.resolve("report.json").toFile());
        Instant started = Instant.parse(report.get("started").asText());
        double expectedRpo = Duration.between(newest, started).toMillis() / 1000.0;
        assertThat(report.get("rpoSeconds").asDouble()).as("measured RPO = drill start - newest order").isCloseTo(expectedRpo, within(1.0));
        assertThat(report.get("rpoSeconds").asDouble()).isBetween(3 * 3600.0 - 1, 3 * 3600.0 + 120);
        assertThat(report.get("backupRpoSeconds").asDouble()).as("from the backup's consistent point").isBetween(0.0, 120.0);
        assertThat(report.get("rtoSeconds").asDouble()).isPositive().isLessThan(600);
        assertThat(report.get("status").asText()).isEqualTo("passed");
        JsonNode restore = report.get("steps").get(0);
        assertThat(restore.get("kind").asText()).isEqualTo("restore");
        assertThat(restore.get("durationSeconds").asDouble()).isPositive();
        assertThat(restore.get("backups").get(0).get("source").asText()).isEqualTo("orders-db");
        assertThat(reports.resolve("report.md")).content().contains("RTO achieved").contains("✅ **PASSED** `restore database");
        String html = Files.readString(reports.resolve("report.html"));
        assertThat(html).contains("<svg id=\"timeline\"").contains("<rect class=\"step passed\"").contains("<svg id=\"trend\"")
                .contains("class=\"objective\"").contains("<circle class=\"point\"").doesNotContain("<script").doesNotContain("http://127");
        assertThat(databaseExists(drillDb)).as("the cleanup dropped the drill database").isFalse();
        assertThat(moto.s3().listObjectsV2(b -> b.bucket(bucket).prefix("lifeboat/_drills/" + id + "/")).contents())
                .extracting(S3Object::key).containsExactlyInAnyOrder("lifeboat/_drills/" + id + "/report.md",
                        "lifeboat/_drills/" + id + "/report.json", "lifeboat/_drills/" + id + "/report.html");

        Cli.Result list = cli.run("drill", "list", "--json");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        JsonNode listed = JSON.readTree(list.out()).get(0);
        assertThat(listed.get("id").asText()).isEqualTo(id);
        assertThat(listed.get("status").asText()).isEqualTo("passed");
        assertThat(listed.get("rpoSeconds").asDouble()).isCloseTo(expectedRpo, within(1.0));
        Cli.Result stored = cli.run("drill", "report", id, "--format", "json");
        assertThat(stored.out()).isEqualTo(Files.readString(reports.resolve("report.json")));

        Cli.Result second = cli.run("drill", "run", runbook.toString(), "--reports", dir.resolve("drills").toString());
        assertThat(second.exitCode()).as(second.toString()).isZero();
        String html2 = Files.readString(dir.resolve("drills").resolve(drillId(second)).resolve("report.html"));
        assertThat(html2.split("<circle class=\"point\"", -1)).as("the trend shows both drills (RTO and RPO panels)").hasSize(5);
    }

    @Test
    void aFailingCheckExits1AndTheCleanupStillDropsTheDatabase() throws Exception {
        Path runbook = runbook("rpo: 24h, rto: 10m", "select count(*) = 999 from orders");

        Cli.Result drill = cli.run("drill", "run", runbook.toString(), "--reports", dir.resolve("drills").toString());

        assertThat(drill.exitCode()).as(drill.toString()).isEqualTo(1);
        assertThat(drill.out()).contains("FAILED").contains("returned false (expected true)").contains("[cleanup 1/1] drop database")
                .contains("dropped database " + drillDb);
        assertThat(databaseExists(drillDb)).isFalse();
        JsonNode report = JSON.readTree(dir.resolve("drills").resolve(drillId(drill)).resolve("report.json").toFile());
        assertThat(report.get("status").asText()).isEqualTo("failed");
        assertThat(report.get("steps").get(2).get("status").asText()).as("the step after the failure").isEqualTo("skipped");
        assertThat(report.get("rtoSeconds").isNull()).as("recovery did not complete").isTrue();
    }

    @Test
    void anRtoObjectiveOfOneSecondMissedExits3AndSaysWhich() throws Exception {
        Path runbook = runbook("rpo: 24h, rto: 1s", "select pg_sleep(1.2) is not null and count(*) = 300 from orders");

        Cli.Result drill = cli.run("drill", "run", runbook.toString(), "--reports", dir.resolve("drills").toString());

        assertThat(drill.exitCode()).as(drill.toString()).isEqualTo(3);
        assertThat(drill.out()).contains("OBJECTIVE MISSED").contains("MISSED: RTO objective 1.0 s missed: recovery took");
        JsonNode report = JSON.readTree(dir.resolve("drills").resolve(drillId(drill)).resolve("report.json").toFile());
        assertThat(report.get("status").asText()).isEqualTo("objective_missed");
        assertThat(report.get("missed").get(0).asText()).startsWith("RTO objective");
        assertThat(report.get("missed")).hasSize(1);
        assertThat(report.get("rtoSeconds").asDouble()).isGreaterThan(1.2);
        assertThat(databaseExists(drillDb)).isFalse();
        assertThat(cli.run("drill", "report", drillId(drill)).out()).contains("OBJECTIVE MISSED").contains("RTO objective 1.0 s missed");
    }

    private Path runbook(String objectives, String check) throws IOException {
        String url = "postgresql://postgres@127.0.0.1:5432/" + drillDb;
        Path file = dir.resolve("orders-drill.md");
        Files.writeString(file, """
                ---
                name: orders-drill
                objectives: { %1$s }
                ---
                # Orders database drill
                ## Restore from the DR region
                ```lifeboat
                restore database --source orders-db --target dr --into %2$s
                ```
                ## Check and measure
                ```lifeboat
                check sql --db %2$s "%3$s"
                measure rpo --db %2$s "select max(created_at) from orders"
                ```
                ## Cleanup
                ```lifeboat cleanup
                drop database %2$s
                ```
                """.formatted(objectives, url, check));
        return file;
    }

    static String drillId(Cli.Result r) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^drill (\\S+): ", java.util.regex.Pattern.MULTILINE).matcher(r.out());
        assertThat(m.find()).as(r.toString()).isTrue();
        return m.group(1);
    }

    private static boolean reachable() {
        try (Connection c = connect(null)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("connectTimeout", "3");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + (database == null ? "postgres" : database), props);
    }

    private static void execute(String database, String... sql) throws SQLException {
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    private static boolean databaseExists(String name) throws SQLException {
        try (Connection c = connect(null); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
            return rs.next();
        }
    }
}
