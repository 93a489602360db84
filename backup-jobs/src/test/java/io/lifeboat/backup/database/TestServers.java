package io.lifeboat.backup.database;

import io.lifeboat.testing.Servers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The machine's PostgreSQL (127.0.0.1:5432, postgres, trust) and MariaDB (127.0.0.1:3306, root, empty
 * password): admin connections, unique names, and what the tests check against.
 */
final class TestServers {
    static final String PG_WHAT = "PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth; .ci/run starts it)";
    static final String MARIA_WHAT = "MariaDB at 127.0.0.1:3306 (user root, empty password; .ci/run starts it)";

    private TestServers() {
    }

    static DbConnection pg(String database) {
        return DbConnection.server("127.0.0.1", 5432, database, "postgres", null);
    }

    static DbConnection maria(String database) {
        return DbConnection.server("127.0.0.1", 3306, database, "root", null);
    }

    static void requirePostgres() {
        Servers.requireOrSkip(reachable(() -> pgAdmin("postgres")), PG_WHAT);
    }

    static void requireMaria() {
        Servers.requireOrSkip(reachable(() -> mariaAdmin(null)), MARIA_WHAT);
    }

    /** A fresh name: {@code prefix_<12 hex>}. */
    static String unique(String prefix) {
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        return prefix + "_" + HexFormat.of().formatHex(random);
    }

    /** Creates PostgreSQL database {@code name} (from template0, as the engine does) and runs {@code sql} in it. */
    static void pgDatabase(String name, String... sql) throws SQLException {
        try (Connection c = pgAdmin("postgres")) {
            execute(c, "create database " + name + " template template0");
        }
        try (Connection c = pgAdmin(name)) {
            execute(c, sql);
        }
    }

    static Connection pgAdmin(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("connectTimeout", "3");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, props);
    }

    static Connection mariaAdmin(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "root");
        props.setProperty("connectTimeout", "3000");
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/" + (database == null ? "" : database), props);
    }

    static void execute(Connection c, String... sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    /**
     * The tables the custom-format readers are tested on: a quoted mixed-case schema and table whose
     * 20,000 values hold newlines, carriage returns, tabs, backslashes and a {@code \\.} (COPY's
     * end-of-data marker, escaped), bytea full of 0x0a, an empty table, and a table partitioned in two
     * (213 and 187 rows). Each test adds its own.
     */
    static final List<String> TRICKY_TABLES = List.of(
            "create schema \"Odd Schema\"",
            "create table \"Odd Schema\".\"Mixed Case\"(id int primary key, body text, raw bytea)",
            "insert into \"Odd Schema\".\"Mixed Case\" select g, E'line one\\nline two\\r\\n\\ttab \\\\ \\\\. ' || g,"
                    + " decode(repeat('0a', g % 50), 'hex') from generate_series(1, 20000) g",
            "create table public.empty(id int)",
            "create table public.measures(at date not null, v int) partition by range (at)",
            "create table public.measures_2025 partition of public.measures for values from ('2025-01-01') to ('2026-01-01')",
            "create table public.measures_2026 partition of public.measures for values from ('2026-01-01') to ('2027-01-01')",
            "insert into public.measures select date '2025-06-01' + g, g from generate_series(1, 400) g");

    /** {@link #TRICKY_TABLES}, then {@code more}. */
    static String[] trickyTables(String... more) {
        List<String> all = new ArrayList<>(TRICKY_TABLES);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** Interrupts {@code caller} after {@code millis}, unless the returned thread is interrupted first. */
    static Thread interruptLater(Thread caller, long millis) {
        Thread interrupter = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException ignored) {
                return;
            }
            caller.interrupt();
        });
        interrupter.start();
        return interrupter;
    }

    /** Children of this JVM whose command ends with one of {@code names}: tools left running. */
    static List<ProcessHandle> children(String... names) {
        return ProcessHandle.current().descendants()
                .filter(p -> p.isAlive() && p.info().command().map(c -> {
                    for (String n : names) {
                        if (c.endsWith("/" + n)) {
                            return true;
                        }
                    }
                    return false;
                }).orElse(false))
                .toList();
    }

    private interface Opener {
        Connection open() throws SQLException;
    }

    private static boolean reachable(Opener opener) {
        try (Connection c = opener.open()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
