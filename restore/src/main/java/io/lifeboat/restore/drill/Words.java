package io.lifeboat.restore.drill;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a step line into words the way a shell would (blanks separate, '...' and "..." quote,
 * backslash escapes outside single quotes), then expands {@code ${drill.dir}}, {@code ${drill.id}}
 * and {@code ${env.NAME}} inside each word. No other shell features: no globs, pipes or $VAR.
 */
final class Words {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private Words() {
    }

    /** The words of {@code line}; an unbalanced quote is reported to {@code problems}. */
    static List<String> split(String line, Consumer<String> problems) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            word = word == null ? new StringBuilder() : word;
            if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (quote == c) {
                quote = 0;
            } else if (c == '\\' && quote != '\'' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
            } else {
                word.append(c);
            }
        }
        if (quote != 0) {
            problems.accept("unbalanced " + quote + " quote");
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** {@code word} with every variable replaced; an unknown variable or unset environment variable is a problem. */
    static String expand(String word, Map<String, String> drill, Map<String, String> env, Consumer<String> problems) {
        Matcher m = VARIABLE.matcher(word);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value;
            if (name.startsWith("env.")) {
                value = env.get(name.substring(4));
                if (value == null) {
                    problems.accept("${" + name + "}: the environment variable " + name.substring(4) + " is not set");
                }
            } else {
                value = drill.get(name);
                if (value == null) {
                    problems.accept("${" + name + "}: unknown variable (known: ${drill.dir}, ${drill.id}, ${env.NAME})");
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
