package io.lifeboat.backup.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disaster in small: dump a database (several schemas, 1,000,000 rows, indexes, a view, a function,
 * a sequence, bytea, jsonb, unicode, grants to a role) and the globals, lose the database and the role,
 * restore the globals and then the database (stdin, and --jobs 2), and compare per-table checksums.
 */
class PostgresEngineRoundTripTest {
    private final DatabaseEngine engine = DatabaseEngines.forKind("postgres");
    private final List<String> databases = new ArrayList<>();
    private String role;

    @TempDir
    Path temp;

    @BeforeEach
    void servers() {
        TestServers.requirePostgres();
    }

    @AfterEach
    void cleanUp() throws SQLException {
        for (String db : databases) {
            engine.dropDatabase(TestServers.pg(db));
        }
        if (role != null) {
            try (Connection c = TestServers.pgAdmin("postgres")) {
                TestServers.execute(c, "drop role if exists " + role);
            }
        }
    }

    @Test
    void databaseAndGlobalsSurviveTheLossOfBoth() throws Exception {
        String source = database("lb_pg_src");
        role = TestServers.unique("lb_pg_role");
        try (Connection c = TestServers.pgAdmin("postgres")) {
            TestServers.execute(c, "create role " + role + " nologin connection limit 7");
        }
        engine.createDatabase(TestServers.pg(source));
        assertThat(engine.hasTables(TestServers.pg(source))).isFalse();
        try (Connection c = TestServers.pgAdmin(source)) {
            populate(c, role);
        }
        Map<String, String> before = checksums(source);
        assertThat(before).containsKeys("sales.orders", "audit.events", "public.notes");

        Instant beforeDump = serverNow();
        Path dumpFile = temp.resolve("db.pgdump");
        DumpInfo info;
        try (OutputStream out = Files.newOutputStream(dumpFile)) {
            info = engine.dump(TestServers.pg(source), out);
        }
        ByteArrayOutputStream globals = new ByteArrayOutputStream();
        engine.dumpGlobals(TestServers.pg("postgres"), globals);

        assertThat(info.format()).isEqualTo("pg_dump-custom");
        assertThat(info.toolVersion()).startsWith("pg_dump (PostgreSQL)");
        assertThat(info.serverVersion()).startsWith("PostgreSQL ");
        assertThat(info.consistentPoint()).isBetween(beforeDump.minusSeconds(1), serverNow());
        assertThat(info.rowEstimates()).containsKeys("sales.orders", "audit.events", "public.notes");
        assertThat(info.rowEstimates().get("sales.orders")).isBetween(900_000L, 1_100_000L);
        assertThat(Files.size(dumpFile)).isGreaterThan(50_000_000L);
        assertThat(globals.toString()).contains("CREATE ROLE " + role);

        // The disaster: database and role are gone.
        engine.dropDatabase(TestServers.pg(source));
        try (Connection c = TestServers.pgAdmin("postgres")) {
            TestServers.execute(c, "drop role " + role);
        }
        engine.restoreGlobals(new ByteArrayInputStream(onlyOurRole(globals.toString(), role).getBytes()),
                TestServers.pg("postgres"));
        try (Connection c = TestServers.pgAdmin("postgres")) {
            assertThat(single(c, "select rolconnlimit from pg_roles where rolname = '" + role + "'")).isEqualTo("7");
        }

        String sequential = database("lb_pg_dst1");
        engine.createDatabase(TestServers.pg(sequential));
        RestoreInfo one;
        try (InputStream in = Files.newInputStream(dumpFile)) {
            one = engine.restore(in, TestServers.pg(sequential), 1);
        }
        String parallel = database("lb_pg_dst2");
        engine.createDatabase(TestServers.pg(parallel));
        RestoreInfo two;
        try (InputStream in = Files.newInputStream(dumpFile)) {
            two = engine.restore(in, TestServers.pg(parallel), 2);
        }

        for (String restored : List.of(sequential, parallel)) {
            assertThat(checksums(restored)).isEqualTo(before);
            assertThat(engine.rowCounts(TestServers.pg(restored))).containsEntry("sales.orders", 1_000_000L)
                    .containsEntry("audit.events", 4L).hasSize(before.size());
            assertObjects(restored, role);
        }
        // the rows counted in the dump as it streamed in are the database's own counts
        assertThat(one.rows()).isEqualTo(engine.rowCounts(TestServers.pg(sequential))).containsEntry("sales.orders", 1_000_000L);
        assertThat(two.rows()).isEqualTo(engine.rowCounts(TestServers.pg(parallel)));
        assertThat(one.tables()).isEqualTo(before.size());
        assertThat(two.tables()).isEqualTo(before.size());
        assertThat(one.duration()).isPositive();
        System.out.printf("postgres round trip: dump %d MB; restore stdin %s, --jobs 2 %s%n",
                Files.size(dumpFile) >> 20, one.duration(), two.duration());
    }

