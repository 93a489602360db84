package io.lifeboat.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A database source's {@code connection: { host, port, database, user, passwordEnv }} (postgres,
 * mysql) or {@code { url, user, passwordEnv }} (h2), and a restore test's {@code scratch}. Whether
 * the password's environment variable is set is checked when connecting, not here.
 */
final class ConnectionSection {
    private static final List<String> KEYS = List.of("host", "port", "database", "url", "user", "passwordEnv");
    private static final List<String> SERVER_KEYS = List.of("host", "port", "database", "user", "passwordEnv");
    private static final List<String> H2_KEYS = List.of("url", "user", "passwordEnv");
    private static final List<String> SCRATCH_KEYS = List.of("host", "port", "user", "passwordEnv");
    private static final String ENV_EXAMPLE = "ORDERS_DB_PASSWORD";
    private static final String H2 = "jdbc:h2:";
    private static final String H2_HINT = "use jdbc:h2:file:PATH or jdbc:h2:tcp://HOST/PATH";

    private ConnectionSection() {
    }

    /** The connection of a database source, or null after reporting problems. */
    static ConnectionConfig read(Fields source, SourceType type, Path workingDir) {
        Problems problems = source.problems();
        if (!source.has("connection")) {
            problems.add(source.where("connection"), Fields.MISSING);
            return null;
        }
        Fields f = source.object("connection");
        if (f == null) {
            return null;
        }
        int before = problems.count();
        f.allowOnly(KEYS);
        boolean h2 = type == SourceType.H2;
        for (String key : KEYS) {
            if (f.has(key) && !(h2 ? H2_KEYS : SERVER_KEYS).contains(key)) {
                problems.add(f.where(key), "not used by " + type.configName() + " sources ("
                        + (h2 ? "use url" : "use host, port and database") + ")");
            }
        }
        ConnectionConfig connection = h2 ? h2(f, workingDir) : server(f, type);
        return problems.count() == before ? connection : null;
    }

    private static ConnectionConfig server(Fields f, SourceType type) {
        String host = f.requiredText("host");
        int port = port(f, Defaults.port(type));
        String database = f.requiredText("database");
        String user = f.requiredText("user");
        String passwordEnv = f.envName("passwordEnv", ENV_EXAMPLE);
        if (host == null || database == null || user == null || port == 0) {
            return null;
        }
        return new ConnectionConfig(host, port, database, user, passwordEnv, null);
    }

    private static ConnectionConfig h2(Fields f, Path workingDir) {
        String url = f.requiredText("url");
        String user = f.text("user");
        String passwordEnv = f.envName("passwordEnv", ENV_EXAMPLE);
        url = url == null ? null : h2Url(f.where("url"), url.strip(), workingDir, f.problems());
        return url == null ? null : new ConnectionConfig(null, 0, null, user, passwordEnv, url);
    }

    /** A local H2 file made absolute like the catalog's, or a server URL. */
    private static String h2Url(String where, String url, Path workingDir, Problems problems) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.contains("password=")) {
            problems.add(where, Secrets.MESSAGE);
            return null;
        }
        if (!lower.startsWith(H2)) {
            problems.add(where, "\"" + url + "\" is not an H2 URL (" + H2_HINT + ")");
            return null;
        }
        if (lower.startsWith(H2 + "mem:")) {
            problems.add(where, "\"" + url + "\" is an in-memory database that only its own process can see ("
                    + H2_HINT + ")");
            return null;
        }
        return CatalogSection.absoluteH2(url, workingDir);
    }

    /**
     * {@code verify.scratch}: the settings it names, the rest from the connection (null when the
     * connection is invalid, after reporting the scratch's own problems).
     */
    static ScratchConfig scratch(Fields f, ConnectionConfig connection) {
        int before = f.problems().count();
        f.allowOnly(SCRATCH_KEYS);
        String host = f.text("host");
        int port = port(f, -1);
        String user = f.text("user");
        String passwordEnv = f.envName("passwordEnv", "SCRATCH_DB_PASSWORD");
        if (connection == null || f.problems().count() != before) {
            return null;
        }
        return Defaults.scratch(connection, host, port == -1 ? null : port, user, passwordEnv);
    }

    /** The port, {@code fallback} when absent, 0 when wrong (reported). */
    private static int port(Fields f, int fallback) {
        if (!f.has("port")) {
            return fallback;
        }
        Integer port = f.integer("port");
        if (port == null) {
            return 0;
        }
        if (port < 1 || port > 65535) {
            f.problems().add(f.where("port"), "must be between 1 and 65535, got " + port);
            return 0;
        }
        return port;
    }
}
