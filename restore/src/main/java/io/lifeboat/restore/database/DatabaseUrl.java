package io.lifeboat.restore.database;

import io.lifeboat.backup.database.DbConnection;
import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.config.Defaults;
import io.lifeboat.core.config.SourceConfig;
import io.lifeboat.core.config.SourceType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code --into} of a database restore: {@code postgresql://[user@]host[:port]/db} (also
 * {@code postgres://}), {@code mysql://[user@]host[:port]/db} (also {@code mariadb://}) or an H2
 * {@code jdbc:h2:...} URL, matching the source's kind. User and password default to the source's
 * connection (the password from its {@code passwordEnv}); a {@code user@} in the URL overrides the user.
 * A password in the URL is refused: it would show in {@code ps} and in shell history.
 */
final class DatabaseUrl {
    private static final Map<SourceType, Set<String>> SCHEMES = Map.of(
            SourceType.POSTGRES, Set.of("postgresql", "postgres"),
            SourceType.MYSQL, Set.of("mysql", "mariadb"));
    private static final Map<SourceType, String> EXAMPLES = Map.of(
            SourceType.POSTGRES, "postgresql://HOST:PORT/DATABASE",
            SourceType.MYSQL, "mysql://HOST:PORT/DATABASE",
            SourceType.H2, "jdbc:h2:file:/PATH/NAME");

    private DatabaseUrl() {
    }

    /** @param sourceConnection the source's own connection: the default user and the password */
    static DbConnection parse(String url, SourceConfig source, DbConnection sourceConnection) {
        String text = url == null ? "" : url.strip();
        if (source.type() == SourceType.H2) {
            if (!text.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")) {
                throw wrongKind(url, source);
            }
            if (text.toLowerCase(Locale.ROOT).contains("password=")) {
                throw bad(url, "leave the password out of the URL; it comes from the source's passwordEnv");
            }
            return build(url, () -> DbConnection.h2(text, sourceConnection.user(), sourceConnection.password()));
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw bad(url, e.getReason() + " at index " + e.getIndex());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.get(source.type()).contains(scheme)) {
            throw wrongKind(url, source);
        }
        if (uri.getHost() == null || uri.getRawPath() == null || uri.getRawPath().length() < 2) {
            throw bad(url, "expected " + EXAMPLES.get(source.type()));
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw bad(url, "parameters are not supported; give scheme://[user@]host[:port]/database only");
        }
        String userInfo = uri.getUserInfo();
        if (userInfo != null && userInfo.contains(":")) {
            throw bad(url, "leave the password out of the URL (it would show in ps and shell history);"
                    + " it comes from the source's passwordEnv");
        }
        String database = uri.getPath().substring(1);
        if (database.contains("/")) {
            throw bad(url, "expected " + EXAMPLES.get(source.type()));
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        int port = uri.getPort() < 0 ? Defaults.port(source.type()) : uri.getPort();
        String user = userInfo == null || userInfo.isEmpty() ? sourceConnection.user() : userInfo;
        return build(url, () -> DbConnection.server(host, port, database, user, sourceConnection.password()));
    }

    private static DbConnection build(String url, Supplier<DbConnection> connection) {
        try {
            return connection.get();
        } catch (IllegalArgumentException e) {
            throw bad(url, e.getMessage());
        }
    }

    private static LifeboatException wrongKind(String url, SourceConfig source) {
        return new LifeboatException(ErrorCode.USAGE, "--into " + DatabaseRestore.redact(url) + ": source " + source.name() + " is a "
                + source.type().configName() + " database; restore it into " + EXAMPLES.get(source.type()));
    }

    private static LifeboatException bad(String url, String why) {
        return new LifeboatException(ErrorCode.USAGE, "--into " + DatabaseRestore.redact(url) + " is not a usable database URL: "
                + why);
    }
}
