package io.lifeboat.core.config;

import java.util.List;
import java.util.stream.Stream;

/**
 * The table of single mistakes for {@link ConfigLoaderTest}: each replaces one piece of text in
 * {@code full.yaml} and names every problem that must be reported. {@code ${dir}} stands for the
 * test's working directory.
 */
final class ConfigMistakes {
    static final String SECRET_VALUE = "hunter2-do-not-print";

    record Mistake(String name, String from, String to, List<ConfigProblem> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private ConfigMistakes() {
    }

    static Stream<Mistake> all() {
        return Stream.concat(files(), databases());
    }

    private static Stream<Mistake> files() {
        return Stream.of(
                one("cron hour out of range", "\"0 0 2 * * ?\"", "\"0 0 25 * * ?\"", "sources[1].schedule",
                        "\"0 0 25 * * ?\" is not a valid Quartz cron expression (Hour values must be between 0 and 23)"),
                one("unix five-field cron", "\"0 0 3 * * ?\"", "\"0 3 * * *\"", "sources[2].schedule",
                        "\"0 3 * * *\" is not a valid Quartz cron expression (Unexpected end of expression.);"
                                + " Quartz cron starts with seconds: 6 or 7 fields, e.g. \"0 30 1 * * ?\""),
                one("cron that never fires", "\"0 0 2 * * ?\"", "\"0 0 2 30 2 ?\"", "sources[1].schedule",
                        "\"0 0 2 30 2 ?\" never fires"),
                one("bucket missing", "bucket: acme-dr, ", "", "targets.dr.bucket", "missing"),
                new Mistake("misspelled key", "targets: [primary, dr]", "tagets: [primary, dr]", List.of(
                        new ConfigProblem("sources[0].tagets", "unknown key, did you mean \"targets\"?"),
                        new ConfigProblem("sources[0].targets", "missing"))),
                new Mistake("misspelled top-level key", "\nsources:", "\nsourcs:", List.of(
                        new ConfigProblem("sourcs", "unknown key, did you mean \"sources\"?"),
                        new ConfigProblem("sources", "missing"))),
                one("unknown key far from any", "profile: backup", "colour: blue", "targets.dr.colour",
                        "unknown key (valid: type, bucket, region, prefix, endpoint, pathStyle, storageClass, sse, profile, partSize,"
                                + " retrievalTier)"),
                one("string instead of list", "include: [\"**/*.log*\"]", "include: \"**/*.log*\"", "sources[0].include",
                        "expected a list of glob patterns, got a string"),
                one("bad glob", "include: [\"**/*.log*\"]", "include: [\"**/*.log*\", \"[a\"]", "sources[0].include[1]",
                        "\"[a\" is not a valid glob pattern (Missing '] at index 1)"),
                one("list instead of boolean", "pathStyle: true", "pathStyle: [true]", "targets.dr.pathStyle",
                        "expected true or false, got a list"),
                one("unknown source type", "type: artifacts", "type: artefacts", "sources[1].type",
                        "unknown source type \"artefacts\" (valid: directory, artifacts, logs, postgres, mysql, h2)"),
                one("unknown target type", "type: s3", "type: gcs", "targets.dr.type",
                        "unknown target type \"gcs\" (valid: file, s3, glacier)"),
                one("unknown target referenced", "\"0 0 3 * * ?\", targets: [dr]", "\"0 0 3 * * ?\", targets: [dr, dr2]",
                        "sources[2].targets[1]", "no target named \"dr2\" (known: primary, dr)"),
                one("target listed twice", "targets: [primary, dr]", "targets: [primary, dr, primary]",
                        "sources[0].targets[2]", "target \"primary\" is listed twice"),
                one("duplicate source name", "name: data-volume", "name: releases", "sources[2].name",
                        "duplicate source name \"releases\" (also sources[1])"),
                one("bad duration", "rpo: 26h", "rpo: 26 hours", "sources[0].rpo",
                        "\"26 hours\" is not a duration (use e.g. 26h, 90m, 7d, 30s or ISO-8601 PT26H)"),
                one("rpo shorter than the schedule allows", "rpo: 26h", "rpo: 20h", "sources[0].rpo",
                        "20h cannot be met: the schedule leaves up to 25h between backups"),
                one("bad timezone", "Europe/Berlin", "Europe/Berln", "sources[0].timezone",
                        "unknown time zone \"Europe/Berln\", did you mean \"Europe/Berlin\"?"),
                one("verify level out of range", "verify: { level: 2 }", "verify: { level: 4 }", "sources[0].verify.level",
                        "must be 1, 2 or 3, got 4"),
                one("verify level not a number", "verify: { level: 2 }", "verify: { level: high }", "sources[0].verify.level",
                        "expected a whole number, got a string"),
                one("fullEvery below one", "fullEvery: 7", "fullEvery: 0", "sources[0].fullEvery",
                        "must be at least 1 (1 means every backup is full), got 0"),
                one("fullEvery on a kind that is always full", "type: artifacts,", "type: artifacts, fullEvery: 3,",
                        "sources[1].fullEvery", "only logs sources are incremental; every artifacts backup is full (remove fullEvery)"),
                one("source path missing", "path: ./data/volume, ", "", "sources[2].path", "missing"),
                one("source path does not exist", "./data/volume", "./data/gone", "sources[2].path",
                        "${dir}/data/gone does not exist"),
                one("bad source name", "name: app-logs", "name: App Logs", "sources[0].name",
                        "\"App Logs\" is not a valid name: use up to 63 lower-case letters, digits, '.', '_' and '-',"
                                + " starting with a letter or digit (names become object keys)"),
                one("bad target name", "  primary: {", "  Archive: { type: file, path: ./var/archive }\n  primary: {",
                        "targets.Archive", "\"Archive\" is not a valid name: use up to 63 lower-case letters, digits, '.', '_' and '-',"
                                + " starting with a letter or digit (names become object keys)"),
                one("password in the catalog", "{ url: \"jdbc:h2:file:./var/catalog\" }",
                        "{ url: \"jdbc:h2:file:./var/catalog\", password: " + SECRET_VALUE + " }",
                        "catalog.password", Secrets.MESSAGE),
                one("password in the catalog URL", "jdbc:h2:file:./var/catalog",
                        "jdbc:postgresql://db/lifeboat?user=lb&password=" + SECRET_VALUE, "catalog.url", Secrets.MESSAGE),
                one("AWS keys in a target", "profile: backup", "secretAccessKey: " + SECRET_VALUE, "targets.dr.secretAccessKey",
                        Secrets.MESSAGE),
                one("token nested deep", "keyId: alias/backups", "keyId: alias/backups, token: " + SECRET_VALUE,
                        "targets.dr.sse.token", Secrets.MESSAGE),
                one("unsupported catalog", "jdbc:h2:file:./var/catalog", "jdbc:mysql://db/lifeboat", "catalog.url",
                        "unsupported catalog URL \"jdbc:mysql://db/lifeboat\" (use jdbc:h2:file:PATH or jdbc:postgresql://HOST/DB)"),
                one("bad size", "partSize: 16MiB", "partSize: 16 megs", "targets.dr.partSize",
                        "\"16 megs\" is not a size (use e.g. 16MiB, 5MB or a number of bytes)"),
                one("part too small for S3", "partSize: 16MiB", "partSize: 5MB", "targets.dr.partSize",
                        "5MB is outside 5MiB..1GiB (S3's smallest part is 5MiB; about two parts are held in memory per upload)"),
                one("unknown storage class", "STANDARD_IA", "CHEAP", "targets.dr.storageClass",
                        "unknown storage class \"CHEAP\" (valid: STANDARD, STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING,"
                                + " GLACIER_IR, GLACIER, DEEP_ARCHIVE, REDUCED_REDUNDANCY)"),
                one("endpoint without scheme", "\"http://127.0.0.1:9090\"", "\"127.0.0.1:9090\"", "targets.dr.endpoint",
                        "\"127.0.0.1:9090\" is not an http(s) URL (e.g. http://127.0.0.1:9000)"),
                one("keyId with S3-managed keys", "type: aws:kms", "type: AES256", "targets.dr.sse.keyId",
                        "a key id applies to aws:kms only; AES256 uses keys managed by S3"),
                one("YAML syntax error", "[primary, dr], rpo", "[primary, dr rpo", "line 9, column 74",
                        "YAML syntax error: expected ',' or ']', but got } (while parsing a flow sequence at line 9, column 16)"));
    }

    /** Mistakes in the database sources: sources[3] orders-db (postgres), [4] billing-db (mysql), [5] app-h2. */
    private static Stream<Mistake> databases() {
        String h2Hint = " (use jdbc:h2:file:PATH or jdbc:h2:tcp://HOST/PATH)";
        String onlyAtLevel3 = "only used at level 3 (restore test); set level: 3";
        return Stream.of(
                one("connection missing", "    connection: { host: 127.0.0.1, port: 5432, database: orders, user: backup,"
                        + " passwordEnv: ORDERS_DB_PASSWORD }\n", "", "sources[3].connection", "missing"),
                one("connection not a mapping", "{ host: db.internal, database: billing, user: root, passwordEnv: BILLING_DB_PASSWORD }",
                        "\"mysql://root@db.internal/billing\"", "sources[4].connection", "expected a mapping, got a string"),
                one("database missing", "database: orders, ", "", "sources[3].connection.database", "missing"),
                one("user missing", "user: root, ", "", "sources[4].connection.user", "missing"),
                one("port out of range", "port: 5432, database", "port: 70000, database", "sources[3].connection.port",
                        "must be between 1 and 65535, got 70000"),
                one("port not a number", "port: 5432, database", "port: pg, database", "sources[3].connection.port",
                        "expected a whole number, got a string"),
                new Mistake("misspelled connection key", "database: billing", "databse: billing", List.of(
                        new ConfigProblem("sources[4].connection.databse", "unknown key, did you mean \"database\"?"),
                        new ConfigProblem("sources[4].connection.database", "missing"))),
                one("password in a connection", "passwordEnv: BILLING_DB_PASSWORD", "password: " + SECRET_VALUE,
                        "sources[4].connection.password", Secrets.MESSAGE),
                one("password in an h2 URL", "./var/app;MODE=PostgreSQL", "./var/app;PASSWORD=" + SECRET_VALUE,
                        "sources[5].connection.url", Secrets.MESSAGE),
                one("passwordEnv that cannot be a variable", "passwordEnv: ORDERS_DB_PASSWORD", "passwordEnv: $ORDERS_DB_PASSWORD",
                        "sources[3].connection.passwordEnv",
                        "\"$ORDERS_DB_PASSWORD\" is not an environment variable name (e.g. ORDERS_DB_PASSWORD)"),
                new Mistake("JDBC URL for postgres", "host: 127.0.0.1, port: 5432, database: orders,",
                        "url: \"jdbc:postgresql://127.0.0.1/orders\",", List.of(
                        new ConfigProblem("sources[3].connection.url", "not used by postgres sources (use host, port and database)"),
                        new ConfigProblem("sources[3].connection.host", "missing"),
                        new ConfigProblem("sources[3].connection.database", "missing"))),
                new Mistake("host for h2", "url: \"jdbc:h2:file:./var/app;MODE=PostgreSQL\"", "host: 127.0.0.1", List.of(
                        new ConfigProblem("sources[5].connection.host", "not used by h2 sources (use url)"),
                        new ConfigProblem("sources[5].connection.url", "missing"))),
                one("not an H2 URL", "jdbc:h2:file:./var/app;MODE=PostgreSQL", "jdbc:sqlite:./var/app.db",
                        "sources[5].connection.url", "\"jdbc:sqlite:./var/app.db\" is not an H2 URL" + h2Hint),
                one("in-memory H2", "jdbc:h2:file:./var/app;MODE=PostgreSQL", "jdbc:h2:mem:app", "sources[5].connection.url",
                        "\"jdbc:h2:mem:app\" is an in-memory database that only its own process can see" + h2Hint),
                one("path on a database source", "    type: h2\n", "    type: h2\n    path: ./var\n", "sources[5].path",
                        "not used by h2 sources (use connection)"),
                one("exclude on a database source", "    type: mysql\n", "    type: mysql\n    exclude: [audit_log]\n",
                        "sources[4].exclude", "not used by mysql sources (the whole database is dumped)"),
                one("connection on a file source", "path: ./data/artifacts, ",
                        "path: ./data/artifacts, connection: { url: \"jdbc:h2:file:./x\" }, ", "sources[1].connection",
                        "not used by artifacts sources (use path)"),
                one("globals on mysql", "    type: mysql\n", "    type: mysql\n    globals: true\n", "sources[4].globals",
                        "only used by postgres sources (pg_dumpall --globals-only)"),
                one("globals not a boolean", "globals: true", "globals: roles", "sources[3].globals",
                        "expected true or false, got a string"),
                one("fullEvery on a database", "    type: postgres\n", "    type: postgres\n    fullEvery: 3\n",
                        "sources[3].fullEvery", "only logs sources are incremental; every postgres backup is full (remove fullEvery)"),
                one("level 3 on a file source", "verify: { level: 2 }", "verify: { level: 3 }", "sources[0].verify.level",
                        "level 3 (restore test) is only available for database sources"),
                one("checks on a file source", "verify: { level: 2 }", "verify: { level: 2, checks: [\"select 1\"] }",
                        "sources[0].verify.checks", "not used by logs sources (only database sources have a restore test)"),
                one("checks below level 3", "verify: { level: 3, checks:", "verify: { level: 2, checks:",
                        "sources[4].verify.checks", onlyAtLevel3),
                new Mistake("restore test settings without level 3", "      level: 3\n", "", List.of(
                        new ConfigProblem("sources[3].verify.scratch", onlyAtLevel3),
                        new ConfigProblem("sources[3].verify.checks", onlyAtLevel3),
                        new ConfigProblem("sources[3].verify.jobs", onlyAtLevel3))),
                one("check that is not a string", "[\"select count(*) > 0 from invoices\"]",
                        "[\"select count(*) > 0 from invoices\", 42]", "sources[4].verify.checks[1]",
                        "expected a string (an SQL query that returns true), got a number"),
                one("empty check", "[\"select count(*) > 0 from invoices\"]", "[\"select count(*) > 0 from invoices\", \" \"]",
                        "sources[4].verify.checks[1]",
                        "empty; write an SQL query that returns true, e.g. \"select count(*) > 0 from orders\""),
                one("checks not a list", "[\"select count(*) > 0 from invoices\"]", "\"select count(*) > 0 from invoices\"",
                        "sources[4].verify.checks", "expected a list of SQL queries, got a string"),
                one("jobs on mysql", "verify: { level: 3, checks:", "verify: { level: 3, jobs: 4, checks:",
                        "sources[4].verify.jobs", "only used by postgres sources (connections loading the data at once)"),
                one("jobs below one", "jobs: 4", "jobs: 0", "sources[3].verify.jobs", "must be at least 1, got 0"),
                one("scratch for h2", "    rpo: 12h\n", "    rpo: 12h\n    verify: { level: 3, scratch: { host: 127.0.0.1 } }\n",
                        "sources[5].verify.scratch", "not used by h2 sources (the restore test uses a temporary H2 file)"),
                one("misspelled scratch key", "user: postgres,", "usr: postgres,", "sources[3].verify.scratch.usr",
                        "unknown key, did you mean \"user\"?"),
                one("password in scratch", "passwordEnv: SCRATCH_PW", "password: " + SECRET_VALUE,
                        "sources[3].verify.scratch.password", Secrets.MESSAGE),
                one("scratch port out of range", "port: 5433", "port: 0", "sources[3].verify.scratch.port",
                        "must be between 1 and 65535, got 0"));
    }

    private static Mistake one(String name, String from, String to, String where, String message) {
        return new Mistake(name, from, to, List.of(new ConfigProblem(where, message)));
    }
}
