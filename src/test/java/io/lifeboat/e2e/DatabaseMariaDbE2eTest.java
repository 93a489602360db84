package io.lifeboat.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** {@link DatabaseE2eTest} against the machine's MariaDB (127.0.0.1:3306, root, empty password). */
class DatabaseMariaDbE2eTest extends DatabaseE2eTest {
    private static final Map<String, String> ROWS = Map.of(
            "items", "concat_ws('#', id, name, price, hex(data), doc, created)",
            "customers", "concat_ws('#', id, email)");

    @Override
    String type() {
        return "mysql";
    }

    @Override
    String scheme() {
        return "mysql";
    }

    @Override
    int port() {
        return 3306;
    }

    @Override
    String user() {
        return "root";
    }

    @Override
    String serverDescription() {
        return "MariaDB at 127.0.0.1:3306 (user root, empty password; .ci/run starts it)";
    }

    @Override
    Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "root");
        props.setProperty("connectTimeout", "3000");
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/" + (database == null ? "" : database), props);
    }

    @Override
    List<String> serverDatabases() throws SQLException {
        return strings(null, "show databases");
    }

    @Override
    void createEmptyDatabase(String name) throws SQLException {
        execute(null, "create database " + name + " character set utf8mb4");
    }

    @Override
    void dropDatabase(String name) throws SQLException {
        execute(null, "drop database if exists " + name);
    }

    @Override
    void fill(String database, int version) throws SQLException {
        if (version == 2) {
            execute(database,
                    "update items set price = price + 1 where id % 3 = 0",
                    "delete from customers where id > 45",
                    "insert into customers (email) values ('new@example.com')");
            return;
        }
        execute(database,
                "create table items (id int primary key, name varchar(200) not null, price decimal(10, 2), data blob,"
                        + " doc json, created datetime(6) not null, index items_name_ix (name))",
                "create table customers (id int auto_increment primary key, email varchar(100) not null unique)",
                "create view expensive as select id, name from items where price > 100",
                "create function item_count() returns bigint reads sql data return (select count(*) from items)");
        try (Connection c = connect(database)) {
            try (PreparedStatement ps = c.prepareStatement("insert into items values (?, ?, ?, unhex(md5(?)),"
                    + " json_object('n', ?, 'tags', json_array('a', ?)), '2026-01-01' + interval ? hour)")) {
                for (int g = 1; g <= 300; g++) {
                    ps.setInt(1, g);
                    ps.setString(2, "item " + g + " ✓ ünïcödé");
                    ps.setDouble(3, g * 1.5);
                    ps.setString(4, Integer.toString(g));
                    ps.setInt(5, g);
                    ps.setInt(6, g);
                    ps.setInt(7, g);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into customers (email) values (?)")) {
                for (int g = 1; g <= 50; g++) {
                    ps.setString(1, "c" + g + "@example.com");
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    @Override
    Map<String, String> checksums(String database) throws SQLException {
        Map<String, String> sums = new LinkedHashMap<>();
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            st.execute("set session group_concat_max_len = 1073741824");
            for (Map.Entry<String, String> t : ROWS.entrySet()) {
                try (ResultSet rs = st.executeQuery("select concat(count(*), ':', coalesce(md5(group_concat(" + t.getValue()
                        + " order by id separator '|')), '')) from " + t.getKey())) {
                    rs.next();
                    sums.put(t.getKey(), rs.getString(1));
                }
            }
        }
        sums.put("item_count()", strings(database, "select item_count()").get(0));
        sums.put("expensive", strings(database, "select count(*) from expensive").get(0));
        return sums;
    }

    @Override
    String tableKey(String table) {
        return table;
    }

    @Override
    String slowCheck(int seconds) {
        return "select sleep(" + seconds + ") = 0";
    }

    private void execute(String database, String... statements) throws SQLException {
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    private List<String> strings(String database, String sql) throws SQLException {
        try (Connection c = connect(database); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
