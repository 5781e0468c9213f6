package dev.parley.platform;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells the database failures that are not Parley's fault from the ones that are. An outage ("PostgreSQL
 * cannot be reached right now": down, restarting, the network cut) is answered {@code 503} with
 * {@code Retry-After} (a socket's {@code error} frame {@code database_unavailable}); nothing was stored, so
 * the client may simply try again. A value PostgreSQL cannot store (a NUL character in text) is the
 * client's mistake: {@code 400}.
 */
public final class DatabaseFailures {

    /** PostgreSQL's class of data exceptions: a value that cannot be stored as it is. */
    private static final String DATA_EXCEPTION = "22";

    private DatabaseFailures() {
    }

    /** The answer to a failure that is not Parley's fault (an outage, a value that cannot be stored), or null. */
    public static ApiException refusalFor(Throwable failure) {
        return isOutage(failure) ? outage() : isBadValue(failure) ? badValue() : null;
    }

    private static boolean isBadValue(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith(DATA_EXCEPTION)) {
                return true;
            }
        }
        return false;
    }

    private static ApiException badValue() {
        return ApiException.badRequest("validation_failed", "A value in the request cannot be stored: text may "
                + "not contain NUL (\\u0000) characters, and numbers must be in range");
    }

    public static boolean isOutage(Throwable failure) {
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

    public static ApiException outage() {
        return ApiException.unavailable("database_unavailable", "The database cannot be reached right now; nothing "
                + "was stored: try again");
    }
}