    @Test
    void checksAndCatalogQueries() throws Exception {
        String db = database("lb_pg_chk");
        engine.createDatabase(TestServers.pg(db));
        try (Connection c = TestServers.pgAdmin(db)) {
            TestServers.execute(c, "create table t(id int primary key)", "insert into t select generate_series(1, 5)");
        }
        DbConnection conn = TestServers.pg(db);
        assertThat(engine.hasTables(conn)).isTrue();
        assertThat(engine.rowCounts(conn)).isEqualTo(Map.of("public.t", 5L));
        assertThat(engine.check(conn, "select count(*) > 0 from t")).isEqualTo(
                new CheckResult("select count(*) > 0 from t", true, "value: true"));
        assertThat(engine.check(conn, "select count(*) > 10 from t").passed()).isFalse();
        assertThat(engine.check(conn, "select count(*) from t where id > 5").detail()).isEqualTo("value: 0");
        assertThat(engine.check(conn, "select 1 where false").detail()).isEqualTo("no rows");
        CheckResult missing = engine.check(conn, "select count(*) > 0 from missing_table");
        assertThat(missing.passed()).isFalse();
        assertThat(missing.error()).isTrue();
        assertThat(missing.detail()).contains("missing_table");
        assertThat(engine.check(conn, "delete from t returning true").error()).isTrue();
        assertThat(engine.rowCounts(conn)).isEqualTo(Map.of("public.t", 5L));
        assertThat(engine.databasesLike(TestServers.pg("postgres"), "lb_pg_chk_")).contains(db);
        assertThat(engine.serverVersion(conn)).startsWith("PostgreSQL 1");
        engine.dropDatabase(conn);
        assertThat(engine.databasesLike(TestServers.pg("postgres"), db)).isEmpty();
        engine.dropDatabase(conn);
    }

    private String database(String prefix) {
        String name = TestServers.unique(prefix);
        databases.add(name);
        return name;
    }

    private static void populate(Connection c, String role) throws SQLException {
        TestServers.execute(c,
                "create schema sales",
                "create schema audit",
                "create table sales.orders(id bigint primary key, customer text not null, amount numeric(12,2),"
                        + " created_at timestamptz not null, payload jsonb, digest bytea, note text)",
                "insert into sales.orders select g, 'customer-' || (g % 1000), g / 100.0,"
                        + " timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second',"
                        + " jsonb_build_object('g', g, 'tags', jsonb_build_array('a', 'ü'), 'odd', g % 2 = 1),"
                        + " decode(md5(g::text), 'hex'),"
                        + " case when g % 10 = 0 then 'ünïcødé ✓ 日本語 😀 ' || g end"
                        + " from generate_series(1, 1000000) g",
                "create index orders_customer on sales.orders(customer)",
                "create index orders_payload on sales.orders using gin(payload jsonb_path_ops) where id <= 1000",
                "create view sales.big_orders as select id, customer, amount from sales.orders where amount > 9990",
                "create function sales.customer_total(c text) returns numeric language sql stable"
                        + " as $$ select sum(amount) from sales.orders where customer = c $$",
                "create sequence audit.ticket_seq start 100",
                "select nextval('audit.ticket_seq') from generate_series(1, 3)",
                "create table audit.events(id serial primary key, kind text, data json, raw bytea)",
                "insert into audit.events(kind, data, raw) values ('login', '{\"who\": \"zoë\"}', '\\x00ff10'),"
                        + " ('crlf', '[1, 2.5, null]', '\\x0d0a00'), ('emoji', '{\"e\": \"🚀\"}', ''), ('null', null, null)",
                "create table public.notes(id int primary key, body text)",
                "insert into public.notes values (1, E'tab\\there\\nnew line ''quoted'' \\\\ backslash'), (2, '')",
                "analyze",
                "grant usage on schema sales to " + role,
                "grant select on sales.orders to " + role);
    }

