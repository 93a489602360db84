package io.lifeboat.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lifeboat.core.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {
    /** Database sources, in the block style of the documentation; appended to full.yaml as sources[3..5]. */
    static final String DATABASES = """
              - name: orders-db
                type: postgres
                connection: { host: 127.0.0.1, port: 5432, database: orders, user: backup, passwordEnv: ORDERS_DB_PASSWORD }
                globals: true
                schedule: "0 0 1 * * ?"
                targets: [dr, primary]
                rpo: 25h
                verify:
                  level: 3
                  scratch: { host: 127.0.0.1, port: 5433, user: postgres, passwordEnv: SCRATCH_PW }
                  checks:
                    - "select count(*) > 0 from orders"
                    - "select max(created_at) > now() - interval '2 days' from orders"
                  jobs: 4
              - name: billing-db
                type: mysql
                connection: { host: db.internal, database: billing, user: root, passwordEnv: BILLING_DB_PASSWORD }
                schedule: "0 15 1 * * ?"
                targets: [primary]
                rpo: 25h
                verify: { level: 3, checks: ["select count(*) > 0 from invoices"] }
              - name: app-h2
                type: h2
                connection: { url: "jdbc:h2:file:./var/app;MODE=PostgreSQL", user: sa, passwordEnv: APP_H2_PW }
                schedule: "0 45 * * * ?"
                targets: [primary]
                rpo: 12h
            """;
    static final String FULL = resource("/config/full.yaml") + DATABASES;
    static final Path FILE = Path.of("config", "lifeboat.yaml");

    @TempDir
    Path dir;

    @BeforeEach
    void sourceDirectories() throws IOException {
        for (String d : List.of("data/logs", "data/artifacts", "data/volume", "config")) {
            Files.createDirectories(dir.resolve(d));
        }
    }

    @Test
    void everySettingLandsInTheRecords() throws IOException {
        LifeboatConfig config = load(FULL);

        assertThat(config.file()).isEqualTo(FILE);
        assertThat(config.catalog()).isEqualTo(new CatalogConfig("jdbc:h2:file:" + dir.resolve("var/catalog"), null, null));
        assertThat(config.targets().keySet()).containsExactly("primary", "dr");
        assertThat(config.targets().get("primary")).isEqualTo(new FileTargetConfig("primary", dir.resolve("var/primary")));
        assertThat(config.targets().get("dr")).isEqualTo(new S3TargetConfig("dr", "acme-dr", "eu-central-1", "lifeboat/",
                URI.create("http://127.0.0.1:9090"), true, "STANDARD_IA",
                new S3TargetConfig.SseConfig("aws:kms", "alias/backups"), "backup", 16 * 1024 * 1024));
        assertThat(config.sources()).containsExactly(
                new SourceConfig("app-logs", SourceType.LOGS, dir.resolve("data/logs"), List.of("**/*.log*"), List.of(),
                        "0 30 1 * * ?", "Europe/Berlin", List.of("primary", "dr"), Duration.ofHours(26), 7,
                        new VerifyConfig(true, 2)),
                new SourceConfig("releases", SourceType.ARTIFACTS, dir.resolve("data/artifacts"), List.of(), List.of(),
                        "0 0 2 * * ?", null, List.of("dr"), Duration.ofHours(25), 1, Defaults.VERIFY),
                new SourceConfig("data-volume", SourceType.DIRECTORY, dir.resolve("data/volume"), List.of(), List.of(),
                        "0 0 3 * * ?", null, List.of("dr"), Duration.ofHours(25), 1, Defaults.VERIFY),
                new SourceConfig("orders-db", SourceType.POSTGRES, null, List.of(), List.of(), "0 0 1 * * ?", null,
                        List.of("dr", "primary"), Duration.ofHours(25), 1,
                        new VerifyConfig(true, 3, new ScratchConfig("127.0.0.1", 5433, "postgres", "SCRATCH_PW"),
                                List.of("select count(*) > 0 from orders",
                                        "select max(created_at) > now() - interval '2 days' from orders"), 4),
                        new ConnectionConfig("127.0.0.1", 5432, "orders", "backup", "ORDERS_DB_PASSWORD", null), true),
                new SourceConfig("billing-db", SourceType.MYSQL, null, List.of(), List.of(), "0 15 1 * * ?", null,
                        List.of("primary"), Duration.ofHours(25), 1,
                        new VerifyConfig(true, 3, new ScratchConfig("db.internal", 3306, "root", "BILLING_DB_PASSWORD"),
                                List.of("select count(*) > 0 from invoices"), Defaults.RESTORE_JOBS),
                        new ConnectionConfig("db.internal", 3306, "billing", "root", "BILLING_DB_PASSWORD", null), false),
                new SourceConfig("app-h2", SourceType.H2, null, List.of(), List.of(), "0 45 * * * ?", null,
                        List.of("primary"), Duration.ofHours(12), 1, Defaults.VERIFY,
                        new ConnectionConfig(null, 0, null, "sa", "APP_H2_PW",
                                "jdbc:h2:file:" + dir.resolve("var/app") + ";MODE=PostgreSQL"), false));
        assertThat(System.getenv("ORDERS_DB_PASSWORD")).as("an unset password variable is checked when connecting").isNull();
        assertThat(ConfigSummary.of(config)).isEqualTo("config/lifeboat.yaml: 6 sources (app-logs, releases, data-volume,"
                + " orders-db, billing-db, app-h2), 2 targets (primary: file, dr: s3), catalog h2");
    }

    @Test
    void defaultsFillWhatIsLeftOut() throws IOException {
        LifeboatConfig config = load("""
                targets: { dr: { type: s3, bucket: acme-dr, region: eu-central-1 } }
                sources: [ { name: app-logs, type: logs, path: data/logs, schedule: "0 0 * * * ?", targets: [dr], rpo: PT2H,
                             verify: { enabled: false } } ]
                """);

        assertThat(config.catalog().url()).isEqualTo("jdbc:h2:file:" + dir.resolve("var/catalog"));
        assertThat(config.targets().get("dr")).isEqualTo(new S3TargetConfig("dr", "acme-dr", "eu-central-1", "", null,
                false, "STANDARD", null, null, Defaults.PART_SIZE));
        SourceConfig logs = config.sources().get(0);
        assertThat(logs.include()).isEqualTo(Defaults.INCLUDE);
        assertThat(logs.exclude()).isEqualTo(Defaults.EXCLUDE);
        assertThat(logs.fullEvery()).isEqualTo(7);
        assertThat(logs.incremental()).isTrue();
        assertThat(logs.rpo()).isEqualTo(Duration.ofHours(2));
        assertThat(logs.verify()).isEqualTo(new VerifyConfig(false, 2));
        assertThat(ConfigSummary.of(config)).isEqualTo("config/lifeboat.yaml: 1 source (app-logs), 1 target (dr: s3), catalog h2");
    }

    @Test
    void postgresCatalogAndPrefixWithoutSlash() throws IOException {
        LifeboatConfig config = load(FULL
                .replace("{ url: \"jdbc:h2:file:./var/catalog\" }",
                        "{ url: \"jdbc:postgresql://db.internal/lifeboat\", user: lifeboat, passwordEnv: LIFEBOAT_DB_PASSWORD }")
                .replace("prefix: lifeboat/", "prefix: lifeboat"));

        assertThat(config.catalog()).isEqualTo(
                new CatalogConfig("jdbc:postgresql://db.internal/lifeboat", "lifeboat", "LIFEBOAT_DB_PASSWORD"));
        assertThat(((S3TargetConfig) config.targets().get("dr")).prefix()).isEqualTo("lifeboat/");
        assertThat(ConfigSummary.of(config)).endsWith("catalog postgresql");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.lifeboat.core.config.ConfigMistakes#all")
    void eachMistakeIsNamedWithItsPlace(ConfigMistakes.Mistake mistake) throws IOException {
        assertThat(FULL.split(java.util.regex.Pattern.quote(mistake.from()), -1))
                .as("the mistake's text must be found exactly once in full.yaml").hasSize(2);
        String yaml = FULL.replace(mistake.from(), mistake.to());

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));

        assertThat(e).as("a ConfigException").isNotNull();
        List<ConfigProblem> expected = mistake.expected().stream()
                .map(p -> new ConfigProblem(p.where(), p.message().replace("${dir}", dir.toString())))
                .toList();
        assertThat(e.problems()).containsExactlyElementsOf(expected);
        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
        assertThat(e.getMessage()).doesNotContain(ConfigMistakes.SECRET_VALUE);
    }

    @Test
    void severalMistakesAreReportedTogether() throws IOException {
        String yaml = """
                catalog: { url: "jdbc:postgresql://db/lifeboat", password: %s }
                targets:
                  primary: { type: file }
                  DR: { type: s3, bucket: acme-dr, region: eu-central-1, storageclass: GLACIER }
                sources:
                  - { name: app-logs, type: logs, path: ./data/logs, schedule: "0 30 1 * * ?", targets: [primary, dr2], rpo: 26h, fullEvery: 0 }
                  - { name: app-logs, type: database, path: ./nowhere, schedule: "0 0 25 * * ?", timezone: Mars/Olympus, targets: [], rpo: 1 week,
                      verify: { level: 5 } }
                """.formatted(ConfigMistakes.SECRET_VALUE);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));

        List<String> expected = List.of(
                "catalog.password: " + Secrets.MESSAGE,
                "targets.primary.path: missing",
                "targets.DR: \"DR\" is not a valid name: use up to 63 lower-case letters, digits, '.', '_' and '-',"
                        + " starting with a letter or digit (names become object keys)",
                "targets.DR.storageclass: unknown key, did you mean \"storageClass\"?",
                "sources[0].targets[1]: no target named \"dr2\" (known: primary, DR)",
                "sources[0].fullEvery: must be at least 1 (1 means every backup is full), got 0",
                "sources[1].name: duplicate source name \"app-logs\" (also sources[0])",
                "sources[1].type: unknown source type \"database\" (valid: directory, artifacts, logs, postgres, mysql, h2)",
                "sources[1].path: " + dir.resolve("nowhere") + " does not exist",
                "sources[1].timezone: unknown time zone \"Mars/Olympus\" (use a region id such as Europe/Berlin, or UTC)",
                "sources[1].schedule: \"0 0 25 * * ?\" is not a valid Quartz cron expression (Hour values must be between 0 and 23)",
                "sources[1].targets: empty; name at least one target (known: primary, DR)",
                "sources[1].rpo: \"1 week\" is not a duration (use e.g. 26h, 90m, 7d, 30s or ISO-8601 PT26H)",
                "sources[1].verify.level: must be 1, 2 or 3, got 5");
        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactlyElementsOf(expected);
        assertThat(e.getMessage()).isEqualTo("invalid configuration config/lifeboat.yaml, 14 problems:"
                + expected.stream().map(p -> System.lineSeparator() + "  " + p).reduce("", String::concat));
        assertThat(e.getMessage()).doesNotContain(ConfigMistakes.SECRET_VALUE);
    }

    @Test
    void aScratchServerDefaultsToTheConnection() throws IOException {
        LifeboatConfig config = load("""
                targets: { primary: { type: file, path: ./var/primary } }
                sources:
                  - { name: same, type: postgres, schedule: "0 0 1 * * ?", targets: [primary], rpo: 25h,
                      connection: { host: db, database: orders, user: backup, passwordEnv: ORDERS_PW },
                      verify: { level: 3, scratch: { port: 5433 } } }
                  - { name: other-user, type: postgres, schedule: "0 0 1 * * ?", targets: [primary], rpo: 25h,
                      connection: { host: db, database: orders, user: backup, passwordEnv: ORDERS_PW },
                      verify: { level: 3, scratch: { user: postgres } } }
                  - { name: h2-restore-test, type: h2, schedule: "0 0 1 * * ?", targets: [primary], rpo: 25h,
                      connection: { url: "jdbc:h2:tcp://db/app" }, verify: { level: 3, enabled: false } }
                """);

        assertThat(config.sources()).extracting(s -> s.verify().scratch()).containsExactly(
                new ScratchConfig("db", 5433, "backup", "ORDERS_PW"),
                new ScratchConfig("db", 5432, "postgres", null),
                null);
        SourceConfig h2 = config.sources().get(2);
        assertThat(h2.connection()).isEqualTo(new ConnectionConfig(null, 0, null, null, null, "jdbc:h2:tcp://db/app"));
        assertThat(h2.verify()).isEqualTo(new VerifyConfig(false, 3));
        assertThat(config.sources().get(0).connection().address()).isEqualTo("backup@db:5432/orders");
    }

    @Test
    void missingFileSaysWhereConfigIsLookedFor() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(FILE, dir));

        assertThat(e.problems()).containsExactly(new ConfigProblem("config/lifeboat.yaml", "no such file "
                + dir.resolve(FILE) + "; the config is --config FILE, else $LIFEBOAT_CONFIG, else config/lifeboat.yaml"
                + " in the working directory"));
        assertThat(e.getCause()).isNotNull();
    }

    @Test
    void directoryInsteadOfFile() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Path.of("config"), dir));

        assertThat(e.problems()).singleElement().hasToString("config: " + dir.resolve("config")
                + " is a directory, not a config file; " + ConfigLocator.HOW);
    }

    @Test
    void emptyFile() throws IOException {
        for (String empty : List.of("", "\n\n", "# only a comment\n")) {
            ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(empty));

            assertThat(e.problems()).containsExactly(new ConfigProblem("config/lifeboat.yaml",
                    "the file is empty; a config needs at least targets and sources"));
        }
    }

    @Test
    void topLevelListInsteadOfMapping() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("- targets\n- sources\n"));

        assertThat(e.problems()).containsExactly(new ConfigProblem("config/lifeboat.yaml",
                "expected a mapping with catalog, targets and sources, got a list"));
    }

    @Test
    void duplicateKeyIsASyntaxError() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> load(FULL.replace("  primary: { type: file, path: ./var/primary }\n",
                        "  primary: { type: file, path: ./var/primary }\n  primary: { type: file, path: ./var/other }\n")));

        assertThat(e.problems()).containsExactly(new ConfigProblem("line 5", "duplicate key \"primary\""));
    }

    @Test
    void loadUsesTheCurrentWorkingDirectory() {
        Path absent = dir.resolve("absent.yaml");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(absent));

        assertThat(e.problems()).singleElement().extracting(ConfigProblem::where).isEqualTo(absent.toString());
    }

    private LifeboatConfig load(String yaml) throws IOException {
        Files.writeString(dir.resolve(FILE), yaml);
        return ConfigLoader.load(FILE, dir);
    }

    private static String resource(String name) {
        try (InputStream in = ConfigLoaderTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
