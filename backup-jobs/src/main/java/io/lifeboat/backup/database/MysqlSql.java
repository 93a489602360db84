package io.lifeboat.backup.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The JDBC side of {@link MysqlEngine} (MariaDB Connector/J; works with MySQL servers too). */
final class MysqlSql {
    private static final String BASE_TABLES = "table_type in ('BASE TABLE', 'SYSTEM VERSIONED')";

    private MysqlSql() {
    }

    /** Connects to {@code c.database()}, or to the server alone when {@code database} is false. */
    static Connection open(DbConnection c, boolean database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", c.user());
        if (c.password() != null) {
            props.setProperty("password", c.password().value());
        }
        props.setProperty("connectTimeout", "15000");
        String host = c.host().contains(":") && !c.host().startsWith("[") ? "[" + c.host() + "]" : c.host();
        String url = "jdbc:mariadb://" + host + ":" + c.port() + "/" + (database ? c.database() : "");
        return DriverManager.getConnection(url, props);
    }

    static String serverVersion(Connection jdbc) throws SQLException {
        String version = single(jdbc, "select version()");
        return version.contains("MariaDB") ? "MariaDB " + version : "MySQL " + version;
    }

    /** The server's clock now, in UTC. */
    static Instant serverNow(Connection jdbc) throws SQLException {
        try (Statement st = jdbc.createStatement(); ResultSet rs = st.executeQuery("select utc_timestamp(6)")) {
            rs.next();
            return rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC);
        }
    }

    /** information_schema.tables.table_rows per base table (InnoDB: an estimate); unknown: -1. */
    static Map<String, Long> estimates(Connection jdbc, String database) throws SQLException {
        if (!jdbc.getMetaData().getDatabaseProductVersion().contains("MariaDB")) {
            try (Statement st = jdbc.createStatement()) {
                // MySQL 8 caches these statistics for a day by default; MariaDB has no such cache.
                st.execute("set session information_schema_stats_expiry = 0");
            } catch (SQLException e) {
                // MySQL 5.7: no cache either.
            }
        }
        Map<String, Long> estimates = new LinkedHashMap<>();
        try (PreparedStatement ps = jdbc.prepareStatement("select table_name, table_rows from information_schema.tables"
                + " where table_schema = ? and " + BASE_TABLES + " order by 1")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long rows = rs.getLong(2);
                    estimates.put(rs.getString(1), rs.wasNull() ? -1 : rows);
                }
            }
        }
        return estimates;
    }

    static boolean hasTables(Connection jdbc, String database) throws SQLException {
        return count(jdbc, "select count(*) from information_schema.tables where table_schema = ?", database) > 0;
    }

    static int tableCount(Connection jdbc, String database) throws SQLException {
        return (int) count(jdbc, "select count(*) from information_schema.tables where table_schema = ? and "
                + BASE_TABLES, database);
    }

    static Map<String, Long> rowCounts(Connection jdbc, String database) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : estimates(jdbc, database).keySet()) {
            counts.put(table, Long.parseLong(single(jdbc, "select count(*) from " + ident(database) + "."
                    + ident(table))));
        }
        return counts;
    }

    static void createDatabase(Connection server, String name) throws SQLException {
        try (Statement st = server.createStatement()) {
            st.executeUpdate("create database " + ident(name) + " character set utf8mb4");
        }
    }

    static void dropDatabase(Connection server, String name) throws SQLException {
        try (Statement st = server.createStatement()) {
            st.executeUpdate("drop database if exists " + ident(name));
        }
    }

    static List<String> databases(Connection server) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement st = server.createStatement(); ResultSet rs = st.executeQuery("show databases")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static long count(Connection jdbc, String sql, String database) throws SQLException {
        try (PreparedStatement ps = jdbc.prepareStatement(sql)) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String single(Connection jdbc, String sql) throws SQLException {
        try (Statement st = jdbc.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static String ident(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
