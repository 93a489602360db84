package io.lifeboat.core.config;

import java.util.regex.Pattern;

/** Names of sources and targets: they become parts of object keys, so they are kept plain. */
final class Names {
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    private Names() {
    }

    static boolean check(String where, String name, Problems problems) {
        if (VALID.matcher(name).matches()) {
            return true;
        }
        problems.add(where, "\"" + name + "\" is not a valid name: use up to 63 lower-case letters, digits,"
                + " '.', '_' and '-', starting with a letter or digit (names become object keys)");
        return false;
    }
}
