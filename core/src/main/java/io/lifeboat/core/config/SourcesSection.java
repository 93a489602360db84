package io.lifeboat.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.quartz.CronExpression;

/**
 * {@code sources: [ { name, type, path, include, exclude, connection, globals, schedule, timezone, targets,
 * rpo, fullEvery, verify, retry, retention, compression } ]}: files have a path, databases a connection.
 */
final class SourcesSection {
    private static final List<String> KEYS = List.of("name", "type", "path", "include", "exclude",
            "connection", "globals", "schedule", "timezone", "targets", "rpo", "fullEvery", "verify", "retry", "retention", "compression");
    private static final String TYPES = Arrays.stream(SourceType.values())
            .map(SourceType::configName).collect(Collectors.joining(", "));

    private final Problems problems;
    private final Path workingDir;
    private final List<String> targetNames;
    private final Map<String, String> seenNames = new HashMap<>();

    private SourcesSection(Problems problems, Path workingDir, List<String> targetNames) {
        this.problems = problems;
        this.workingDir = workingDir;
        this.targetNames = targetNames;
    }

    /** Every valid source, in file order. */
    static List<SourceConfig> read(Fields root, Path workingDir, List<String> targetNames) {
        Problems problems = root.problems();
        if (!root.has("sources")) {
            problems.add("sources", Fields.MISSING);
            return List.of();
        }
        JsonNode node = root.raw("sources");
        if (!node.isArray()) {
            problems.add("sources", "expected a list of sources, got " + Fields.describe(node));
            return List.of();
        }
        if (node.isEmpty()) {
            problems.add("sources", "no sources; name at least one thing to back up");
        }
        SourcesSection section = new SourcesSection(problems, workingDir, targetNames);
        List<SourceConfig> sources = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String where = "sources[" + i + "]";
            JsonNode item = node.get(i);
            if (!item.isObject()) {
                problems.add(where, "expected a mapping with name, type, path or connection, schedule and targets, got " + Fields.describe(item));
                continue;
            }
            section.source(new Fields(item, where, problems)).ifPresent(sources::add);
        }
        return sources;
    }

    private Optional<SourceConfig> source(Fields f) {
        int before = problems.count();
        f.allowOnly(KEYS);
        String name = name(f);
        SourceType type = type(f);
        boolean database = type == null ? f.has("connection") : type.isDatabase();
        Path path = null;
        List<String> include = Defaults.INCLUDE;
        List<String> exclude = Defaults.EXCLUDE;
        ConnectionConfig connection = null;
        boolean globals = Defaults.GLOBALS;
        if (!database) {
            path = path(f);
            include = globs(f, "include", Defaults.INCLUDE);
            exclude = globs(f, "exclude", Defaults.EXCLUDE);
            notUsed(f, type, "connection", "use path");
        } else if (type != null) {
            notUsed(f, type, "path", "use connection");
            notUsed(f, type, "include", "the whole database is dumped");
            notUsed(f, type, "exclude", "the whole database is dumped");
            connection = ConnectionSection.read(f, type, workingDir);
        }
        if (type != null) {
            globals = globals(f, type);
        }
        ZoneId zone = Optional.ofNullable(f.text("timezone"))
                .flatMap(z -> Schedules.zone(f.where("timezone"), z, problems)).orElse(null);
        String schedule = f.requiredText("schedule");
        CronExpression cron = schedule == null ? null : Schedules.cron(f.where("schedule"), schedule,
                zone == null ? ZoneId.systemDefault() : zone, problems).orElse(null);
        List<String> targets = targets(f);
        Duration rpo = rpo(f, cron);
        int fullEvery = fullEvery(f, type);
        VerifyConfig verify = VerifySection.read(f, type, connection);
        RetryConfig retry = RetrySection.read(f);
        RetentionConfig retention = RetentionSection.read(f, zone == null ? ZoneId.systemDefault() : zone);
        CompressionConfig compression = CompressionSection.read(f);
        if (problems.count() != before) {
            return Optional.empty();
        }
        return Optional.of(new SourceConfig(name, type, path, include, exclude, schedule,
                zone == null ? null : zone.getId(), targets, rpo, fullEvery, verify, connection, globals, retry, retention,
                compression));
    }

    private void notUsed(Fields f, SourceType type, String key, String hint) {
        if (f.has(key) && type != null) {
            problems.add(f.where(key), "not used by " + type.configName() + " sources (" + hint + ")");
        }
    }

    /** postgres: {@code globals: true} also dumps roles and tablespaces. */
    private boolean globals(Fields f, SourceType type) {
        if (f.has("globals") && type != SourceType.POSTGRES) {
            problems.add(f.where("globals"), "only used by postgres sources (pg_dumpall --globals-only)");
            return Defaults.GLOBALS;
        }
        Boolean globals = f.bool("globals");
        return globals == null ? Defaults.GLOBALS : globals;
    }

    private String name(Fields f) {
        String name = f.requiredText("name");
        if (name == null || !Names.check(f.where("name"), name, problems)) {
            return null;
        }
        String first = seenNames.putIfAbsent(name, f.where());
        if (first != null) {
            problems.add(f.where("name"), "duplicate source name \"" + name + "\" (also " + first + ")");
        }
        return name;
    }

    private SourceType type(Fields f) {
        String type = f.requiredText("type");
        if (type == null) {
            return null;
        }
        Optional<SourceType> parsed = SourceType.fromConfigName(type);
        if (parsed.isEmpty()) {
            problems.add(f.where("type"), "unknown source type \"" + type + "\" (valid: " + TYPES + ")");
        }
        return parsed.orElse(null);
    }

    private Path path(Fields f) {
        String text = f.requiredText("path");
        if (text == null) {
            return null;
        }
        Path path = workingDir.resolve(text).normalize();
        if (!Files.exists(path)) {
            problems.add(f.where("path"), path + " does not exist");
        } else if (!Files.isDirectory(path)) {
            problems.add(f.where("path"), path + " is not a directory");
        }
        return path;
    }

    private List<String> globs(Fields f, String key, List<String> fallback) {
        List<String> globs = f.strings(key, "glob patterns");
        if (globs == null) {
            return fallback;
        }
        for (int i = 0; i < globs.size(); i++) {
            String glob = globs.get(i);
            String where = f.where(key) + "[" + i + "]";
            if (glob.startsWith("/")) {
                problems.add(where, "\"" + glob + "\" must be relative to the source's path");
                continue;
            }
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + glob);
            } catch (PatternSyntaxException e) {
                problems.add(where, "\"" + glob + "\" is not a valid glob pattern (" + e.getDescription()
                        + " at index " + e.getIndex() + ")");
            }
        }
        return globs;
    }

    private List<String> targets(Fields f) {
        if (!f.has("targets")) {
            problems.add(f.where("targets"), Fields.MISSING);
            return List.of();
        }
        List<String> targets = f.strings("targets", "target names");
        if (targets == null) {
            return List.of();
        }
        if (targets.isEmpty()) {
            problems.add(f.where("targets"), "empty; name at least one target (known: " + String.join(", ", targetNames) + ")");
        }
        for (int i = 0; i < targets.size(); i++) {
            String target = targets.get(i);
            String where = f.where("targets") + "[" + i + "]";
            if (!targetNames.contains(target)) {
                problems.add(where, "no target named \"" + target + "\" (known: " + String.join(", ", targetNames) + ")");
            } else if (targets.indexOf(target) < i) {
                problems.add(where, "target \"" + target + "\" is listed twice");
            }
        }
        return targets;
    }

    private Duration rpo(Fields f, CronExpression cron) {
        String text = f.requiredText("rpo");
        if (text == null) {
            return null;
        }
        Duration rpo = Units.duration(text).orElse(null);
        if (rpo == null) {
            problems.add(f.where("rpo"), "\"" + text + "\" is not a duration (" + Units.DURATION_HINT + ")");
        } else if (rpo.isNegative() || rpo.isZero()) {
            problems.add(f.where("rpo"), "must be longer than zero");
        } else if (cron != null) {
            Duration gap = Schedules.longestGap(cron);
            if (gap.compareTo(rpo) > 0) {
                problems.add(f.where("rpo"), text + " cannot be met: the schedule leaves up to "
                        + Units.formatDuration(gap) + " between backups");
            }
        }
        return rpo;
    }

    private int fullEvery(Fields f, SourceType type) {
        Integer fullEvery = f.integer("fullEvery");
        if (fullEvery == null) {
            return type == null ? 1 : Defaults.fullEvery(type);
        }
        if (fullEvery < 1) {
            problems.add(f.where("fullEvery"), "must be at least 1 (1 means every backup is full), got " + fullEvery);
        } else if (type != null && type != SourceType.LOGS && fullEvery != 1) {
            problems.add(f.where("fullEvery"), "only logs sources are incremental; every " + type.configName()
                    + " backup is full (remove fullEvery)");
        }
        return fullEvery;
    }
}
