package io.lifeboat.backup.database;

import java.nio.file.Path;
import java.util.Locale;

/**
 * H2 JDBC URLs: {@code jdbc:h2:[file:|mem:|tcp://host/|ssl://host/|~/]path/name[;SETTING=...]}. The
 * database name is the last path element; another database lives beside it.
 */
final class H2Urls {
    private static final String PREFIX = "jdbc:h2:";

    private H2Urls() {
    }

    static String databaseName(String url) {
        String location = location(url);
        return location.substring(nameStart(location));
    }

    static String withDatabase(String url, String name) {
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.contains(";")) {
            throw new IllegalArgumentException("not an H2 database name: " + name);
        }
        String location = location(url);
        String settings = url.substring(PREFIX.length() + location.length());
        return PREFIX + location.substring(0, nameStart(location)) + name + settings;
    }

    /** The directory holding an embedded file database, or null for memory and server URLs. */
    static Path directory(String url) {
        String location = location(url);
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("mem:") || lower.startsWith("tcp:") || lower.startsWith("ssl:")) {
            return null;
        }
        String path = lower.startsWith("file:") ? location.substring(5) : location;
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        return parent;
    }

    private static String location(String url) {
        if (!url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not an H2 JDBC URL");
        }
        String rest = url.substring(PREFIX.length());
        int semicolon = rest.indexOf(';');
        return semicolon < 0 ? rest : rest.substring(0, semicolon);
    }

    private static int nameStart(String location) {
        int slash = Math.max(location.lastIndexOf('/'), location.lastIndexOf('\\'));
        int colon = location.lastIndexOf(':');
        int start = Math.max(slash, colon) + 1;
        if (start >= location.length()) {
            throw new IllegalArgumentException("an H2 URL without a database name");
        }
        return start;
    }
}
