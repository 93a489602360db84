package io.lifeboat.core.catalog;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/** Throw-away databases on the machine's PostgreSQL (127.0.0.1:5432, user postgres, trust auth). */
final class PostgresDatabases {
    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String DESCRIPTION = "PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth)";

    private PostgresDatabases() {
    }

    static boolean available() {
        try (Connection c = admin()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Creates a uniquely named database and returns its name. */
    static String create() throws SQLException {
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        String name = "lifeboat_catalog_" + HexFormat.of().formatHex(random);
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE DATABASE " + name);
        }
        return name;
    }

    static void drop(String name) throws SQLException {
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.executeUpdate("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static Connection admin() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("connectTimeout", "2");
        return DriverManager.getConnection(SERVER + "postgres", props);
    }
}
