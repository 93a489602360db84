package io.lifeboat.restore.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.backup.database.DbConnection;
import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.Secret;
import io.lifeboat.core.config.ConnectionConfig;
import io.lifeboat.core.config.SourceConfig;
import io.lifeboat.core.config.SourceType;
import io.lifeboat.core.config.VerifyConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code --into} URLs of a database restore. */
class DatabaseUrlTest {
    static final Secret PASSWORD = new Secret("s3cret");

    static SourceConfig source(SourceType type) {
        ConnectionConfig c = type == SourceType.H2 ? new ConnectionConfig(null, 0, null, "sa", "PW", "jdbc:h2:file:/data/app")
                : new ConnectionConfig("db.internal", type == SourceType.POSTGRES ? 5432 : 3306, "orders", "backup", "PW", null);
        return new SourceConfig("orders-db", type, null, List.of(), List.of(), "0 0 1 * * ?", null, List.of("primary"),
                Duration.ofHours(25), 1, new VerifyConfig(true, 2), c, false);
    }

    static DbConnection sourceConnection(SourceType type) {
        return type == SourceType.H2 ? DbConnection.h2("jdbc:h2:file:/data/app", "sa", PASSWORD)
                : DbConnection.server("db.internal", 5432, "orders", "backup", PASSWORD);
    }

    record Good(SourceType type, String url, String address, int port) {
    }

    static List<Good> good() {
        return List.of(
                new Good(SourceType.POSTGRES, "postgresql://127.0.0.1:5433/orders_restored", "backup@127.0.0.1:5433/orders_restored", 5433),
                new Good(SourceType.POSTGRES, "postgres://restorer@db2/orders", "restorer@db2:5432/orders", 5432),
                new Good(SourceType.POSTGRES, "postgresql://[::1]:5432/x", "backup@[::1]:5432/x", 5432),
                new Good(SourceType.MYSQL, "mysql://127.0.0.1/billing_copy", "backup@127.0.0.1:3306/billing_copy", 3306),
                new Good(SourceType.MYSQL, "mariadb://root@127.0.0.1:3307/b", "root@127.0.0.1:3307/b", 3307),
                new Good(SourceType.H2, "jdbc:h2:file:/restore/app", "sa@jdbc:h2:file:/restore/app", 0));
    }

    @ParameterizedTest
    @MethodSource("good")
    void parsesWithTheSourcesUserAndPasswordByDefault(Good g) {
        DbConnection c = DatabaseUrl.parse(g.url(), source(g.type()), sourceConnection(g.type()));

        assertThat(c.address()).isEqualTo(g.address());
        assertThat(c.port()).isEqualTo(g.port());
        assertThat(c.password()).isEqualTo(PASSWORD);
    }

    record Bad(SourceType type, String url, String message) {
    }

    static List<Bad> bad() {
        return List.of(
                new Bad(SourceType.POSTGRES, "mysql://h/db", "source orders-db is a postgres database; restore it into postgresql://"),
                new Bad(SourceType.MYSQL, "jdbc:h2:file:/x", "source orders-db is a mysql database; restore it into mysql://"),
                new Bad(SourceType.H2, "postgresql://h/db", "source orders-db is a h2 database; restore it into jdbc:h2:"),
                new Bad(SourceType.POSTGRES, "postgresql://u:pw@h/db", "leave the password out of the URL"),
                new Bad(SourceType.H2, "jdbc:h2:file:/x;PASSWORD=pw", "leave the password out of the URL"),
                new Bad(SourceType.POSTGRES, "postgresql://h/", "expected postgresql://HOST:PORT/DATABASE"),
                new Bad(SourceType.POSTGRES, "postgresql://h/a/b", "expected postgresql://HOST:PORT/DATABASE"),
                new Bad(SourceType.POSTGRES, "postgresql://h/db?sslmode=require", "parameters are not supported"),
                new Bad(SourceType.POSTGRES, "postgresql://h/bad;name", "unsupported database name"),
                new Bad(SourceType.POSTGRES, "postgresql://h w/db", "not a usable database URL"),
                new Bad(SourceType.MYSQL, "", "source orders-db is a mysql database"));
    }

    @ParameterizedTest
    @MethodSource("bad")
    void refusesWithAUsageErrorThatNeverShowsAPassword(Bad b) {
        assertThatThrownBy(() -> DatabaseUrl.parse(b.url(), source(b.type()), sourceConnection(b.type())))
                .isInstanceOfSatisfying(LifeboatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining(b.message())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw@").doesNotContain("=pw"));
    }

    @Test
    void redactsPasswordsInUrls() {
        assertThat(DatabaseRestore.redact("postgresql://u:secret@h/db")).isEqualTo("postgresql://u:****@h/db");
        assertThat(DatabaseRestore.redact("jdbc:h2:file:/x;PASSWORD=secret;MODE=X")).isEqualTo("jdbc:h2:file:/x;PASSWORD=****;MODE=X");
        assertThat(DatabaseRestore.redact("mysql://root@h/db")).isEqualTo("mysql://root@h/db");
    }
}
