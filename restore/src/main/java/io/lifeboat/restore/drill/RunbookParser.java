package io.lifeboat.restore.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a runbook: YAML front matter ({@code name}, {@code objectives: {rpo, rto}}, {@code schedule},
 * {@code notify}), and the steps of the fenced blocks whose info string is {@code lifeboat} (optionally
 * followed by {@code cleanup} and/or {@code continue-on-failure}). Inside a block, blank lines and
 * lines starting with {@code #} are ignored and a line ending in a backslash continues on the next.
 * Collects every problem of the document (the steps' own checks come later, see {@link DrillValidator}).
 */
public final class RunbookParser {
    private static final Pattern FENCE = Pattern.compile("^(`{3,}|~{3,})\\s*(\\S*)\\s*(.*)$");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");
    private static final Set<String> KEYS = Set.of("name", "objectives", "schedule", "notify", "description", "owner");
    private static final Set<String> FLAGS = Set.of("cleanup", "continue-on-failure");

    private final Map<String, String> drillVars;
    private final Map<String, String> env;
    private final java.util.function.Function<Step, List<String>> stepProblems;

    /**
     * {@code drillVars}: {@code drill.dir}, {@code drill.id}; {@code env}: for {@code ${env.NAME}};
     * {@code stepProblems}: what is wrong with a step (unknown step, source, target, bad URL), see {@link DrillRunner#problems}.
     */
    public RunbookParser(Map<String, String> drillVars, Map<String, String> env,
                         java.util.function.Function<Step, List<String>> stepProblems) {
        this.drillVars = Map.copyOf(drillVars);
        this.env = Map.copyOf(env);
        this.stepProblems = stepProblems;
    }

    public Runbook read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new RunbookException(file, List.of("cannot read the runbook: " + e));
        }
        return parse(file, text);
    }

    /** The runbook, or a {@link RunbookException} listing every problem of the document. */
    public Runbook parse(Path file, String text) {
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        int body = 0;
        JsonNode front = null;
        if (lines.length > 0 && lines[0].strip().equals("---")) {
            int end = 1;
            while (end < lines.length && !lines[end].strip().equals("---")) {
                end++;
            }
            if (end == lines.length) {
                problems.add("line 1: the front matter starting with --- never ends (no closing --- line)");
            } else {
                front = frontMatter(String.join("\n", java.util.Arrays.asList(lines).subList(1, end)), problems);
                body = end + 1;
            }
        } else {
            problems.add("line 1: no YAML front matter (--- name: ..., objectives: {rpo: 24h, rto: 2h} ---)");
        }
        String fallback = file.getFileName().toString().replaceFirst("\\.md$", "");
        String name = front != null && front.hasNonNull("name") ? front.get("name").asText() : fallback;
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            problems.add("front matter: name \"" + name + "\" must be letters, digits, '.', '_' or '-'");
        }
        Objectives objectives = front == null ? Objectives.NONE : objectives(front.get("objectives"), problems);
        String schedule = front != null && front.hasNonNull("schedule") ? front.get("schedule").asText() : null;
        List<String> notify = front == null ? List.of() : notify(front.get("notify"), problems);
        List<Step> steps = new ArrayList<>();
        List<Step> cleanup = new ArrayList<>();
        blocks(lines, body, steps, cleanup, problems);
        if (steps.isEmpty() && cleanup.isEmpty()) {
            problems.add("no steps: put them in fenced blocks marked ```lifeboat");
        }
        if (!problems.isEmpty()) {
            throw new RunbookException(file, problems);
        }
        return new Runbook(file, name, objectives, schedule, notify, steps, cleanup, text);
    }

    /**
     * The front matter's {@code schedule} (Quartz cron) of a runbook file, or empty: what the daemon reads
     * to decide whether to schedule it, before the whole runbook is validated.
     */
    public static java.util.Optional<String> schedule(Path file) {
        try {
            String[] lines = Files.readString(file).split("\r?\n", -1);
            if (lines.length == 0 || !lines[0].strip().equals("---")) {
                return java.util.Optional.empty();
            }
            int end = 1;
            while (end < lines.length && !lines[end].strip().equals("---")) {
                end++;
            }
            JsonNode front = frontMatter(String.join("\n", java.util.Arrays.asList(lines).subList(1, Math.min(end, lines.length))),
                    new ArrayList<>());
            return front != null && front.hasNonNull("schedule") ? java.util.Optional.of(front.get("schedule").asText())
                    : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static JsonNode frontMatter(String yaml, List<String> problems) {
        try {
            JsonNode node = new YAMLMapper().readTree(yaml);
            if (node == null || !node.isObject()) {
                problems.add("front matter: expected keys such as name: and objectives:");
                return null;
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!KEYS.contains(key)) {
                    problems.add("front matter: unknown key \"" + key + "\" (known: " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
                }
            }
            return node;
        } catch (IOException e) {
            problems.add("front matter: not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
            return null;
        }
    }

    private static Objectives objectives(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return Objectives.NONE;
        }
        if (!node.isObject()) {
            problems.add("front matter: objectives must be a map like { rpo: 24h, rto: 2h }");
            return Objectives.NONE;
        }
        node.fieldNames().forEachRemaining(k -> {
            if (!k.equals("rpo") && !k.equals("rto")) {
                problems.add("front matter: objectives." + k + " is unknown (known: rpo, rto)");
            }
        });
        return new Objectives(duration(node, "rpo", problems), duration(node, "rto", problems));
    }

    private static Duration duration(JsonNode objectives, String key, List<String> problems) {
        if (!objectives.hasNonNull(key)) {
            return null;
        }
        String text = objectives.get(key).asText();
        Duration d = parseDuration(text);
        if (d == null) {
            problems.add("front matter: objectives." + key + " \"" + text + "\" is not a duration like 90s, 15m, 2h or 1d");
        }
        return d;
    }

    /** {@code 1d2h30m10s} and its parts; null when it is not one. */
    static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (text.isBlank() || !m.matches()) {
            return null;
        }
        long[] unit = {86_400, 3_600, 60, 1};
        long seconds = 0;
        for (int i = 0; i < 4; i++) {
            seconds += m.group(i + 1) == null ? 0 : Long.parseLong(m.group(i + 1)) * unit[i];
        }
        return Duration.ofSeconds(seconds);
    }

    private static List<String> notify(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        (node.isArray() ? node : new YAMLMapper().createArrayNode().add(node)).forEach(n -> {
            if (!n.asText().matches("[^@\\s]+@[^@\\s]+")) {
                problems.add("front matter: notify \"" + n.asText() + "\" is not an e-mail address");
            }
            out.add(n.asText());
        });
        return out;
    }

    private void blocks(String[] lines, int from, List<Step> steps, List<Step> cleanup, List<String> problems) {
        String section = "";
        for (int i = from; i < lines.length; i++) {
            Matcher heading = HEADING.matcher(lines[i]);
            Matcher fence = FENCE.matcher(lines[i].strip());
            if (heading.matches()) {
                section = heading.group(1);
            } else if (fence.matches()) {
                int open = i;
                int end = closing(lines, i, fence.group(1));
                if (fence.group(2).equals("lifeboat")) {
                    Set<String> flags = Set.of(fence.group(3).isBlank() ? new String[0] : fence.group(3).strip().split("\\s+"));
                    flags.stream().filter(f -> !FLAGS.contains(f)).forEach(f -> problems.add("line " + (open + 1)
                            + ": unknown block option \"" + f + "\" (known: cleanup, continue-on-failure)"));
                    boolean isCleanup = flags.contains("cleanup");
                    block(lines, i + 1, end, section, isCleanup, flags.contains("continue-on-failure"),
                            isCleanup ? cleanup : steps, problems);
                } else if (fence.group(2).startsWith("lifeboat")) {
                    problems.add("line " + (i + 1) + ": unknown block \"" + fence.group(2) + "\" (use ```lifeboat or ```lifeboat cleanup)");
                }
                if (end == lines.length) {
                    problems.add("line " + (i + 1) + ": the fenced block never ends");
                }
                i = end;
            }
        }
    }

    private static int closing(String[] lines, int open, String fence) {
        for (int j = open + 1; j < lines.length; j++) {
            String s = lines[j].strip();
            if (s.startsWith(fence) && s.chars().allMatch(c -> c == fence.charAt(0))) {
                return j;
            }
        }
        return lines.length;
    }

    private void block(String[] lines, int from, int to, String section, boolean isCleanup, boolean continueOnFailure,
                       List<Step> into, List<String> problems) {
        for (int i = from; i < to; i++) {
            int first = i;
            StringBuilder text = new StringBuilder(lines[i].strip());
            while (text.toString().endsWith("\\") && i + 1 < to) {
                text.setLength(text.length() - 1);
                text.append(' ').append(lines[++i].strip());
            }
            String line = text.toString().strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = "line " + (first + 1) + ": ";
            List<String> words = new ArrayList<>();
            int before = problems.size();
            for (String w : Words.split(line, p -> problems.add(where + p))) {
                words.add(Words.expand(w, drillVars, env, p -> problems.add(where + p)));
            }
            Step step = new Step(first + 1, section, line, words, isCleanup, continueOnFailure);
            if (problems.size() == before) {
                stepProblems.apply(step).forEach(p -> problems.add(where + p));
            }
            into.add(step);
        }
    }
}
