package io.lifeboat.core.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of source; the config's {@code type:} is the lower-case name. */
public enum SourceType {
    DIRECTORY, ARTIFACTS, LOGS,
    /** PostgreSQL: {@code pg_dump}, and {@code pg_dumpall --globals-only} with {@code globals: true}. */
    POSTGRES,
    /** MySQL or MariaDB. */
    MYSQL,
    /** An H2 database, reached by its JDBC URL. */
    H2;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this source is a database (it has a {@code connection}, not a {@code path}). */
    public boolean isDatabase() {
        return this == POSTGRES || this == MYSQL || this == H2;
    }

    public static Optional<SourceType> fromConfigName(String name) {
        return Arrays.stream(values()).filter(t -> t.configName().equals(name)).findFirst();
    }
}
