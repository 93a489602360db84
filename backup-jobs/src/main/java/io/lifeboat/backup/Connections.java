package io.lifeboat.backup;

import io.lifeboat.backup.database.DbConnection;
import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.Secret;
import io.lifeboat.core.config.ConnectionConfig;
import io.lifeboat.core.config.ScratchConfig;
import io.lifeboat.core.config.SourceConfig;
import java.util.Map;

/** Builds database connections from the config, reading passwords from the environment variables it names. */
public final class Connections {
    private final Map<String, String> env;

    public Connections(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static Connections fromEnvironment() {
        return new Connections(System.getenv());
    }

    /** The source's own database. */
    public DbConnection of(SourceConfig source) {
        ConnectionConfig c = source.connection();
        if (c == null) {
            throw new LifeboatException(ErrorCode.USAGE, "source " + source.name() + " is not a database source");
        }
        Secret password = password(c.passwordEnv(), source.name() + ".connection.passwordEnv");
        if (c.url() != null) {
            return DbConnection.h2(c.url(), c.user(), password);
        }
        return DbConnection.server(c.host(), c.port(), c.database(), c.user(), password);
    }

    /** Where scratch databases of a level-3 verification may be created (the source's server by default). */
    public DbConnection scratch(SourceConfig source, String database) {
        ScratchConfig s = source.verify().scratch();
        if (s == null) {
            return of(source).withDatabase(database);
        }
        return DbConnection.server(s.host(), s.port(), database, s.user(),
                password(s.passwordEnv(), source.name() + ".verify.scratch.passwordEnv"));
    }

    private Secret password(String variable, String where) {
        if (variable == null) {
            return null;
        }
        String value = env.get(variable);
        if (value == null) {
            throw new LifeboatException(ErrorCode.USAGE, "environment variable " + variable + " (" + where
                    + ") is not set; export it with the database password");
        }
        return new Secret(value);
    }
}
