package io.lifeboat.backup.database;

import io.lifeboat.core.Secret;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to reach a database. The caller reads the password from the environment variable named in
 * the config; it is never part of {@link #toString()}, {@link #address()} or any message.
 *
 * <p>Server databases (postgres, mysql) have host, port, database and user; {@code jdbcUrl} is null.
 * H2 databases have a {@code jdbcUrl}; their {@code database} is the last path element of the URL
 * (derived when null), host is null and port 0.
 *
 * <p>Database names of servers are restricted to letters, digits and {@code _ $ . -} (not leading
 * {@code -}): they travel in JDBC URLs, tool arguments and SQL identifiers.
 *
 * @param password nullable: no password (trust auth, {@code ~/.pgpass}, {@code ~/.my.cnf})
 * @param jdbcUrl  H2 only, else null
 */
public record DbConnection(String host, int port, String database, String user, Secret password, String jdbcUrl) {
    private static final Pattern DATABASE = Pattern.compile("[\\p{L}\\p{N}_$.][\\p{L}\\p{N}_$.\\-]{0,63}");
    private static final Pattern HOST = Pattern.compile("[\\p{L}\\p{N}_.:\\-\\[\\]%]{1,255}");
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^;]*");

    public DbConnection {
        if (jdbcUrl == null) {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(user, "user");
            if (!HOST.matcher(host).matches() || host.startsWith("-")) {
                throw new IllegalArgumentException("not a host name or address: " + host);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535: " + port);
            }
            if (!DATABASE.matcher(database).matches()) {
                throw new IllegalArgumentException("unsupported database name \"" + database
                        + "\": use letters, digits and _ $ . - (at most 64)");
            }
        } else {
            if (!jdbcUrl.startsWith("jdbc:h2:")) {
                throw new IllegalArgumentException("only H2 connections have a JDBC URL: " + redactUrl(jdbcUrl));
            }
            if (host != null || port != 0) {
                throw new IllegalArgumentException("an H2 connection has a jdbcUrl, not host and port");
            }
            database = H2Urls.databaseName(jdbcUrl);
        }
        if (user != null && user.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("user name contains control characters");
        }
    }

    /** A PostgreSQL or MySQL/MariaDB server database. */
    public static DbConnection server(String host, int port, String database, String user, Secret password) {
        return new DbConnection(host, port, database, user, password, null);
    }

    /** An H2 database by its JDBC URL ({@code jdbc:h2:file:/var/lib/app/db}); user may be null. */
    public static DbConnection h2(String jdbcUrl, String user, Secret password) {
        return new DbConnection(null, 0, null, user, password, jdbcUrl);
    }

    /** The same server and credentials, another database (for H2: another file beside this one). */
    public DbConnection withDatabase(String db) {
        if (jdbcUrl != null) {
            return new DbConnection(null, 0, null, user, password, H2Urls.withDatabase(jdbcUrl, db));
        }
        return new DbConnection(host, port, db, user, password, null);
    }

    /** For messages: {@code backup@127.0.0.1:5432/orders}, or the H2 URL. Never the password. */
    public String address() {
        String who = user == null ? "" : user + "@";
        if (jdbcUrl != null) {
            return who + redactUrl(jdbcUrl);
        }
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return who + h + ":" + port + "/" + database;
    }

    /** {@code host:port/db} without the user: where an authentication failure happened. */
    String hostPortDb() {
        return jdbcUrl != null ? redactUrl(jdbcUrl) : address().substring(user.length() + 1);
    }

    @Override
    public String toString() {
        return "DbConnection[" + address() + (password == null ? "" : ", password ****") + "]";
    }

    static String redactUrl(String url) {
        return URL_PASSWORD.matcher(url).replaceAll("$1****");
    }
}
