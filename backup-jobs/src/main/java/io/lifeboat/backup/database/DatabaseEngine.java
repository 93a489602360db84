package io.lifeboat.backup.database;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * One database kind, both directions: backups, level-3 verification (restore into a scratch database
 * and run checks) and operator restores share it. Failures are {@link io.lifeboat.core.LifeboatException}s:
 * {@code SOURCE_IO} for the database or its tools (message names the database and the connection and
 * carries the tool's stderr, never a password), {@code TARGET_IO} when the caller's stream fails,
 * {@code INTERRUPTED} when the calling thread is interrupted (the tool is killed first).
 */
public interface DatabaseEngine {
    /** {@code postgres}, {@code mysql} or {@code h2}: the config's source type. */
    String kind();

    /** The dump tool's version, e.g. {@code pg_dump (PostgreSQL) 15.20}. */
    String toolVersion();

    String serverVersion(DbConnection c);

    /** Streams the native dump of {@code c.database()} into {@code out}; bounded memory, no temp files. */
    DumpInfo dump(DbConnection c, OutputStream out);

    /** PostgreSQL: {@code pg_dumpall --globals-only} (roles, tablespaces). Others: unsupported. */
    void dumpGlobals(DbConnection c, OutputStream out);

    /** Creates {@code c.database()} on c's server (empty). */
    void createDatabase(DbConnection c);

    /** Drops {@code c.database()} if it exists, disconnecting its sessions. */
    void dropDatabase(DbConnection c);

    /** Whether {@code c.database()} has any table or view of its own. */
    boolean hasTables(DbConnection c);

    /** Databases on {@code server}'s server whose names start with {@code prefix}, sorted. */
    List<String> databasesLike(DbConnection server, String prefix);

    /** Loads a dump made by {@link #dump} into the existing database {@code into}. */
    RestoreInfo restore(InputStream dump, DbConnection into, int jobs);

    /** Loads a {@link #dumpGlobals} script; roles and tablespaces that already exist are tolerated. */
    void restoreGlobals(InputStream sql, DbConnection server);

    /**
     * Exact {@code count(*)} per table. Keys are {@code schema.table} (postgres, h2); for mysql the
     * schema is the database itself, which a restore may rename, so keys are the table names.
     */
    Map<String, Long> rowCounts(DbConnection c);

    /** Runs a query whose first column of the first row is boolean-ish (true, non-zero, 't', 'yes'). */
    CheckResult check(DbConnection c, String sql);
}
