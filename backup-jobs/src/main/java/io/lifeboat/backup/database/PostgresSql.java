package io.lifeboat.backup.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The JDBC side of {@link PostgresEngine}: snapshots, catalog queries, create and drop. */
final class PostgresSql {
    /** User tables: not in pg_catalog, information_schema, pg_toast or temp schemas. */
    private static final String USER_RELATIONS = " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
            + " where n.nspname <> 'information_schema' and n.nspname !~ '^pg_'";

    /** The dump's exporting transaction: its snapshot id, server time and server version. */
    record Snapshot(String id, Instant at, String serverVersion) {
    }

    private PostgresSql() {
    }

    static Connection open(DbConnection c) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", c.user());
        if (c.password() != null) {
            props.setProperty("password", c.password().value());
        }
        props.setProperty("connectTimeout", "15");
        props.setProperty("ApplicationName", "lifeboat");
        props.setProperty("tcpKeepAlive", "true");
        String host = c.host().contains(":") && !c.host().startsWith("[") ? "[" + c.host() + "]" : c.host();
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + c.port() + "/" + c.database(), props);
    }

    /** A connection to a maintenance database of c's server: postgres, else template1. */
    static Connection openServer(DbConnection c) throws SQLException {
        try {
            return open(c.withDatabase("postgres"));
        } catch (SQLException e) {
            if (!"3D000".equals(e.getSQLState())) {
                throw e;
            }
            return open(c.withDatabase("template1"));
        }
    }

    /**
     * Starts a read-only repeatable-read transaction on {@code jdbc}, exports its snapshot for
     * {@code pg_dump --snapshot} and reads the server time inside it. The caller keeps the
     * transaction open until pg_dump has finished, and reads the row estimates in it.
     */
    static Snapshot exportSnapshot(Connection jdbc) throws SQLException {
        jdbc.setAutoCommit(false);
        jdbc.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        jdbc.setReadOnly(true);
        try (Statement st = jdbc.createStatement();
             ResultSet rs = st.executeQuery("select pg_export_snapshot(), now(), current_setting('server_version')")) {
            rs.next();
            return new Snapshot(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                    "PostgreSQL " + rs.getString(3));
        }
    }

    /**
     * Per-table row estimates: pg_class.reltuples; never analysed (-1): pg_stat's n_live_tup;
     * neither: -1. Inside the exporting transaction they are what the dump's snapshot saw.
     */
    static Map<String, Long> estimates(Connection jdbc) throws SQLException {
        Map<String, Long> estimates = new LinkedHashMap<>();
        String sql = "select n.nspname, c.relname, c.reltuples::float8, s.n_live_tup" + USER_RELATIONS.replace(
                " where", " left join pg_stat_all_tables s on s.relid = c.oid where")
                + " and c.relkind = 'r' order by 1, 2";
        try (Statement st = jdbc.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                double reltuples = rs.getDouble(3);
                long live = rs.getLong(4);
                boolean liveKnown = !rs.wasNull();
                long estimate = reltuples >= 0 ? Math.round(reltuples) : liveKnown ? live : -1;
                estimates.put(rs.getString(1) + "." + rs.getString(2), estimate);
            }
        }
        return estimates;
    }

    static String serverVersion(Connection jdbc) throws SQLException {
        return "PostgreSQL " + single(jdbc, "show server_version");
    }

    static boolean hasTables(Connection jdbc) throws SQLException {
        try (Statement st = jdbc.createStatement(); ResultSet rs = st.executeQuery("select exists(select 1"
                + USER_RELATIONS + " and c.relkind in ('r', 'p', 'v', 'm', 'f'))")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    static int tableCount(Connection jdbc) throws SQLException {
        return Integer.parseInt(single(jdbc, "select count(*)" + USER_RELATIONS + " and c.relkind in ('r', 'p')"));
    }

    static Map<String, Long> rowCounts(Connection jdbc) throws SQLException {
        return rowCounts(jdbc, Map.of());
    }

    /**
     * Exact rows of every user table: {@code known} counts where they have the table, a count(*) for the
     * rest (keys of {@code known} that name no table are ignored).
     */
    static Map<String, Long> rowCounts(Connection jdbc, Map<String, Long> known) throws SQLException {
        List<String[]> tables = new ArrayList<>();
        try (Statement st = jdbc.createStatement();
             ResultSet rs = st.executeQuery("select n.nspname, c.relname, format('%I.%I', n.nspname, c.relname)"
                     + USER_RELATIONS + " and c.relkind = 'r' order by 1, 2")) {
            while (rs.next()) {
                tables.add(new String[] {rs.getString(1) + "." + rs.getString(2), rs.getString(3)});
            }
        }
        if (!tables.stream().allMatch(t -> known.containsKey(t[0]))
                && Integer.parseInt(single(jdbc, "show server_version_num")) >= 110000) {
            // a count(*) over a large table passes jit_above_cost: compiling it took longer than it saved
            // (a 5M-row table: 250 ms with JIT, 220 ms without)
            try (Statement st = jdbc.createStatement()) {
                st.execute("set jit = off");
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String[] table : tables) {
            Long k = known.get(table[0]);
            counts.put(table[0], k != null ? k : Long.parseLong(single(jdbc, "select count(*) from " + table[1])));
        }
        return counts;
    }

    static void createDatabase(Connection server, String name) throws SQLException {
        try (Statement st = server.createStatement()) {
            st.executeUpdate("create database " + ident(name) + " template template0");
        }
    }

    static void dropDatabase(Connection server, String name) throws SQLException {
        try (Statement st = server.createStatement()) {
            if (Integer.parseInt(single(server, "show server_version_num")) >= 130000) {
                st.executeUpdate("drop database if exists " + ident(name) + " with (force)");
                return;
            }
            st.executeQuery("select pg_terminate_backend(pid) from pg_stat_activity where datname = "
                    + literal(name)).close();
            st.executeUpdate("drop database if exists " + ident(name));
        }
    }

    static List<String> databases(Connection server) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement st = server.createStatement();
             ResultSet rs = st.executeQuery("select datname from pg_database order by 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static String single(Connection jdbc, String sql) throws SQLException {
        try (Statement st = jdbc.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
