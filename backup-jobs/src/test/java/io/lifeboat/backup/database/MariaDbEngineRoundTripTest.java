package io.lifeboat.backup.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dump a MariaDB database (1,000,000 rows, indexes, a view, a function, a procedure, a trigger, an
 * event, a sequence, blob and json columns, unicode) and restore it under another name; compare
 * per-table checksums and the objects.
 */
class MariaDbEngineRoundTripTest {
    private final DatabaseEngine engine = DatabaseEngines.forKind("mysql");
    private final List<String> databases = new ArrayList<>();

    @TempDir
    Path temp;

    @BeforeEach
    void servers() {
        TestServers.requireMaria();
    }

    @AfterEach
    void cleanUp() {
        databases.forEach(db -> engine.dropDatabase(TestServers.maria(db)));
    }

    @Test
    void restoredDatabaseEqualsTheOriginal() throws Exception {
        String source = database("lb_my_src");
        engine.createDatabase(TestServers.maria(source));
        assertThat(engine.hasTables(TestServers.maria(source))).isFalse();
        try (Connection c = TestServers.mariaAdmin(source)) {
            populate(c);
        }
        Map<String, String> before = checksums(source);
        assertThat(before).containsKeys("orders", "customers", "digits");

        Instant beforeDump = serverNow();
        Path dumpFile = temp.resolve("db.sql");
        DumpInfo info;
        try (OutputStream out = Files.newOutputStream(dumpFile)) {
            info = engine.dump(TestServers.maria(source), out);
        }
        assertThat(info.format()).isEqualTo("mysqldump-sql");
        assertThat(info.toolVersion()).containsAnyOf("mariadb-dump", "mysqldump");
        assertThat(info.serverVersion()).startsWith("MariaDB ");
        assertThat(info.consistentPoint()).isBetween(beforeDump.minusSeconds(1), serverNow());
        assertThat(info.rowEstimates()).containsKeys("orders", "customers", "digits");
        assertThat(info.rowEstimates().get("orders")).isBetween(500_000L, 1_500_000L);
        try (InputStream head = Files.newInputStream(dumpFile)) {
            assertThat(new String(head.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("CREATE TABLE").doesNotContain("CREATE DATABASE").doesNotContain("USE `");
        }

        String restored = database("lb_my_dst");
        engine.createDatabase(TestServers.maria(restored));
        RestoreInfo restore;
        try (InputStream in = Files.newInputStream(dumpFile)) {
            restore = engine.restore(in, TestServers.maria(restored), 4);
        }
        assertThat(checksums(restored)).isEqualTo(before);
        assertThat(engine.rowCounts(TestServers.maria(restored))).containsEntry("orders", 1_000_001L)
                .containsEntry("customers", 3L).containsEntry("digits", 1000L);
        assertThat(restore.tables()).isEqualTo(before.size());
        assertObjects(restored);
        System.out.printf("mariadb round trip: dump %d MB; restore %s%n", Files.size(dumpFile) >> 20,
                restore.duration());
    }

    @Test
    void checksAndCatalogQueries() throws Exception {
        String db = database("lb_my_chk");
        DbConnection conn = TestServers.maria(db);
        engine.createDatabase(conn);
        try (Connection c = TestServers.mariaAdmin(db)) {
            TestServers.execute(c, "create table t(id int primary key)", "insert into t values (1), (2), (3)");
        }
        assertThat(engine.hasTables(conn)).isTrue();
        assertThat(engine.rowCounts(conn)).isEqualTo(Map.of("t", 3L));
        assertThat(engine.check(conn, "select count(*) > 0 from t").passed()).isTrue();
        assertThat(engine.check(conn, "select count(*) > 5 from t").detail()).isEqualTo("value: 0");
        assertThat(engine.check(conn, "select 'yes'").passed()).isTrue();
        assertThat(engine.check(conn, "select id from t where id > 10").detail()).isEqualTo("no rows");
        assertThat(engine.check(conn, "select count(*) from missing").error()).isTrue();
        assertThat(engine.databasesLike(conn, "lb_my_chk_")).contains(db);
        engine.dropDatabase(conn);
        assertThat(engine.databasesLike(conn, db)).isEmpty();
    }

    private String database(String prefix) {
        String name = TestServers.unique(prefix);
        databases.add(name);
        return name;
    }

    private static void populate(Connection c) throws SQLException {
        TestServers.execute(c,
                "create table digits(n int primary key)",
                "insert into digits with recursive d(n) as (select 0 union all select n + 1 from d where n < 999)"
                        + " select n from d",
                "create table customers(id int primary key, name varchar(100) character set utf8mb4 not null,"
                        + " email varchar(200), unique key customers_email(email))",
                "insert into customers values (1, 'Zoë Ünicode', 'zoe@example.org'), (2, '日本語 😀', null),"
                        + " (3, 'O''Brien \\\\ \\\"quoted\\\"', 'ob@example.org')",
                "create table orders(id bigint primary key, customer_id int not null, amount decimal(12,2),"
                        + " created_at datetime(6) not null, payload json, digest blob, note text character set utf8mb4,"
                        + " key orders_customer(customer_id)) engine=InnoDB",
                "insert into orders select a.n * 1000 + b.n + 1, (a.n * 1000 + b.n) % 1000, (a.n * 1000 + b.n) / 100,"
                        + " timestamp '2024-01-01 00:00:00' + interval (a.n * 1000 + b.n) second,"
                        + " json_object('n', a.n * 1000 + b.n, 'tags', json_array('a', 'ü')),"
                        + " unhex(md5(a.n * 1000 + b.n)),"
                        + " case when b.n % 10 = 0 then concat('ünïcødé ✓ 日本語 😀 ', a.n * 1000 + b.n) end"
                        + " from digits a cross join digits b",
                "insert into orders values (0, 0, null, '2020-01-01', null, x'000d0a27225c00ff', 'tab\\there\\nline')",
                "create view big_orders as select id, customer_id, amount from orders where amount > 9990",
                "create function customer_total(c int) returns decimal(14,2) reads sql data"
                        + " return (select sum(amount) from orders where customer_id = c)",
                "create procedure touch_customer(in i int) modifies sql data update customers set email = email where id = i",
                "create trigger customers_lower before insert on customers for each row set new.email = lower(new.email)",
                "create sequence ticket_seq start with 100 nocache",
                "select nextval(ticket_seq), nextval(ticket_seq), nextval(ticket_seq)",
                "create event nightly on schedule every 1 day disable do delete from orders where id < 0",
                "analyze table orders, customers, digits");
    }

    /** Per table: CHECKSUM TABLE ... EXTENDED and the row count. */
    private static Map<String, String> checksums(String db) throws SQLException {
        Map<String, String> sums = new LinkedHashMap<>();
        try (Connection c = TestServers.mariaAdmin(db); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select table_name from information_schema.tables where table_schema = '"
                    + db + "' and table_type = 'BASE TABLE' order by 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("checksum table `" + t + "` extended")) {
                    rs.next();
                    sums.put(t, rs.getString(2) + ":" + single(c, "select count(*) from `" + t + "`"));
                }
            }
        }
        return sums;
    }

