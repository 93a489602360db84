package io.lifeboat.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A source's {@code verify: { enabled, level, scratch, checks, jobs }}. Level 3, the restore test,
 * is for database sources; {@code scratch}, {@code checks} and {@code jobs} only mean something there.
 */
final class VerifySection {
    private static final List<String> KEYS = List.of("level", "enabled", "scratch", "checks", "jobs");
    private static final List<String> RESTORE_TEST_KEYS = List.of("scratch", "checks", "jobs");
    private static final int RESTORE_TEST = 3;

    private VerifySection() {
    }

    /** The verify settings of a source of {@code type} (null when the type is unknown), or null after problems. */
    static VerifyConfig read(Fields source, SourceType type, ConnectionConfig connection) {
        Fields f = source.object("verify");
        if (f == null) {
            return Defaults.VERIFY;
        }
        Problems problems = f.problems();
        int before = problems.count();
        f.allowOnly(KEYS);
        Integer level = f.integer("level");
        if (level != null && (level < 1 || level > RESTORE_TEST)) {
            problems.add(f.where("level"), "must be 1, 2 or 3, got " + level);
        } else if (level != null && level == RESTORE_TEST && type != null && !type.isDatabase()) {
            problems.add(f.where("level"), "level 3 (restore test) is only available for database sources");
        }
        boolean levelOk = problems.count() == before;
        Boolean enabled = f.bool("enabled");
        int effective = level == null ? Defaults.VERIFY_LEVEL : level;
        ScratchConfig scratch = null;
        List<String> checks = List.of();
        int jobs = Defaults.RESTORE_JOBS;
        if (type != null && levelOk) {
            restoreTestKeysBelongHere(f, type, effective);
            if (type.isDatabase() && effective == RESTORE_TEST) {
                scratch = scratch(f, type, connection);
                checks = checks(f);
                jobs = jobs(f, type);
            }
        }
        if (problems.count() != before) {
            return null;
        }
        return new VerifyConfig(enabled == null ? Defaults.VERIFY_ENABLED : enabled, effective, scratch, checks, jobs);
    }

    private static void restoreTestKeysBelongHere(Fields f, SourceType type, int level) {
        for (String key : RESTORE_TEST_KEYS) {
            if (!f.has(key)) {
                continue;
            }
            if (!type.isDatabase()) {
                f.problems().add(f.where(key), "not used by " + type.configName()
                        + " sources (only database sources have a restore test)");
            } else if (level != RESTORE_TEST) {
                f.problems().add(f.where(key), "only used at level 3 (restore test); set level: 3");
            }
        }
    }

    /** postgres and mysql: the scratch server, by default the connection's; h2 restores into a temporary file. */
    private static ScratchConfig scratch(Fields f, SourceType type, ConnectionConfig connection) {
        if (type == SourceType.H2) {
            if (f.has("scratch")) {
                f.problems().add(f.where("scratch"), "not used by h2 sources (the restore test uses a temporary H2 file)");
            }
            return null;
        }
        if (f.has("scratch")) {
            Fields scratch = f.object("scratch");
            return scratch == null ? null : ConnectionSection.scratch(scratch, connection);
        }
        return connection == null ? null : Defaults.scratch(connection, null, null, null, null);
    }

    /** SQL queries that must each return true on the restored database. */
    private static List<String> checks(Fields f) {
        JsonNode node = f.raw("checks");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            f.problems().add(f.where("checks"), "expected a list of SQL queries, got " + Fields.describe(node));
            return List.of();
        }
        List<String> checks = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String where = f.where("checks") + "[" + i + "]";
            if (!item.isTextual()) {
                f.problems().add(where, "expected a string (an SQL query that returns true), got " + Fields.describe(item));
            } else if (item.asText().isBlank()) {
                f.problems().add(where, "empty; write an SQL query that returns true, e.g. \"select count(*) > 0 from orders\"");
            } else {
                checks.add(item.asText().strip());
            }
        }
        return checks;
    }

    private static int jobs(Fields f, SourceType type) {
        if (!f.has("jobs")) {
            return Defaults.RESTORE_JOBS;
        }
        if (type != SourceType.POSTGRES) {
            f.problems().add(f.where("jobs"), "only used by postgres sources (connections loading the data at once)");
            return Defaults.RESTORE_JOBS;
        }
        Integer jobs = f.integer("jobs");
        if (jobs != null && jobs < 1) {
            f.problems().add(f.where("jobs"), "must be at least 1, got " + jobs);
        }
        return jobs == null || jobs < 1 ? Defaults.RESTORE_JOBS : jobs;
    }
}
