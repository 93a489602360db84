package io.lifeboat.core.catalog;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the catalog schema up to date with Flyway. Common migrations live in
 * {@code db/migration}; a migration that must differ per database (Quartz's tables, say) goes into
 * {@code db/vendor/h2} and {@code db/vendor/postgresql} under the same version number.
 */
final class CatalogSchema {
    static final String COMMON = "db/migration";
    static final String VENDOR = "db/vendor/";
    /** The newest migration version shipped (a test keeps it equal to the resources). */
    static final int LATEST_VERSION = 9;
    /** How long an embedded H2 catalog may take to become available (a killed owner's stale lock). */
    static final java.time.Duration H2_LOCK_WAIT = java.time.Duration.ofSeconds(15);
    private static final java.util.Set<Integer> H2_BUSY = java.util.Set.of(org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1,
            org.h2.api.ErrorCode.CONNECTION_BROKEN_1, org.h2.api.ErrorCode.DATABASE_IS_IN_EXCLUSIVE_MODE,
            org.h2.api.ErrorCode.DATABASE_IS_CLOSED);
    private static final Logger LOG = LoggerFactory.getLogger(CatalogSchema.class);

    private CatalogSchema() {
    }

    static void migrate(CatalogDataSource source) {
        checkReachable(source);
        if (upToDate(source)) {
            return;
        }
        try {
            MigrateResult result = Flyway.configure(CatalogSchema.class.getClassLoader())
                    .dataSource(source.dataSource())
                    .locations(locations(source.vendor()))
                    .load()
                    .migrate();
            if (result.targetSchemaVersion == null && result.initialSchemaVersion == null) {
                throw new LifeboatException(ErrorCode.CATALOG, "catalog " + source.redactedUrl()
                        + ": no schema migrations found on the class path under " + COMMON + " (a broken build?)");
            }
            LOG.info("catalog {} at schema version {} ({} migrations applied now)", source.redactedUrl(),
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                    result.migrationsExecuted);
        } catch (FlywayException e) {
            throw new LifeboatException(ErrorCode.CATALOG, "catalog " + source.redactedUrl()
                    + ": migrating the schema failed: " + e.getMessage(), e);
        }
    }

    private static String[] locations(String vendor) {
        List<String> locations = new ArrayList<>(List.of("classpath:" + COMMON));
        if (CatalogSchema.class.getClassLoader().getResource(VENDOR + vendor) != null) {
            locations.add("classpath:" + VENDOR + vendor);
        }
        return locations.toArray(String[]::new);
    }

    /**
     * The fast path of every command: a catalog whose history already ends at {@link #LATEST_VERSION}
     * with every migration successful needs no Flyway run (which costs about a second of class-path
     * scanning). Anything unexpected falls back to Flyway, which validates and explains.
     */
    static boolean upToDate(CatalogDataSource source) {
        // every version 1..LATEST applied, not just the newest: a catalog that got a later migration before
        // an earlier one shipped (V8 merged before V6) must go through Flyway, which says what is missing
        String sql = "SELECT MAX(CAST(\"version\" AS INT)), MIN(CASE WHEN \"success\" THEN 1 ELSE 0 END),"
                + " COUNT(DISTINCT \"version\") FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL";
        try (Connection c = source.dataSource().getConnection();
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery(sql)) {
            return rs.next() && rs.getInt(1) == LATEST_VERSION && rs.getInt(2) == 1 && rs.getInt(3) == LATEST_VERSION;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * One connection first, so that an unreachable database gets a message of its own. An embedded H2
     * file whose previous owner was killed keeps a lock file pointing at that dead process for a few
     * seconds, until H2 sees it is stale: H2 is given up to {@link #H2_LOCK_WAIT} to take it over.
     */
    private static void checkReachable(CatalogDataSource source) {
        long deadline = System.nanoTime() + H2_LOCK_WAIT.toNanos();
        while (true) {
            try (Connection c = source.dataSource().getConnection()) {
                c.isValid(5);
                return;
            } catch (SQLException e) {
                boolean retry = "h2".equals(source.vendor()) && H2_BUSY.contains(e.getErrorCode()) && System.nanoTime() < deadline;
                if (!retry) {
                    throw new LifeboatException(ErrorCode.CATALOG, "cannot open the catalog database " + source.redactedUrl()
                            + ": " + e.getMessage() + " (check catalog.url in the config and that the database is running)",
                            e, isConnectionError(e));
                }
                LOG.info("catalog {} not open yet ({}); retrying", source.redactedUrl(), e.getMessage());
                try {
                    Thread.sleep(250);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new LifeboatException(ErrorCode.INTERRUPTED, "interrupted while opening the catalog", ie);
                }
            }
        }
    }

    private static boolean isConnectionError(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }
}