    private static void assertObjects(String db) throws SQLException {
        try (Connection c = TestServers.mariaAdmin(db)) {
            assertThat(single(c, "select count(*) from big_orders")).isEqualTo("999");
            assertThat(single(c, "select customer_total(7)")).isEqualTo("4995070.00");
            assertThat(single(c, "select nextval(ticket_seq)")).isEqualTo("103");
            assertThat(single(c, "select group_concat(index_name order by index_name) from information_schema.statistics"
                    + " where table_schema = database() and table_name = 'orders'")).isEqualTo("orders_customer,PRIMARY");
            assertThat(single(c, "select count(*) from information_schema.routines where routine_schema = database()"))
                    .isEqualTo("2");
            assertThat(single(c, "select count(*) from information_schema.triggers where trigger_schema = database()"))
                    .isEqualTo("1");
            assertThat(single(c, "select count(*) from information_schema.events where event_schema = database()"))
                    .isEqualTo("1");
            assertThat(single(c, "select note from orders where id = 21")).isEqualTo("ünïcødé ✓ 日本語 😀 20");
            assertThat(single(c, "select hex(digest) from orders where id = 0")).isEqualTo("000D0A27225C00FF");
            assertThat(single(c, "select json_value(payload, '$.tags[1]') from orders where id = 4")).isEqualTo("ü");
            assertThat(single(c, "select name from customers where id = 2")).isEqualTo("日本語 😀");
        }
    }

    private static Instant serverNow() throws SQLException {
        try (Connection c = TestServers.mariaAdmin(null); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select utc_timestamp(6)")) {
            rs.next();
            return rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC);
        }
    }

    static String single(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
