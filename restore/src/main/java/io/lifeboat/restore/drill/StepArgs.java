package io.lifeboat.restore.drill;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** The options ({@code --name value}) and positional words of a built-in step, checked against what it accepts. */
record StepArgs(Map<String, String> options, List<String> positional) {

    /** Options may come anywhere (before and after the positional words); see {@link #parseLeading} for {@code run}. */
    static StepArgs parse(List<String> words, Set<String> known, Set<String> flags, Consumer<String> problems) {
        return parse(words, known, flags, problems, false);
    }

    /** Options only before the first positional word: the rest is a command line of its own. */
    static StepArgs parseLeading(List<String> words, Set<String> known, Set<String> flags, Consumer<String> problems) {
        return parse(words, known, flags, problems, true);
    }

    private static StepArgs parse(List<String> words, Set<String> known, Set<String> flags, Consumer<String> problems,
                                  boolean leadingOnly) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals("--")) {
                positional.addAll(words.subList(i + 1, words.size()));
                break;
            }
            if (w.startsWith("--") && w.length() > 2 && (!leadingOnly || positional.isEmpty())) {
                String name = w.contains("=") ? w.substring(0, w.indexOf('=')) : w;
                if (flags.contains(name)) {
                    options.put(name, "true");
                } else if (!known.contains(name)) {
                    problems.accept("unknown option " + name + (known.isEmpty() && flags.isEmpty() ? ""
                            : " (known: " + String.join(", ", new java.util.TreeSet<>(union(known, flags))) + ")"));
                } else if (w.contains("=")) {
                    options.put(name, w.substring(w.indexOf('=') + 1));
                } else if (i + 1 < words.size()) {
                    options.put(name, words.get(++i));
                } else {
                    problems.accept(name + " needs a value");
                }
            } else {
                positional.add(w);
            }
        }
        return new StepArgs(options, positional);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    String option(String name) {
        return options.get(name);
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }
}
