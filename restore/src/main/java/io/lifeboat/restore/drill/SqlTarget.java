package io.lifeboat.restore.drill;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A database a step queries or drops: {@code postgresql://[user@]host[:port]/db},
 * {@code mysql://[user@]host[:port]/db} (also {@code mariadb://}) or a {@code jdbc:h2:file:} URL, as
 * {@code restore database --into} takes them. User: the URL's, else {@code PGUSER}/{@code postgres}
 * or {@code root}; password: {@code PGPASSWORD} or {@code MYSQL_PWD} from the environment, never the URL.
 */
record SqlTarget(String vendor, String jdbcUrl, String serverUrl, String database, String user, String password) {

    /** The target, or an {@link IllegalArgumentException} saying what is wrong with the URL. */
    static SqlTarget parse(String url, Map<String, String> env) {
        String text = url.strip();
        if (text.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")) {
            return new SqlTarget("h2", text, text, text, env.getOrDefault("H2_USER", "sa"), env.getOrDefault("H2_PASSWORD", ""));
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("\"" + url + "\" is not a database URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean postgres = scheme.equals("postgresql") || scheme.equals("postgres");
        boolean mysql = scheme.equals("mysql") || scheme.equals("mariadb");
        if (!postgres && !mysql) {
            throw new IllegalArgumentException("\"" + url + "\": expected postgresql://HOST:PORT/DB, mysql://HOST:PORT/DB"
                    + " or jdbc:h2:file:PATH");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (uri.getHost() == null || path.length() < 2 || path.substring(1).contains("/")) {
            throw new IllegalArgumentException("\"" + url + "\": expected " + scheme + "://[user@]HOST[:PORT]/DATABASE");
        }
        if (uri.getUserInfo() != null && uri.getUserInfo().contains(":")) {
            throw new IllegalArgumentException("\"" + url + "\": leave the password out of the URL; it comes from "
                    + (postgres ? "PGPASSWORD" : "MYSQL_PWD"));
        }
        String database = path.substring(1);
        if (!database.matches("[A-Za-z0-9_$-]+")) {
            throw new IllegalArgumentException("\"" + url + "\": database name \"" + database + "\" must be letters, digits, _, $ or -");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : postgres ? 5432 : 3306;
        String user = uri.getUserInfo() != null ? uri.getUserInfo()
                : postgres ? env.getOrDefault("PGUSER", "postgres") : "root";
        String password = env.getOrDefault(postgres ? "PGPASSWORD" : "MYSQL_PWD", "");
        String server = (postgres ? "jdbc:postgresql://" : "jdbc:mariadb://") + uri.getHost() + ":" + port + "/";
        return new SqlTarget(postgres ? "postgresql" : "mysql", server + database, server + (postgres ? "postgres" : ""),
                database, user, password);
    }

    Connection connect() throws SQLException {
        return connect(jdbcUrl);
    }

    private Connection connect(String url) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        if (!vendor.equals("h2")) {
            p.setProperty("connectTimeout", vendor.equals("postgresql") ? "10" : "10000"); // seconds / milliseconds
        }
        return DriverManager.getConnection(url, p);
    }

    /** Drops the database (a no-op when it does not exist): PostgreSQL disconnects its sessions first. */
    String drop() throws SQLException, java.io.IOException {
        if (vendor.equals("h2")) {
            String file = jdbcUrl.replaceFirst("(?i)^jdbc:h2:(file:)?", "").replaceFirst(";.*$", "");
            boolean any = false;
            for (String ext : new String[] {".mv.db", ".trace.db", ".lock.db"}) {
                any |= Files.deleteIfExists(Path.of(file + ext));
            }
            return any ? "deleted " + file + ".mv.db" : "no database at " + file;
        }
        try (Connection c = connect(serverUrl); Statement st = c.createStatement()) {
            boolean existed;
            if (vendor.equals("postgresql")) {
                try (var rs = st.executeQuery("select 1 from pg_database where datname = '" + database + "'")) {
                    existed = rs.next();
                }
                st.execute("drop database if exists \"" + database + "\" with (force)");
            } else {
                try (var rs = st.executeQuery("select 1 from information_schema.schemata where schema_name = '" + database + "'")) {
                    existed = rs.next();
                }
                st.execute("drop database if exists `" + database + "`");
            }
            return existed ? "dropped database " + database : "database " + database + " did not exist";
        }
    }
}
