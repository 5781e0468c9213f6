package dev.parley.platform;

import java.sql.Connection;
import java.sql.SQLException;
import org.hibernate.engine.jdbc.connections.internal.DatasourceConnectionProviderImpl;

/**
 * Hibernate's own provider for a container's data source, with each connection counted in
 * {@link PoolUse} (named in persistence.xml as {@code hibernate.connection.provider_class}).
 */
public class CountingConnectionProvider extends DatasourceConnectionProviderImpl {

    @Override
    public Connection getConnection() throws SQLException {
        return PoolUse.acquire(super::getConnection);
    }

    @Override
    public void closeConnection(Connection connection) throws SQLException {
        try {
            super.closeConnection(connection);
        } finally {
            PoolUse.released();
        }
    }
}
