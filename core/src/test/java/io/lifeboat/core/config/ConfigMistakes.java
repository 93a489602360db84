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
                        "unknown key (valid: type, bucket, region, prefix, endpoint, pathStyle, storageClass, sse, profile, partSize)"),
                one("string instead of list", "include: [\"**/*.log*\"]", "include: \"**/*.log*\"", "sources[0].include",
                        "expected a list of glob patterns, got a string"),
                one("bad glob", "include: [\"**/*.log*\"]", "include: [\"**/*.log*\", \"[a\"]", "sources[0].include[1]",
                        "\"[a\" is not a valid glob pattern (Missing '] at index 1)"),
                one("list instead of boolean", "pathStyle: true", "pathStyle: [true]", "targets.dr.pathStyle",
                        "expected true or false, got a list"),
                one("unknown source type", "type: artifacts", "type: artefacts", "sources[1].type",
                        "unknown source type \"artefacts\" (valid: directory, artifacts, logs)"),
                one("unknown target type", "type: s3", "type: gcs", "targets.dr.type",
                        "unknown target type \"gcs\" (valid: file, s3)"),
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

    private static Mistake one(String name, String from, String to, String where, String message) {
        return new Mistake(name, from, to, List.of(new ConfigProblem(where, message)));
    }
}
