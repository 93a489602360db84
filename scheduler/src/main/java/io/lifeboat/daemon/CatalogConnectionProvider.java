package io.lifeboat.daemon;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/** Hands Quartz the catalog's own pool, so that there is one; the catalog closes it, not Quartz. */
final class CatalogConnectionProvider implements ConnectionProvider {
    private final DataSource dataSource;

    CatalogConnectionProvider(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void shutdown() {
        // the catalog owns the pool
    }

    @Override
    public void initialize() {
        // nothing: the pool exists already
    }
}