    /** Per table: count and an order-independent sum of every row's md5 (60 bits of it), no sort needed. */
    private static Map<String, String> checksums(String db) throws SQLException {
        Map<String, String> sums = new LinkedHashMap<>();
        try (Connection c = TestServers.pgAdmin(db)) {
            List<String> tables = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select schemaname || '.' || tablename,"
                    + " format('%I.%I', schemaname, tablename) from pg_tables where schemaname not in"
                    + " ('pg_catalog', 'information_schema') order by 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1) + "\t" + rs.getString(2));
                }
            }
            for (String t : tables) {
                String[] names = t.split("\t");
                sums.put(names[0], single(c, "select count(*) || ':' || coalesce(sum(('x' || substr(md5(t::text), 1, 15))"
                        + "::bit(60)::bigint), 0) from " + names[1] + " t"));
            }
        }
        return sums;
    }

    private static void assertObjects(String db, String role) throws SQLException {
        try (Connection c = TestServers.pgAdmin(db)) {
            assertThat(single(c, "select count(*) from sales.big_orders")).isEqualTo("1000");
            assertThat(single(c, "select sales.customer_total('customer-7')")).isEqualTo("4995070.00");
            assertThat(single(c, "select nextval('audit.ticket_seq')")).isEqualTo("103");
            assertThat(single(c, "select nextval('audit.events_id_seq')")).isEqualTo("5");
            assertThat(single(c, "select string_agg(indexname, ',' order by indexname) from pg_indexes"
                    + " where tablename = 'orders'")).isEqualTo("orders_customer,orders_payload,orders_pkey");
            assertThat(single(c, "select note from sales.orders where id = 20")).isEqualTo("ünïcødé ✓ 日本語 😀 20");
            assertThat(single(c, "select encode(raw, 'hex') from audit.events where kind = 'crlf'")).isEqualTo("0d0a00");
            assertThat(single(c, "select payload->'tags'->>1 from sales.orders where id = 3")).isEqualTo("ü");
            assertThat(single(c, "select has_table_privilege('" + role + "', 'sales.orders', 'select')")).isEqualTo("t");
        }
    }

    /**
     * The globals script cut to our role, plus {@code CREATE ROLE postgres} (which exists: its error is
     * tolerated). The rest of the server's roles are left alone: other tests share this server.
     */
    private static String onlyOurRole(String globals, String role) {
        StringBuilder sb = new StringBuilder();
        for (String line : globals.split("\n")) {
            if (line.startsWith("SET ") || line.equals("CREATE ROLE postgres;") || line.contains(" ROLE " + role)) {
                sb.append(line).append('\n');
            }
        }
        assertThat(sb.toString()).contains("CREATE ROLE postgres;", "ALTER ROLE " + role + " WITH");
        return sb.toString();
    }

    private static Instant serverNow() throws SQLException {
        try (Connection c = TestServers.pgAdmin("postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select now()")) {
            rs.next();
            return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
        }
    }

    static String single(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
