package io.lifeboat.backup.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.core.Secret;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DbConnectionTest {
    @Test
    void neverShowsThePassword() {
        DbConnection c = DbConnection.server("db.example.org", 5432, "orders", "backup", new Secret("s3cret"));
        assertThat(c.toString()).isEqualTo("DbConnection[backup@db.example.org:5432/orders, password ****]")
                .doesNotContain("s3cret");
        assertThat(c.address()).isEqualTo("backup@db.example.org:5432/orders");
        assertThat(c.withDatabase("lifeboat_verify_ab12").address()).isEqualTo("backup@db.example.org:5432/lifeboat_verify_ab12");
        assertThat(c.withDatabase("x").password()).isSameAs(c.password());
        assertThat(DbConnection.server("::1", 5432, "orders", "backup", null).address()).isEqualTo("backup@[::1]:5432/orders");
    }

    @ParameterizedTest
    @CsvSource({
        "jdbc:h2:file:/var/lib/app/db, db, jdbc:h2:file:/var/lib/app/scratch",
        "jdbc:h2:file:/var/lib/app/db;AUTO_SERVER=TRUE, db, jdbc:h2:file:/var/lib/app/scratch;AUTO_SERVER=TRUE",
        "jdbc:h2:~/data/app, app, jdbc:h2:~/data/scratch",
        "jdbc:h2:mem:test, test, jdbc:h2:mem:scratch",
        "jdbc:h2:tcp://host:9092/~/app, app, jdbc:h2:tcp://host:9092/~/scratch",
    })
    void h2DatabasesLiveBesideEachOther(String url, String name, String scratch) {
        DbConnection c = DbConnection.h2(url, "sa", null);
        assertThat(c.database()).isEqualTo(name);
        assertThat(c.withDatabase("scratch").jdbcUrl()).isEqualTo(scratch);
        assertThat(c.withDatabase("scratch").database()).isEqualTo("scratch");
    }

    @Test
    void h2UrlPasswordIsHidden() {
        DbConnection c = DbConnection.h2("jdbc:h2:file:/x/db;USER=sa;PASSWORD=topsecret", null, null);
        assertThat(c.toString()).doesNotContain("topsecret").contains("PASSWORD=****");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-orders", "a b", "a'b", "a\"b", "a/b", "a;b", "a\nb"})
    void unsafeDatabaseNamesAreRefused(String name) {
        assertThatThrownBy(() -> DbConnection.server("h", 5432, name, "u", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders", "orders_2024", "my-db", "app.v2", "wp$1", "données"})
    void ordinaryDatabaseNamesAreAccepted(String name) {
        assertThat(DbConnection.server("h", 5432, name, "u", null).database()).isEqualTo(name);
    }

    @Test
    void otherMistakesAreRefused() {
        assertThatThrownBy(() -> DbConnection.server("-oProxyCommand=x", 5432, "db", "u", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DbConnection.server("h", 0, "db", "u", null)).hasMessageContaining("port");
        assertThatThrownBy(() -> DbConnection.h2("jdbc:postgresql://h/db", "u", null)).hasMessageContaining("H2");
        assertThatThrownBy(() -> DbConnection.h2("jdbc:h2:mem:x", "u", null).withDatabase("../etc"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void conninfoQuotesEveryValue() {
        DbConnection c = DbConnection.server("127.0.0.1", 5432, "orders", "o'brien\\x", new Secret("pw"));
        assertThat(PostgresEngine.conninfo(c)).isEqualTo("host='127.0.0.1' port='5432' dbname='orders'"
                + " user='o\\'brien\\\\x' application_name='lifeboat'").doesNotContain("pw");
    }
}
