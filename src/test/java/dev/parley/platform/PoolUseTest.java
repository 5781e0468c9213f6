package dev.parley.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.hibernate.cfg.JdbcSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pool-use counts, through the counting data source and through Hibernate's provider, over a pool that
 * hands out fake connections, or refuses when told to.
 */
class PoolUseTest {

    private final List<String> heard = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    private boolean refuse;
    private boolean failClose;

    private final DataSource pool = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                if (!method.getName().equals("getConnection")) {
                    throw new UnsupportedOperationException(method.getName());
                }
                if (refuse) {
                    throw new SQLTransientConnectionException("no connection free within the wait");
                }
                return fakeConnection();
            });

    private Connection fakeConnection() {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    calls.add(method.getName());
                    return switch (method.getName()) {
                        case "getAutoCommit" -> Boolean.TRUE;
                        case "setAutoCommit" -> throw new SQLException("broken");
                        case "close" -> {
                            if (failClose) {
                                throw new SQLException("close failed");
                            }
                            yield null;
                        }
                        default -> null;
                    };
                });
    }

    PoolUseTest() {
        PoolUse.reportTo(new PoolUse.Listener() {
            @Override
            public void acquired(long waitNanos) {
                heard.add(waitNanos >= 0 ? "acquired" : "negative wait");
            }

            @Override
            public void refused() {
                heard.add("refused");
            }
        });
    }

    @AfterEach
    void stopListening() {
        PoolUse.reportTo(null);
    }

    @Test
    void aConnectionCountsAsInUseUntilItsFirstClose() throws SQLException {
        DataSource counting = PoolUse.counting(pool);
        int before = PoolUse.inUse();
        Connection first = counting.getConnection();
        Connection second = counting.getConnection();
        assertEquals(before + 2, PoolUse.inUse());
        assertEquals(List.of("acquired", "acquired"), heard);

        first.close();
        first.close(); // closing twice is allowed, and gives back one connection
        assertEquals(before + 1, PoolUse.inUse());
        second.close();
        assertEquals(before, PoolUse.inUse());
        assertEquals(List.of("close", "close", "close"), calls);
    }

    @Test
    void callsReachTheConnectionAndItsFailuresComeOutUnwrapped() throws SQLException {
        try (Connection connection = PoolUse.counting(pool).getConnection()) {
            assertTrue(connection.getAutoCommit());
            SQLException failure = assertThrows(SQLException.class, () -> connection.setAutoCommit(false));
            assertEquals("broken", failure.getMessage());
            assertSame(connection, connection.unwrap(Connection.class), "nothing can close the connection beneath uncounted");
            assertTrue(connection.isWrapperFor(Connection.class));
            assertEquals(connection, connection);
        }
        assertEquals(List.of("getAutoCommit", "setAutoCommit", "close"), calls);
    }

    @Test
    void anAbortedConnectionIsReleased() throws SQLException {
        int before = PoolUse.inUse();
        Connection connection = PoolUse.counting(pool).getConnection();
        connection.abort(null);
        connection.close();
        assertEquals(before, PoolUse.inUse());
    }

    @Test
    void hibernatesConnectionsCountUntilReleasedEvenWhenClosingFails() throws SQLException {
        CountingConnectionProvider provider = new CountingConnectionProvider();
        provider.configure(Map.of(JdbcSettings.DATASOURCE, pool));
        int before = PoolUse.inUse();
        Connection connection = provider.getConnection();
        assertEquals(before + 1, PoolUse.inUse());
        failClose = true;
        assertThrows(SQLException.class, () -> provider.closeConnection(connection));
        assertEquals(before, PoolUse.inUse());

        refuse = true;
        assertThrows(SQLException.class, provider::getConnection);
        assertEquals(before, PoolUse.inUse());
        assertEquals(List.of("acquired", "refused"), heard);
    }

    @Test
    void aRefusalIsCountedAndNothingIsHeld() {
        refuse = true;
        int before = PoolUse.inUse();
        assertThrows(SQLTransientConnectionException.class, () -> PoolUse.counting(pool).getConnection());
        assertEquals(before, PoolUse.inUse());
        assertEquals(List.of("refused"), heard);
    }
}
