package dev.parley.platform;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a failure that means "PostgreSQL cannot be reached right now" (down, restarting, the network
 * cut) from any other: such a request is answered {@code 503} with {@code Retry-After}, or a socket's
 * {@code error} frame {@code unavailable}, and nothing was stored, so the client may simply try again.
 */
public final class DatabaseOutage {

    private DatabaseOutage() {
    }

    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    // 08: connection exceptions; 57P01-03: the server is shutting down, crashed, or starting
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            String type = t.getClass().getName();
            // Hibernate's and the application server's pool's words for the same
            if (type.equals("org.hibernate.exception.JDBCConnectionException")
                    || type.equals("com.sun.appserv.connectors.internal.api.PoolingException")
                    || type.equals("jakarta.resource.spi.ResourceAllocationException")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    public static ApiException unavailable() {
        return ApiException.unavailable("database_unavailable", "The database cannot be reached right now; nothing "
                + "was stored: try again");
    }
}
