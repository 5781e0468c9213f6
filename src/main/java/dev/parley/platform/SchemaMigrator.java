package dev.parley.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Applies Parley's Liquibase changelog ({@code liquibase/} in the repository,
 * on the class path in the WAR) to a PostgreSQL connection.
 *
 * <p>Several instances may start at once, and a killed instance leaves
 * Liquibase's own table lock held forever. Both are solved by holding a
 * PostgreSQL session advisory lock around the update: only one instance
 * migrates at a time, the others wait and then find nothing to do, and the
 * lock vanishes with the session of an instance that dies. Whoever holds the
 * advisory lock may therefore clear a stale Liquibase lock.
 */
public final class SchemaMigrator {

    public static final String CHANGELOG = "liquibase/changelog.xml";

    /** An arbitrary constant naming Parley's migration lock among PostgreSQL advisory locks ("Parley"). */
    static final long ADVISORY_LOCK_KEY = 0x5061726c6579L;

    private SchemaMigrator() {
    }

    public static void migrate(Connection connection) throws Exception {
        connection.setAutoCommit(true);
        advisoryLock(connection, "pg_advisory_lock");
        try {
            // Liquibase 4.30+ would otherwise try to send usage analytics.
            Scope.child(Map.of("liquibase.analytics.enabled", Boolean.FALSE), () -> {
                Database database = DatabaseFactory.getInstance()
                        .findCorrectDatabaseImplementation(new JdbcConnection(connection));
                Liquibase liquibase = new Liquibase(CHANGELOG,
                        new ClassLoaderResourceAccessor(SchemaMigrator.class.getClassLoader()), database);
                liquibase.forceReleaseLocks();
                liquibase.update(new Contexts(), new LabelExpression());
            });
        } finally {
            advisoryLock(connection, "pg_advisory_unlock");
        }
    }

    private static void advisoryLock(Connection connection, String function) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT " + function + "(?)")) {
            lock.setLong(1, ADVISORY_LOCK_KEY);
            lock.execute();
        }
    }
}
