package io.lifeboat.backup.database;

import io.lifeboat.core.Secret;
import java.util.regex.Pattern;

/**
 * Removes a password, and anything that looks like {@code password=...}, from tool output (but keeps
 * MySQL's harmless {@code (using password: YES)}).
 */
final class Redactor {
    static final String MASK = "****";
    private static final Pattern ASSIGNMENT =
            Pattern.compile("(?i)((?:password|passwd|pwd|PGPASSWORD|MYSQL_PWD)\\s*[=:]\\s*)"
                    + "(?!(?:YES|NO)\\))('[^']*'|\"[^\"]*\"|\\S+)");

    private Redactor() {
    }

    static String redact(String text, Secret secret) {
        if (text == null) {
            return null;
        }
        String out = text;
        if (secret != null && !secret.value().isEmpty()) {
            out = out.replace(secret.value(), MASK);
        }
        return ASSIGNMENT.matcher(out).replaceAll("$1" + MASK);
    }
}
