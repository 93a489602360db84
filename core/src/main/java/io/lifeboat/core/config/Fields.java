package io.lifeboat.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One mapping of the config tree and where it is ({@code sources[0]}, {@code targets.dr}); reads
 * its keys with type checks, reporting into {@link Problems}. A getter returns null (or empty)
 * when the key is absent or wrong, after reporting what was wrong.
 */
final class Fields {
    static final String MISSING = "missing";
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final JsonNode node;
    private final String where;
    private final Problems problems;

    Fields(JsonNode node, String where, Problems problems) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("not a mapping: " + where);
        }
        this.node = node;
        this.where = where;
        this.problems = problems;
    }

    static String join(String where, String key) {
        return where.isEmpty() ? key : where + "." + key;
    }

    /** What a node is, for "expected X, got Y" messages. */
    static String describe(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isObject()) {
            return "a mapping";
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isBoolean()) {
            return "true/false";
        }
        return n.isNumber() ? "a number" : "a string";
    }

    String where() {
        return where;
    }

    String where(String key) {
        return join(where, key);
    }

    Problems problems() {
        return problems;
    }

    /** Reports keys not in {@code known}, with a suggestion; secret keys are reported by {@link Secrets}. */
    void allowOnly(List<String> known) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            if (known.contains(key) || Secrets.isSecretKey(key)) {
                continue;
            }
            Optional<String> suggestion = Suggestions.closest(key, known);
            problems.add(where(key), suggestion.map(s -> "unknown key, did you mean \"" + s + "\"?")
                    .orElse("unknown key (valid: " + String.join(", ", known) + ")"));
        }
    }

    boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    JsonNode raw(String key) {
        return node.get(key);
    }

    /** A scalar as text (numbers are accepted as text, e.g. a bucket named 2024). */
    String text(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode() || v.isBoolean()) {
            problems.add(where(key), "expected a string, got " + describe(v));
            return null;
        }
        return v.asText();
    }

    String requiredText(String key) {
        if (!has(key)) {
            problems.add(where(key), MISSING);
            return null;
        }
        return text(key);
    }

    /** The name of an environment variable ({@code passwordEnv}); {@code example} shows a good one. */
    String envName(String key, String example) {
        String name = text(key);
        if (name != null && !ENV_NAME.matcher(name).matches()) {
            problems.add(where(key), "\"" + name + "\" is not an environment variable name (e.g. " + example + ")");
            return null;
        }
        return name;
    }

    Boolean bool(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            problems.add(where(key), "expected true or false, got " + describe(v));
            return null;
        }
        return v.booleanValue();
    }

    Integer integer(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            problems.add(where(key), "expected a whole number, got " + describe(v));
            return null;
        }
        return v.intValue();
    }

    /** A list of scalars; {@code what} names the items: "a list of glob patterns". */
    List<String> strings(String key, String what) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            problems.add(where(key), "expected a list of " + what + ", got " + describe(v));
            return null;
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isValueNode() || item.isNull() || item.isBoolean()) {
                problems.add(where(key) + "[" + i + "]", "expected a string, got " + describe(item));
                ok = false;
            } else {
                out.add(item.asText());
            }
        }
        return ok ? out : null;
    }

    /** A nested mapping, or null (reported if present but not a mapping). */
    Fields object(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            problems.add(where(key), "expected a mapping, got " + describe(v));
            return null;
        }
        return new Fields(v, where(key), problems);
    }
}
