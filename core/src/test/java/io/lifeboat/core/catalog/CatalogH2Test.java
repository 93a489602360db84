package io.lifeboat.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.core.archive.BackupId;
import io.lifeboat.core.config.CatalogConfig;
import java.io.IOException;
import java.time.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog contract on the embedded H2 file database (the default). */
class CatalogH2Test extends CatalogContract {
    @TempDir
    Path dir;

    @Override
    protected CatalogConfig newDatabase() {
        return new CatalogConfig("jdbc:h2:file:" + dir.resolve("var/catalog"), null, null);
    }

    @Test
    void theFileIsCreatedWhereTheUrlSays() {
        assertThat(dir.resolve("var/catalog.mv.db")).exists();
    }

    @Test
    void anotherProcessCanUseTheCatalogWhileThisOneHasItOpen() throws Exception {
        catalog.insertBackup(backup("20261125T010000Z-00000001", "app-logs", T0));

        Process child = javaProcess(CatalogSecondProcess.class.getName(), config.url(), "20261125T010000Z-00000001",
                "20261125T020000Z-00000002");
        boolean exited = child.waitFor(60, TimeUnit.SECONDS);
        String output = new String(child.getInputStream().readAllBytes());

        assertThat(exited).as("second process finished").isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("saw 20261125T010000Z-00000001");
        assertThat(catalog.backup(new BackupId("20261125T020000Z-00000002"))).isPresent();
    }

    private static Process javaProcess(String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** A catalog whose history lacks a migration older than its newest must not pass as up to date. */
    @Test
    void aCatalogMissingAnOlderMigrationIsRefusedLoudlyNotTakenAsUpToDate() throws Exception {
        CatalogConfig cfg = new CatalogConfig("jdbc:h2:file:" + dir.resolve("gap"), null, null);
        try (Catalog catalog = Catalog.open(cfg, Clock.systemUTC());
             java.sql.Connection c = catalog.dataSource().getConnection();
             java.sql.Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '6'")).isEqualTo(1);
        }
        io.lifeboat.core.LifeboatException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                io.lifeboat.core.LifeboatException.class, () -> Catalog.open(cfg, Clock.systemUTC()).close());
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("migrating the schema failed").contains("6");
    }

    /** Quartz interrupts its thread on shutdown; a plain H2 file store died of that ("Writing to ... failed"). */
    @Test
    void aThreadInterruptedWhileWritingDoesNotBreakTheCatalog() throws Exception {
        CatalogConfig cfg = new CatalogConfig("jdbc:h2:file:" + dir.resolve("interrupted"), null, null);
        try (Catalog catalog = Catalog.open(cfg, Clock.systemUTC())) {
            javax.sql.DataSource ds = catalog.dataSource();
            try (java.sql.Connection c = ds.getConnection()) {
                c.createStatement().execute("CREATE TABLE scratch(id INT PRIMARY KEY, v VARCHAR(200))");
            }
            java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
            Thread writer = new Thread(() -> {
                for (int i = 0; i < 2_000; i++) {
                    try (java.sql.Connection c = ds.getConnection();
                         java.sql.Statement st = c.createStatement()) {
                        st.execute("MERGE INTO scratch VALUES(" + (i % 50) + ", '" + "x".repeat(150) + i + "')");
                    } catch (java.sql.SQLException e) {
                        failures.incrementAndGet();
                    }
                    Thread.interrupted();
                }
            });
            writer.start();
            while (writer.isAlive()) {
                writer.interrupt();
                Thread.sleep(1);
            }
            assertThat(catalog.backups(null, 10)).isEmpty(); // the catalog still answers
            try (java.sql.Connection c = ds.getConnection();
                 java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM scratch")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(50);
            }
        }
    }

    @Test
    void autoServerIsAddedToFileUrlsOnly() throws IOException {
        assertThat(CatalogDataSource.h2Url("jdbc:h2:file:/var/lib/lifeboat/catalog"))
                .isEqualTo("jdbc:h2:retry:file:/var/lib/lifeboat/catalog;AUTO_SERVER=TRUE;WRITE_DELAY=0");
        assertThat(CatalogDataSource.h2Url("jdbc:h2:file:/x;AUTO_SERVER=FALSE;WRITE_DELAY=500"))
                .isEqualTo("jdbc:h2:retry:file:/x;AUTO_SERVER=FALSE;WRITE_DELAY=500");
        assertThat(CatalogDataSource.h2Url("jdbc:h2:/y")).isEqualTo("jdbc:h2:retry:file:/y;AUTO_SERVER=TRUE;WRITE_DELAY=0");
        assertThat(CatalogDataSource.h2Url("jdbc:h2:retry:file:/z")).isEqualTo("jdbc:h2:retry:file:/z;AUTO_SERVER=TRUE;WRITE_DELAY=0");
        assertThat(CatalogDataSource.h2Url("jdbc:h2:mem:test")).isEqualTo("jdbc:h2:mem:test");
        assertThat(CatalogDataSource.h2Url("jdbc:h2:tcp://db/catalog")).isEqualTo("jdbc:h2:tcp://db/catalog");
        assertThat(Files.exists(dir)).isTrue();
    }
}
