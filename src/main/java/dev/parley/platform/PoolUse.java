package dev.parley.platform;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * How Parley uses its database pool, for the metrics: the connections it holds now, how long each
 * took to get, and the requests the pool refused (none free within its wait, or PostgreSQL down).
 * Payara 6 reports nothing usable for an application's pool, so Parley counts at its two doors to it:
 * the {@link DataSource} its JDBC code injects ({@link #counting}) and Hibernate's connection provider
 * ({@link CountingConnectionProvider}). Hibernate creates that provider by reflection, which is why
 * the counts are static.
 */
public final class PoolUse {

    /** Told of every request to the pool (the metrics). */
    public interface Listener {
        void acquired(long waitNanos);

        void refused();
    }

    private static final Listener NONE = new Listener() {
        @Override
        public void acquired(long waitNanos) {
        }

        @Override
        public void refused() {
        }
    };

    private static final AtomicInteger IN_USE = new AtomicInteger();
    private static volatile Listener listener = NONE;

    private PoolUse() {
    }

    public static void reportTo(Listener to) {
        listener = to == null ? NONE : to;
    }

    /** Connections taken from the pool and not yet given back (the writer keeps one for good). */
    public static int inUse() {
        return IN_USE.get();
    }

    /** Where a connection comes from: the pool itself, or Hibernate's provider asking it. */
    interface ConnectionSource {
        Connection get() throws SQLException;
    }

    /** Takes a connection from {@code pool}, counting it as in use until {@link #released()}. */
    static Connection acquire(ConnectionSource pool) throws SQLException {
        long start = System.nanoTime();
        Connection connection;
        try {
            connection = pool.get();
        } catch (SQLException | RuntimeException e) {
            listener.refused();
            throw e;
        }
        IN_USE.incrementAndGet();
        listener.acquired(System.nanoTime() - start);
        return connection;
    }

    static void released() {
        IN_USE.decrementAndGet();
    }

    /** {@code pool}, with each connection it hands out counted as in use until it is closed. */
    public static DataSource counting(DataSource pool) {
        return new CountingDataSource(pool);
    }

    /**
     * {@code connection}, counted as released on its first {@code close()} or {@code abort()} only (closing
     * twice is allowed). It is its own identity, and unwraps to itself, so that nobody can close the
     * connection beneath it uncounted.
     */
    private static Connection countedUntilClosed(Connection connection) {
        AtomicBoolean open = new AtomicBoolean(true);
        return (Connection) Proxy.newProxyInstance(PoolUse.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "equals":
                            return proxy == args[0];
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "toString":
                            return "counted " + connection;
                        case "unwrap":
                            if (((Class<?>) args[0]).isInstance(proxy)) {
                                return proxy;
                            }
                            break;
                        case "isWrapperFor":
                            if (((Class<?>) args[0]).isInstance(proxy)) {
                                return true;
                            }
                            break;
                        case "close", "abort":
                            if (open.getAndSet(false)) {
                                released();
                            }
                            break;
                        default:
                            break;
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private record CountingDataSource(DataSource pool) implements DataSource {

        @Override
        public Connection getConnection() throws SQLException {
            return countedUntilClosed(acquire(pool::getConnection));
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("Parley's pool has its own credentials");
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return pool.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            pool.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            pool.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return pool.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return pool.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return type.isInstance(this) || pool.isWrapperFor(type);
        }
    }
}
