package io.lifeboat.core.catalog;

import io.lifeboat.core.config.CatalogConfig;
import io.lifeboat.testing.Servers;
import org.junit.jupiter.api.BeforeAll;

/** The source leases on PostgreSQL: a fresh database per test. Skips without a server, fails under CI=true. */
class SourceLeasesPostgresTest extends SourceLeasesContract {
    private String database;

    @BeforeAll
    static void server() {
        Servers.requireOrSkip(PostgresDatabases.available(), PostgresDatabases.DESCRIPTION);
    }

    @Override
    protected CatalogConfig newDatabase() throws Exception {
        database = PostgresDatabases.create();
        return new CatalogConfig(PostgresDatabases.SERVER + database, "postgres", null);
    }

    @Override
    protected void dropDatabase() throws Exception {
        if (database != null) {
            PostgresDatabases.drop(database);
        }
    }
}
