package io.lifeboat.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The small parsers behind the loader (durations, sizes, suggestions, secret keys, H2 URLs) and the records' rules. */
class ConfigValuesTest {
    @ParameterizedTest
    @CsvSource({"26h, PT26H", "90m, PT1H30M", "7d, PT168H", "30s, PT30S", "PT26H, PT26H", "P1D, PT24H",
                "1d12h, PT36H", "' 2H ', PT2H", "0s, PT0S"})
    void durations(String text, Duration expected) {
        assertThat(Units.duration(text)).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"26 hours", "26", "h", "1w", "PT", "-5h", "''"})
    void notDurations(String text) {
        assertThat(Units.duration(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"16MiB, 16777216", "5MB, 5000000", "1048576, 1048576", "512 KiB, 524288", "1GB, 1000000000",
                "2gib, 2147483648", "100B, 100"})
    void sizes(String text, long expected) {
        assertThat(Units.size(text)).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"16 megs", "-5MB", "1.5GiB", "MiB", "99999999999999999999", "99999999TiB"})
    void notSizes(String text) {
        assertThat(Units.size(text)).isEmpty();
    }

    @Test
    void formatting() {
        assertThat(Units.formatSize(16 * 1024 * 1024)).isEqualTo("16MiB");
        assertThat(Units.formatSize(5_000_000)).isEqualTo("5000000B");
        assertThat(Units.formatDuration(Duration.ofHours(25))).isEqualTo("25h");
        assertThat(Units.formatDuration(Duration.ofDays(3))).isEqualTo("3d");
        assertThat(Units.formatDuration(Duration.ofSeconds(90))).isEqualTo("90s");
    }

    @Test
    void suggestionsAreCloseOrAbsent() {
        List<String> keys = List.of("name", "type", "path", "schedule", "targets", "fullEvery");
        assertThat(Suggestions.closest("tagets", keys)).contains("targets");
        assertThat(Suggestions.closest("fullevery", keys)).contains("fullEvery");
        assertThat(Suggestions.closest("shedule", keys)).contains("schedule");
        assertThat(Suggestions.closest("retention", keys)).isEqualTo(Optional.empty());
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void secretKeys() {
        for (String key : List.of("password", "secretAccessKey", "accessKeyId", "secret", "token", "aws_secret_access_key",
                "AWS_ACCESS_KEY_ID", "sessionToken", "dbPassword", "clientSecret")) {
            assertThat(Secrets.isSecretKey(key)).as(key).isTrue();
        }
        for (String key : List.of("passwordEnv", "keyId", "profile", "user", "bucket", "sse")) {
            assertThat(Secrets.isSecretKey(key)).as(key).isFalse();
        }
    }

    @Test
    void h2UrlsBecomeAbsolute() {
        Path wd = Path.of("/srv/lifeboat");
        assertThat(CatalogSection.absoluteH2("jdbc:h2:file:./var/catalog", wd)).isEqualTo("jdbc:h2:file:/srv/lifeboat/var/catalog");
        assertThat(CatalogSection.absoluteH2("jdbc:h2:./var/catalog;MODE=PostgreSQL", wd))
                .isEqualTo("jdbc:h2:file:/srv/lifeboat/var/catalog;MODE=PostgreSQL");
        assertThat(CatalogSection.absoluteH2("jdbc:h2:file:/data/catalog", wd)).isEqualTo("jdbc:h2:file:/data/catalog");
        assertThat(CatalogSection.absoluteH2("jdbc:h2:~/catalog", wd)).isEqualTo("jdbc:h2:file:~/catalog");
        assertThat(CatalogSection.absoluteH2("jdbc:h2:mem:test", wd)).isEqualTo("jdbc:h2:mem:test");
        assertThat(CatalogSection.absoluteH2("jdbc:h2:tcp://db/catalog", wd)).isEqualTo("jdbc:h2:tcp://db/catalog");
    }

    @Test
    void oldConstructorsStillMeanFileSourcesAndNoRestoreTest() {
        SourceConfig files = new SourceConfig("data", SourceType.DIRECTORY, Path.of("/data"), List.of(), List.of(),
                "0 0 3 * * ?", null, List.of("dr"), Duration.ofHours(25), 1, new VerifyConfig(true, 2));
        assertThat(files.connection()).isNull();
        assertThat(files.globals()).isFalse();
        assertThat(files.verify()).isEqualTo(new VerifyConfig(true, 2, null, List.of(), Defaults.RESTORE_JOBS));
        assertThat(VerifyConfig.DEFAULT.jobs()).isEqualTo(Defaults.RESTORE_JOBS).isEqualTo(2);
    }

    @Test
    void databaseRecordsRefuseImpossibleCombinations() {
        ConnectionConfig pg = new ConnectionConfig("db", 5432, "orders", "backup", null, null);
        VerifyConfig verify = VerifyConfig.DEFAULT;
        assertThatIllegalArgumentException().isThrownBy(() -> new SourceConfig("orders", SourceType.POSTGRES, null,
                List.of(), List.of(), "0 0 1 * * ?", null, List.of("dr"), Duration.ofHours(25), 1, verify));
        assertThatIllegalArgumentException().isThrownBy(() -> new SourceConfig("billing", SourceType.MYSQL, null,
                List.of(), List.of(), "0 0 1 * * ?", null, List.of("dr"), Duration.ofHours(25), 1, verify, pg, true));
        assertThatIllegalArgumentException().isThrownBy(() -> new ConnectionConfig("db", 0, "orders", "backup", null, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new ConnectionConfig("db", 5432, null, null, null, "jdbc:h2:./x"));
        assertThatIllegalArgumentException().isThrownBy(() -> new VerifyConfig(true, 3, null, List.of(), 0));
    }

    @Test
    void sourceTypes() {
        assertThat(SourceType.fromConfigName("postgres")).contains(SourceType.POSTGRES);
        assertThat(SourceType.fromConfigName("mysql")).contains(SourceType.MYSQL);
        assertThat(SourceType.fromConfigName("h2")).contains(SourceType.H2);
        assertThat(SourceType.fromConfigName("mariadb")).isEmpty();
        assertThat(List.of(SourceType.values())).filteredOn(SourceType::isDatabase)
                .containsExactly(SourceType.POSTGRES, SourceType.MYSQL, SourceType.H2);
        assertThat(Defaults.port(SourceType.POSTGRES)).isEqualTo(5432);
        assertThat(Defaults.port(SourceType.MYSQL)).isEqualTo(3306);
    }

    @Test
    void scratchTakesWhatItLeavesOutFromTheConnection() {
        ConnectionConfig pg = new ConnectionConfig("db", 5432, "orders", "backup", "ORDERS_PW", null);
        assertThat(Defaults.scratch(pg, null, null, null, null)).isEqualTo(new ScratchConfig("db", 5432, "backup", "ORDERS_PW"));
        assertThat(Defaults.scratch(pg, "scratch", 5433, "backup", null))
                .isEqualTo(new ScratchConfig("scratch", 5433, "backup", "ORDERS_PW"));
        assertThat(Defaults.scratch(pg, null, null, "postgres", null)).isEqualTo(new ScratchConfig("db", 5432, "postgres", null));
        assertThat(Defaults.scratch(pg, null, null, "postgres", "PG_PW")).isEqualTo(new ScratchConfig("db", 5432, "postgres", "PG_PW"));
    }
}
