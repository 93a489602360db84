package io.lifeboat.e2e;

import io.lifeboat.testing.Servers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Two or more daemon processes on one PostgreSQL catalog: a throw-away database, the shared config,
 * child JVMs, signals, and what the catalog says about every scheduled fire.
 */
final class ClusterTesting implements AutoCloseable {
    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    /** Every 3 seconds: several fires in a short test. */
    static final String SCHEDULE = "0/3 * * * * ?";
    static final Duration PERIOD = Duration.ofSeconds(3);

    final Path dir;
    final String database;
    final Path config;
    private final List<Node> nodes = new ArrayList<>();

    /** A published run: its backup, the fire time it served, who ran it, whether it was a recovery. */
    record Run(String backupId, Instant fireTime, String status, String owner, boolean recovering, String dataKey, String reason) {
        boolean published() {
            return status.equals("COMPLETE") || status.equals("VERIFIED") || status.equals("PARTIALLY_FAILED");
        }

        boolean ownedBy(Node node) {
            return owner.endsWith(":" + node.process.pid());
        }
    }

    /** One daemon process and its log. */
    record Node(String name, Process process, Path log) {
        String logText() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }

        void signal(String signal) throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new AssertionError("kill -" + signal + " " + process.pid() + " failed");
            }
        }
    }

    private ClusterTesting(Path dir, String database, Path config) {
        this.dir = dir;
        this.database = database;
        this.config = config;
    }

    /** A fresh database and a config with one directory source firing every 3 s, clustered. */
    static ClusterTesting create(Path dir) throws IOException, SQLException {
        Servers.requireOrSkip(available(), "PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth)");
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        String database = "lifeboat_cluster_" + HexFormat.of().formatHex(random);
        admin("CREATE DATABASE " + database);
        Path data = Files.createDirectories(dir.resolve("data"));
        for (int i = 0; i < 3; i++) {
            Files.writeString(data.resolve("file-" + i + ".txt"), "content " + i + "\n".repeat(i * 100));
        }
        Path config = dir.resolve("lifeboat.yaml");
        // misfireThreshold 60s: fires held back while a dead node's job is recovered are run late, each once
        Files.writeString(config, """
                catalog: { url: "%1$s" }
                targets:
                  primary: { type: file, path: %2$s/var/primary }
                sources:
                  - { name: docs, type: directory, path: %3$s, schedule: "%4$s", timezone: UTC, targets: [primary], rpo: 26h,
                      verify: { enabled: false } }
                daemon: { http: "127.0.0.1:0", cluster: true, clusterCheckin: 1s, lease: 3s, misfireThreshold: 60s,
                          shutdownGrace: 5s }
                """.formatted(SERVER + database + "?user=postgres", dir, data, SCHEDULE));
        return new ClusterTesting(dir, database, config);
    }

    /** Starts a daemon JVM; {@code delayFirstPublishMs} > 0 makes its first run wait that long before publishing. */
    Node start(String name, long delayFirstPublishMs) throws IOException {
        Path log = dir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path")));
        if (delayFirstPublishMs > 0) {
            command.add("-Dlifeboat.test.delayBeforePublishMs=" + delayFirstPublishMs);
        }
        command.addAll(List.of("io.lifeboat.cli.Main", "daemon", "--config", config.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Node node = new Node(name, p, log);
        nodes.add(node);
        return node;
    }

    void awaitLog(Node node, Duration timeout, String text) throws InterruptedException {
        try {
            DaemonTesting.await(timeout, node.name() + " to log \"" + text + "\"", () -> node.logText().contains(text));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + diagnostics(), e);
        }
    }

    /** Every backup with the fire time it served, oldest fire first (empty until the schema exists). */
    List<Run> runs() {
        String sql = "SELECT b.id, r.fire_time, b.status, b.owner, r.recovering, b.data_key, b.reason FROM backups b"
                + " JOIN scheduled_runs r ON r.backup_id = b.id ORDER BY r.fire_time, b.started";
        try (Connection c = connect(database); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            List<Run> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Run(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3),
                        rs.getString(4), rs.getBoolean(5), rs.getString(6), rs.getString(7)));
            }
            return out;
        } catch (SQLException e) {
            return List.of();
        }
    }

    /** The file holding the manifest of a backup in the primary target (present only when published). */
    Path manifestOf(Run run) {
        return dir.resolve("var/primary").resolve(io.lifeboat.core.archive.ObjectLayout.manifestKeyFor(run.dataKey()));
    }

    String diagnostics() {
        StringBuilder out = new StringBuilder("\nruns: ");
        runs().forEach(r -> out.append("\n  ").append(r));
        for (Node n : nodes) {
            out.append("\n--- log of ").append(n.name()).append(" (pid ").append(n.process().pid()).append(") ---\n")
                    .append(n.logText());
        }
        return out.toString();
    }

    @Override
    public void close() throws Exception {
        for (Node n : nodes) {
            if (n.process().isAlive()) {
                try {
                    n.signal("CONT");
                } catch (IOException | AssertionError e) {
                    // already gone
                }
                n.process().destroy();
                if (!n.process().waitFor(15, TimeUnit.SECONDS)) {
                    n.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private static boolean available() {
        try (Connection c = connect("postgres")) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }

    private static Connection connect(String db) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("connectTimeout", "2");
        props.setProperty("socketTimeout", "30");
        return DriverManager.getConnection(SERVER + db, props);
    }
}
