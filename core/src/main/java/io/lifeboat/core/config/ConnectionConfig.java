package io.lifeboat.core.config;

import java.util.Objects;

/**
 * How a database source is reached: {@code connection: { host, port, database, user, passwordEnv }}
 * for {@code postgres} and {@code mysql}, {@code { url, user, passwordEnv }} for {@code h2}. The
 * password comes from the environment variable named by {@code passwordEnv} when connecting; never
 * from the file.
 *
 * @param host        server host; null for h2
 * @param port        server port (default 5432 / 3306); 0 for h2
 * @param database    the database to dump; null for h2
 * @param user        user name; required for postgres and mysql, optional for h2
 * @param passwordEnv environment variable holding the password, or null for none
 * @param url         h2 only: the JDBC URL, a relative file already made absolute; null otherwise
 */
public record ConnectionConfig(String host, int port, String database, String user, String passwordEnv, String url) {
    public ConnectionConfig {
        if (url == null) {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(database, "database");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535: " + port);
            }
        } else if (host != null || database != null || port != 0) {
            throw new IllegalArgumentException("a connection has either a url (h2) or host, port and database");
        }
    }

    /** For messages: {@code backup@127.0.0.1:5432/orders}, or the h2 URL. Never the password. */
    public String address() {
        if (url != null) {
            return url;
        }
        return (user == null ? "" : user + "@") + host + ":" + port + "/" + database;
    }
}
