package io.lifeboat.restore.drill;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The steps that are not command-line commands: {@code check sql|file|http}, {@code measure rpo},
 * {@code run}, {@code wait}, {@code drop database}. Each is checked before the drill starts
 * ({@link #problems}) and run by {@link #run}.
 */
final class BuiltinSteps {
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);

    private final Map<String, String> env;
    private final ZoneId zone;
    private final io.lifeboat.restore.archive.Sleeper sleeper;

    BuiltinSteps(Map<String, String> env, ZoneId zone, io.lifeboat.restore.archive.Sleeper sleeper) {
        this.env = Map.copyOf(env);
        this.zone = zone;
        this.sleeper = sleeper;
    }

    /** Problems of a built-in step, without running it. */
    List<String> problems(Step step) {
        List<String> problems = new ArrayList<>();
        args(step, problems::add);
        return problems;
    }

    /** Problems of a database URL (bad scheme, password in it, no database name). */
    List<String> sqlTargetProblems(String url, String what) {
        List<String> problems = new ArrayList<>();
        target(url, what, problems::add);
        return problems;
    }

    private StepArgs args(Step step, Consumer<String> problems) {
        List<String> a = step.args();
        return switch (step.kind()) {
            case CHECK_SQL -> sql(StepArgs.parse(a.subList(2, a.size()), Set.of("--db"), Set.of(), problems), "check sql", problems);
            case MEASURE_RPO -> measure(StepArgs.parse(a.subList(2, a.size()), Set.of("--db", "--newest-file"), Set.of("--mtime"),
                    problems), problems);
            case CHECK_FILE -> {
                StepArgs p = StepArgs.parse(a.subList(2, a.size()), Set.of("--min-files", "--min-bytes", "--contains"), Set.of(), problems);
                one(p, "check file PATH", problems);
                number(p, "--min-files", problems);
                number(p, "--min-bytes", problems);
                yield p;
            }
            case CHECK_HTTP -> {
                StepArgs p = StepArgs.parse(a.subList(2, a.size()), Set.of("--status", "--timeout", "--contains"), Set.of(), problems);
                if (one(p, "check http URL", problems) && !p.positional().get(0).matches("https?://.+")) {
                    problems.accept("check http: \"" + p.positional().get(0) + "\" is not an http:// or https:// URL");
                }
                number(p, "--status", problems);
                duration(p.option("--timeout"), "--timeout", problems);
                yield p;
            }
            case RUN -> {
                StepArgs p = StepArgs.parseLeading(a.subList(1, a.size()), Set.of("--timeout"), Set.of(), problems);
                if (p.positional().isEmpty()) {
                    problems.accept("run: give the command, e.g. run --timeout 5m ./scripts/start-app.sh");
                }
                duration(p.option("--timeout"), "--timeout", problems);
                yield p;
            }
            case WAIT -> {
                StepArgs p = StepArgs.parse(a.subList(1, a.size()), Set.of(), Set.of(), problems);
                if (one(p, "wait DURATION (e.g. wait 30s)", problems)) {
                    duration(p.positional().get(0), "wait", problems);
                }
                yield p;
            }
            case DROP_DATABASE -> {
                StepArgs p = StepArgs.parse(a.subList(2, a.size()), Set.of(), Set.of(), problems);
                if (one(p, "drop database URL", problems)) {
                    target(p.positional().get(0), "drop database", problems);
                }
                yield p;
            }
            default -> throw new IllegalArgumentException("not a built-in step: " + step.text());
        };
    }

    private StepArgs sql(StepArgs p, String what, Consumer<String> problems) {
        if (p.option("--db") == null) {
            problems.accept(what + ": --db URL is required (postgresql://HOST:PORT/DB, mysql://HOST:PORT/DB or jdbc:h2:file:PATH)");
        } else {
            target(p.option("--db"), what + " --db", problems);
        }
        one(p, what + " --db URL \"QUERY\" (quote the query)", problems);
        return p;
    }

    private StepArgs measure(StepArgs p, Consumer<String> problems) {
        boolean db = p.option("--db") != null;
        boolean files = p.option("--newest-file") != null;
        if (db == files) {
            problems.accept("measure rpo: give either --db URL \"QUERY\" (returning a timestamp) or --newest-file DIR");
        } else if (db) {
            sql(p, "measure rpo", problems);
        } else if (!p.positional().isEmpty()) {
            problems.accept("measure rpo --newest-file DIR: unexpected " + p.positional());
        }
        return p;
    }

    private static boolean one(StepArgs p, String usage, Consumer<String> problems) {
        if (p.positional().size() != 1) {
            problems.accept("expected " + usage + (p.positional().isEmpty() ? "" : "; got " + p.positional().size() + " arguments "
                    + p.positional()));
            return false;
        }
        return true;
    }

    private static void number(StepArgs p, String option, Consumer<String> problems) {
        if (p.option(option) != null && !p.option(option).matches("\\d+")) {
            problems.accept(option + " \"" + p.option(option) + "\" is not a number");
        }
    }

    private static Duration duration(String text, String what, Consumer<String> problems) {
        if (text == null) {
            return null;
        }
        Duration d = RunbookParser.parseDuration(text);
        if (d == null) {
            problems.accept(what + " \"" + text + "\" is not a duration like 30s, 5m or 1h");
        }
        return d;
    }

    private SqlTarget target(String url, String what, Consumer<String> problems) {
        try {
            return SqlTarget.parse(url, env);
        } catch (IllegalArgumentException e) {
            problems.accept(what + " " + e.getMessage());
            return null;
        }
    }

    /** Runs a step whose {@link #problems} were empty. */
    StepOutcome run(Step step, Map<String, String> stepEnv) throws Exception {
        StepArgs p = args(step, problem -> {
            throw new IllegalStateException(problem);
        });
        return switch (step.kind()) {
            case CHECK_SQL -> checkSql(SqlTarget.parse(p.option("--db"), env), p.positional().get(0));
            case MEASURE_RPO -> p.option("--db") != null ? measureSql(SqlTarget.parse(p.option("--db"), env), p.positional().get(0))
                    : measureFiles(Path.of(p.option("--newest-file")), p.flag("--mtime"));
            case CHECK_FILE -> checkFile(Path.of(p.positional().get(0)), p);
            case CHECK_HTTP -> checkHttp(p);
            case RUN -> ShellStep.run(p.positional(), p.option("--timeout") == null ? RUN_TIMEOUT
                    : RunbookParser.parseDuration(p.option("--timeout")), stepEnv);
            case WAIT -> {
                Duration d = RunbookParser.parseDuration(p.positional().get(0));
                sleeper.sleep(d);
                yield StepOutcome.passed("waited " + Durations.format(d));
            }
            case DROP_DATABASE -> StepOutcome.passed(SqlTarget.parse(p.positional().get(0), env).drop());
            default -> throw new IllegalArgumentException("not a built-in step: " + step.text());
        };
    }

    private static Object firstValue(SqlTarget db, String query) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            if (!rs.next()) {
                throw new SQLException("the query returned no rows");
            }
            return rs.getObject(1);
        }
    }

    private static StepOutcome checkSql(SqlTarget db, String query) throws SQLException {
        Object v = firstValue(db, query);
        boolean ok = v instanceof Boolean b ? b : v instanceof Number n ? n.longValue() != 0
                : v != null && Set.of("t", "true", "1", "yes").contains(v.toString().strip().toLowerCase(java.util.Locale.ROOT));
        return new StepOutcome(ok, "returned " + v + (ok ? "" : " (expected true)"), null, List.of());
    }

    private StepOutcome measureSql(SqlTarget db, String query) throws SQLException {
        Object v = firstValue(db, query);
        Instant newest;
        if (v == null) {
            throw new SQLException("the query returned NULL: no data (an empty table?)");
        } else if (v instanceof OffsetDateTime o) {
            newest = o.toInstant();
        } else if (v instanceof Timestamp t) {
            newest = t.toInstant();
        } else if (v instanceof java.time.LocalDateTime l) {
            newest = l.atZone(zone).toInstant();
        } else if (v instanceof java.util.Date d) {
            newest = d.toInstant();
        } else {
            newest = NewestData.stamp(v.toString(), zone);
            if (newest == null) {
                throw new SQLException("the query returned " + v + ", not a timestamp");
            }
        }
        return new StepOutcome(true, "newest data " + newest, newest, List.of());
    }

    private StepOutcome measureFiles(Path dir, boolean mtimeOnly) throws IOException {
        NewestData.Found f = NewestData.in(dir, mtimeOnly, zone);
        return new StepOutcome(true, "newest data " + f.newest() + " (" + (f.fromLine() ? "newest line" : "modification time")
                + " of " + dir.relativize(f.file()) + ", " + f.files() + " files looked at)", f.newest(), List.of());
    }

    private static StepOutcome checkFile(Path path, StepArgs p) throws IOException {
        if (!Files.exists(path)) {
            return StepOutcome.failed(path + " does not exist");
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(path)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        long minFiles = p.option("--min-files") == null ? 1 : Long.parseLong(p.option("--min-files"));
        long minBytes = p.option("--min-bytes") == null ? 0 : Long.parseLong(p.option("--min-bytes"));
        String summary = files.size() + " files, " + bytes + " bytes";
        if (files.size() < minFiles || bytes < minBytes) {
            return StepOutcome.failed(path + ": " + summary + "; expected at least " + minFiles + " files and " + minBytes + " bytes");
        }
        String needle = p.option("--contains");
        if (needle != null) {
            for (Path f : files) {
                if (Files.size(f) < 64 << 20 && new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.UTF_8).contains(needle)) {
                    return StepOutcome.passed(path + ": " + summary + "; \"" + needle + "\" found in " + f.getFileName());
                }
            }
            return StepOutcome.failed(path + ": " + summary + "; no file contains \"" + needle + "\"");
        }
        return StepOutcome.passed(path + ": " + summary);
    }

    private static StepOutcome checkHttp(StepArgs p) throws IOException, InterruptedException {
        Duration timeout = p.option("--timeout") == null ? Duration.ofSeconds(30) : RunbookParser.parseDuration(p.option("--timeout"));
        int expected = p.option("--status") == null ? 200 : Integer.parseInt(p.option("--status"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(p.positional().get(0))).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        boolean ok = r.statusCode() == expected && (p.option("--contains") == null || r.body().contains(p.option("--contains")));
        return new StepOutcome(ok, "HTTP " + r.statusCode() + (r.statusCode() == expected ? "" : " (expected " + expected + ")")
                + (p.option("--contains") == null ? "" : r.body().contains(p.option("--contains")) ? ", body contains \""
                + p.option("--contains") + "\"" : ", body lacks \"" + p.option("--contains") + "\""), null, List.of());
    }
}
