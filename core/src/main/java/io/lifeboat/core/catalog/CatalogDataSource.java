package io.lifeboat.core.catalog;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.Secret;
import io.lifeboat.core.config.CatalogConfig;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The one {@link DataSource} of a catalog. H2: a small connection pool on a file database opened
 * with {@code AUTO_SERVER=TRUE}, so that the command line and the daemon can use it at once.
 * PostgreSQL: a plain data source (a fresh connection per use, nothing stale after a server restart).
 */
final class CatalogDataSource implements AutoCloseable {
    static final int H2_MAX_CONNECTIONS = 10;
    private static final int CONNECT_TIMEOUT_SECONDS = 10;
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:]*:)[^/@]*@");
    private static final Pattern NOT_A_FILE = Pattern.compile("(?i)jdbc:h2:(mem|tcp|ssl|zip|split|async|nio\\w*|memfs|memlzf):.*");

    private final DataSource dataSource;
    private final JdbcConnectionPool pool;
    private final String vendor;
    private final String redactedUrl;

    private CatalogDataSource(DataSource dataSource, JdbcConnectionPool pool, String vendor, String redactedUrl) {
        this.dataSource = dataSource;
        this.pool = pool;
        this.vendor = vendor;
        this.redactedUrl = redactedUrl;
    }

    static CatalogDataSource create(CatalogConfig cfg, Function<String, String> env) {
        String url = cfg.url().strip();
        String redacted = redact(url);
        Secret password = password(cfg, env, redacted);
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:h2:")) {
            String h2Url = h2Url(url);
            JdbcConnectionPool pool = JdbcConnectionPool.create(h2Url, cfg.user() == null ? "sa" : cfg.user(),
                    password == null ? "" : password.value());
            pool.setMaxConnections(H2_MAX_CONNECTIONS);
            pool.setLoginTimeout(CONNECT_TIMEOUT_SECONDS * 3);
            return new CatalogDataSource(pool, pool, "h2", redact(h2Url));
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(url);
            if (cfg.user() != null) {
                pg.setUser(cfg.user());
            }
            if (password != null) {
                pg.setPassword(password.value());
            }
            pg.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
            pg.setApplicationName("lifeboat");
            return new CatalogDataSource(pg, null, "postgresql", redacted);
        }
        throw new LifeboatException(ErrorCode.CATALOG, "unsupported catalog URL " + redacted
                + " (use jdbc:h2:file:PATH or jdbc:postgresql://HOST/DB in catalog.url)");
    }

    private static Secret password(CatalogConfig cfg, Function<String, String> env, String redactedUrl) {
        if (cfg.passwordEnv() == null) {
            return null;
        }
        String value = env.apply(cfg.passwordEnv());
        if (value == null) {
            throw new LifeboatException(ErrorCode.CATALOG, "the password of the catalog " + redactedUrl
                    + " is read from the environment variable " + cfg.passwordEnv() + " (catalog.passwordEnv), which is not set");
        }
        return new Secret(value);
    }

    /**
     * A file URL gets {@code AUTO_SERVER=TRUE} and {@code WRITE_DELAY=0}, unless it says otherwise: by
     * default H2 writes committed changes up to half a second later, so a process killed with -9
     * could lose the catalog's last commits (seen: a migration's tables without its history row). The file
     * is opened through H2's {@code retry:} file system: a plain FileChannel is closed for good when a thread
     * using it is interrupted (Quartz interrupts its scheduler thread on shutdown, the daemon interrupts jobs
     * after {@code shutdownGrace}), and H2 then refuses every later statement ("Writing to ... failed",
     * "The database has been closed"); {@code retry:} reopens the channel and repeats the operation.
     */
    static String h2Url(String url) {
        if (NOT_A_FILE.matcher(url).matches()) {
            return url;
        }
        String rest = url.substring("jdbc:h2:".length());
        String lowerRest = rest.toLowerCase(Locale.ROOT);
        if (!lowerRest.startsWith("retry:")) {
            rest = "retry:" + (lowerRest.startsWith("file:") ? rest : "file:" + rest);
        }
        url = "jdbc:h2:" + rest;
        String upper = url.toUpperCase(Locale.ROOT);
        String out = url;
        if (!upper.contains(";AUTO_SERVER=")) {
            out += ";AUTO_SERVER=TRUE";
        }
        if (!upper.contains(";WRITE_DELAY=")) {
            out += ";WRITE_DELAY=0";
        }
        return out;
    }

    /** The URL with any password replaced by {@code ****}, for messages and logs. */
    static String redact(String url) {
        String out = PASSWORD_PARAM.matcher(url).replaceAll("$1****");
        return USER_INFO.matcher(out).replaceAll("$1****@");
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Flyway's name of the database kind, used for vendor-specific migrations. */
    String vendor() {
        return vendor;
    }

    String redactedUrl() {
        return redactedUrl;
    }

    /**
     * Closes the pool, and waits (up to {@link #CLOSE_WAIT}) for connections still lent out to come back:
     * H2 closes its file only with the last connection, so without the wait a thread finishing late (a
     * scheduler thread winding down) had H2 write its file after the caller believed the catalog closed.
     */
    @Override
    public void close() {
        if (pool == null) {
            return;
        }
        pool.dispose();
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        while (pool.getActiveConnections() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (pool.getActiveConnections() > 0) {
            org.slf4j.LoggerFactory.getLogger(CatalogDataSource.class).warn("catalog {}: {} connection(s) still in use"
                    + " {} after closing; H2 closes its file when they are returned", redactedUrl,
                    pool.getActiveConnections(), CLOSE_WAIT);
        }
    }

    static final java.time.Duration CLOSE_WAIT = java.time.Duration.ofSeconds(5);
}
