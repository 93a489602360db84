package io.lifeboat.e2e;

import io.lifeboat.core.config.ConfigLoader;
import io.lifeboat.core.config.LifeboatConfig;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Configs and mail reading for the alert tests: one directory source "docs", mail to a local SMTP server. */
final class AlertsTesting {
    static final Map<String, String> ENV = Map.of("SMTP_USER", "lb-user", "SMTP_PASSWORD", "s3cret-pw");

    private AlertsTesting() {
    }

    /**
     * A config with the source "docs" (3 small files) plus {@code extraSources} (YAML list items), alerts to
     * ops@acme through 127.0.0.1:{@code smtpPort} without TLS, authenticated with {@link #ENV}.
     */
    static LifeboatConfig config(Path dir, int smtpPort, String docsExtra, String rpoCheck, String extraSources) throws IOException {
        return config(dir, "jdbc:h2:file:" + dir + "/var/catalog", smtpPort, docsExtra, rpoCheck, extraSources);
    }

    static LifeboatConfig config(Path dir, String catalogUrl, int smtpPort, String docsExtra, String rpoCheck,
                                 String extraSources) throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        for (int i = 0; i < 3; i++) {
            Files.writeString(data.resolve("file-" + i + ".txt"), "content " + i + "\n".repeat(i * 100));
        }
        Path config = dir.resolve("lifeboat.yaml");
        Files.writeString(config, """
                catalog: { url: "%7$s" }
                targets:
                  primary: { type: file, path: %1$s/var/primary }
                sources:
                  - { name: docs, type: directory, path: %2$s, schedule: "0 0 3 * * ?", timezone: UTC, targets: [primary], rpo: 26h%3$s }
                %6$s
                daemon: { http: "127.0.0.1:0", shutdownGrace: 10s }
                alerts:
                  smtp: { host: 127.0.0.1, port: %4$d, security: none, userEnv: SMTP_USER, passwordEnv: SMTP_PASSWORD }
                  from: lifeboat@acme
                  to: [ops@acme]
                  rpoCheck: "%5$s"
                """.formatted(dir, data, docsExtra.isEmpty() ? "" : ", " + docsExtra, smtpPort, rpoCheck, extraSources,
                catalogUrl));
        return ConfigLoader.load(config);
    }

    /** The plain-text body (the text part of a multipart message). */
    static String text(MimeMessage m) throws MessagingException, IOException {
        Object content = m.getContent();
        if (content instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                if (mp.getBodyPart(i).isMimeType("text/plain")) {
                    return (String) mp.getBodyPart(i).getContent();
                }
            }
            throw new AssertionError("no text/plain part");
        }
        return (String) content;
    }

    /** The HTML part of a multipart message. */
    static String html(MimeMessage m) throws MessagingException, IOException {
        Multipart mp = (Multipart) m.getContent();
        for (int i = 0; i < mp.getCount(); i++) {
            if (mp.getBodyPart(i).isMimeType("text/html")) {
                return (String) mp.getBodyPart(i).getContent();
            }
        }
        throw new AssertionError("no text/html part");
    }
}

/** A PostgreSQL database of its own for one test, on the machine's server (skips without it, fails under CI). */
final class PostgresCatalog implements AutoCloseable {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private final String database;

    PostgresCatalog() throws java.sql.SQLException {
        io.lifeboat.testing.Servers.requireOrSkip(available(), "PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth)");
        byte[] random = new byte[6];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(random);
        database = "lifeboat_alerts_" + java.util.HexFormat.of().formatHex(random);
        execute("CREATE DATABASE " + database);
    }

    String url() {
        return SERVER + database + "?user=postgres";
    }

    @Override
    public void close() throws java.sql.SQLException {
        execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private static boolean available() {
        try (java.sql.Connection c = admin()) {
            return c.isValid(2);
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    private static void execute(String sql) throws java.sql.SQLException {
        try (java.sql.Connection c = admin(); java.sql.Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }

    private static java.sql.Connection admin() throws java.sql.SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", "postgres");
        props.setProperty("connectTimeout", "2");
        return java.sql.DriverManager.getConnection(SERVER + "postgres", props);
    }
}
