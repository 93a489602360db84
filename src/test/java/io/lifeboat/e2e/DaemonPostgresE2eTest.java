package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.config.ConfigLoader;
import io.lifeboat.core.config.LifeboatConfig;
import io.lifeboat.daemon.Daemon;
import io.lifeboat.testing.Servers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon on the machine's PostgreSQL catalog (Quartz's PostgreSQL tables and delegate): it fires,
 * and {@code /health} turns 503 when the catalog database is dropped under it.
 */
class DaemonPostgresE2eTest {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    @TempDir
    Path dir;
    String database;

    @AfterEach
    void dropDatabase() throws SQLException {
        if (database != null) {
            execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void firesOnPostgresAndHealthTurns503WhenTheCatalogIsGone() throws Exception {
        Servers.requireOrSkip(available(), "PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth)");
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        database = "lifeboat_daemon_" + HexFormat.of().formatHex(random);
        execute("CREATE DATABASE " + database);
        LifeboatConfig config = ConfigLoader.load(DaemonTesting.config(dir,
                SERVER + database + "?user=postgres", "0/2 * * * * ?", "{ http: \"127.0.0.1:0\", shutdownGrace: 10s }"));

        Daemon daemon = Daemon.start(config, Clock.systemUTC());
        try (Catalog catalog = Catalog.open(config.catalog(), Clock.systemUTC())) {
            DaemonTesting.await(Duration.ofSeconds(40), "a verified backup on PostgreSQL",
                    () -> !DaemonE2eTest.verified(catalog).isEmpty());
            DaemonTesting.Response up = DaemonTesting.get(daemon.httpPort(), "/health");
            assertThat(up.status()).as(up.body()).isEqualTo(200);
            Map<String, Double> metrics = DaemonTesting.parsePrometheus(DaemonTesting.get(daemon.httpPort(), "/metrics").body());
            assertThat(metrics.get("lifeboat_verified_backup_age_seconds{source=\"docs\"}")).isBetween(0.0, 60.0);

            execute("DROP DATABASE " + database + " WITH (FORCE)");

            DaemonTesting.Response down = DaemonTesting.get(daemon.httpPort(), "/health");
            assertThat(down.status()).as(down.body()).isEqualTo(503);
            assertThat(down.body()).contains("\"status\":\"DOWN\"").contains("\"up\":false").contains(database);
            Map<String, Double> after = DaemonTesting.parsePrometheus(DaemonTesting.get(daemon.httpPort(), "/metrics").body());
            assertThat(after.get("lifeboat_catalog_up")).isZero();
        } finally {
            daemon.stop();
        }
    }

    private static boolean available() {
        try (Connection c = admin()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }

    private static Connection admin() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("connectTimeout", "2");
        props.setProperty("socketTimeout", "60");
        return DriverManager.getConnection(SERVER + "postgres", props);
    }
}
