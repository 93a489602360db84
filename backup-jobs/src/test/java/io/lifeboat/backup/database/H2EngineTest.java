package io.lifeboat.backup.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.Secret;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** H2 file databases in a temp dir: SCRIPT out, RUNSCRIPT-style load in, through JDBC only. */
class H2EngineTest {
    private static final Secret PASSWORD = new Secret("h2-pass word");
    private final DatabaseEngine engine = DatabaseEngines.forKind("h2");

    @TempDir
    Path dir;

    private DbConnection db(String name) {
        return DbConnection.h2("jdbc:h2:file:" + dir.resolve(name), "sa", PASSWORD);
    }

    @Test
    void roundTripIntoADatabaseBesideTheOriginal() throws Exception {
        DbConnection source = db("app");
        engine.createDatabase(source);
        try (Connection c = open(source)) {
            TestServers.execute(c,
                    "create schema shop",
                    "create table shop.orders(id bigint primary key, customer varchar(100) not null, amount numeric(12,2),"
                            + " payload json, digest varbinary(16), data blob, note varchar(200))",
                    "insert into shop.orders select x, 'customer-' || mod(x, 100), x / 100.0,"
                            + " json_object('x': x), hash('MD5', cast(x as varchar)),"
                            + " case when mod(x, 1000) = 0 then cast(repeat('ab', 5000) as varbinary) end,"
                            + " case when mod(x, 10) = 0 then 'ünïcødé ✓ 日本語 😀 ' || x || ' it''s ; -- not a comment' end"
                            + " from system_range(1, 20000)",
                    "create index orders_customer on shop.orders(customer)",
                    "create view shop.big_orders as select id, amount from shop.orders where amount > 199",
                    "create sequence shop.ticket_seq start with 100",
                    "select next value for shop.ticket_seq",
                    "create table public.notes(id int primary key, body varchar(100))",
                    "insert into public.notes values (1, 'line1' || char(10) || 'line2'), (2, '')");
        }
        Map<String, List<String>> before = contents(source);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Instant start = Instant.now();
        DumpInfo info = engine.dump(source, out);
        assertThat(info.format()).isEqualTo("h2-script");
        assertThat(info.serverVersion()).startsWith("H2 2.");
        assertThat(info.toolVersion()).startsWith("H2 2.");
        assertThat(info.consistentPoint()).isBetween(start.minusSeconds(5), Instant.now().plusSeconds(1));
        assertThat(info.rowEstimates()).isEqualTo(Map.of("SHOP.ORDERS", 20_000L, "PUBLIC.NOTES", 2L));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("CREATE CACHED TABLE \"SHOP\".\"ORDERS\"");

        DbConnection restored = source.withDatabase("lifeboat_verify_1");
        assertThat(engine.databasesLike(source, "lifeboat_verify_")).isEmpty();
        engine.createDatabase(restored);
        assertThat(engine.hasTables(restored)).isFalse();
        RestoreInfo restore = engine.restore(new ByteArrayInputStream(out.toByteArray()), restored, 1);
        assertThat(restore.tables()).isEqualTo(2);
        assertThat(contents(restored)).isEqualTo(before);
        assertThat(engine.rowCounts(restored)).isEqualTo(info.rowEstimates());
        assertThat(engine.check(restored, "select count(*) = 100 from shop.big_orders").detail()).isEqualTo("value: true");
        assertThat(engine.check(restored, "select next value for shop.ticket_seq").detail()).isEqualTo("value: 101");
        assertThat(engine.check(restored, "select count(*) from information_schema.indexes"
                + " where index_name = 'ORDERS_CUSTOMER'").passed()).isTrue();
        assertThat(engine.databasesLike(source, "lifeboat_verify_")).containsExactly("lifeboat_verify_1");

        engine.dropDatabase(restored);
        assertThat(engine.databasesLike(source, "lifeboat_verify_")).isEmpty();
        assertThat(dir.resolve("lifeboat_verify_1.mv.db")).doesNotExist();
        engine.dropDatabase(restored);
        assertThat(engine.hasTables(source)).isTrue();
    }

    @Test
    void missingDatabaseIsNotCreatedBehindYourBack() {
        DbConnection missing = db("nothing-here");
        assertThatThrownBy(() -> engine.dump(missing, OutputStream.nullOutputStream()))
                .isInstanceOf(LifeboatException.class)
                .hasMessageContaining("dump of h2 database \"nothing-here\"")
                .hasMessageContaining("not found");
        assertThat(dir.resolve("nothing-here.mv.db")).doesNotExist();
    }

    @Test
    void createRefusesAnExistingDatabaseAndWrongPasswordsAreClear() {
        DbConnection app = db("app2");
        engine.createDatabase(app);
        assertThatThrownBy(() -> engine.createDatabase(app)).hasMessageContaining("already exists");
        DbConnection wrong = DbConnection.h2(app.jdbcUrl(), "sa", new Secret("not-the-password"));
        LifeboatException e = catchThrowableOfType(LifeboatException.class,
                () -> engine.dump(wrong, OutputStream.nullOutputStream()));
        assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_IO);
        assertThat(e.getMessage()).startsWith("authentication failed for user \"sa\"").doesNotContain("not-the-password");
    }

    @Test
    void badScriptFailsTheRestore() {
        DbConnection into = db("bad");
        engine.createDatabase(into);
        assertThatThrownBy(() -> engine.restore(new ByteArrayInputStream("create table t(i int);\nnot sql;\n"
                .getBytes(StandardCharsets.UTF_8)), into, 1))
                .isInstanceOf(LifeboatException.class)
                .hasMessageContaining("restore of h2 database \"bad\"")
                .hasMessageContaining("Syntax error");
    }

    private static Connection open(DbConnection c) throws SQLException {
        return DriverManager.getConnection(c.jdbcUrl(), c.user(), c.password().value());
    }

    /** Every row of every table, as text, in key order. */
    private static Map<String, List<String>> contents(DbConnection db) throws SQLException {
        Map<String, List<String>> all = new LinkedHashMap<>();
        try (Connection c = open(db); Statement st = c.createStatement()) {
            for (String table : List.of("SHOP.ORDERS", "PUBLIC.NOTES")) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("select * from " + table + " order by id")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= columns; i++) {
                            Object v = rs.getObject(i);
                            row.append(v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b)
                                    : v instanceof java.sql.Blob blob ? java.util.HexFormat.of().formatHex(
                                            blob.getBytes(1, (int) blob.length())) : String.valueOf(v)).append('|');
                        }
                        rows.add(row.toString());
                    }
                }
                all.put(table, rows);
            }
        }
        return all;
    }
}
