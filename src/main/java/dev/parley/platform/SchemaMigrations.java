package dev.parley.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Applies the Liquibase changelog ({@code liquibase/} in the repository) when
 * Parley starts, so an instance never serves a schema older than its code.
 *
 * <p>Several instances may start at once, and a killed instance leaves
 * Liquibase's own table lock held forever. Both are solved by holding a
 * PostgreSQL session advisory lock around the update: only one instance
 * migrates at a time, the others wait and then find nothing to do, and the
 * lock vanishes with the session of an instance that dies. Whoever holds the
 * advisory lock may safely clear a stale Liquibase lock.
 *
 * <p>If the database is not reachable at start-up, readiness stays down and
 * every readiness probe tries again.
 */
@ApplicationScoped
public class SchemaMigrations {

    public static final String CHANGELOG = "liquibase/changelog.xml";

    private static final System.Logger LOG = System.getLogger(SchemaMigrations.class.getName());
    /** An arbitrary constant naming Parley's migration lock among PostgreSQL advisory locks. */
    private static final long ADVISORY_LOCK_KEY = 0x5061726c6579L; // "Parley"

    @Inject
    DataSource dataSource;

    @Inject
    @ConfigProperty(name = "parley.db.migrate-on-start", defaultValue = "true")
    boolean migrateOnStart;

    private volatile boolean applied;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object context) {
        if (!migrateOnStart) {
            LOG.log(Level.INFO, "Schema migration at start-up is off (parley.db.migrate-on-start=false)");
            applied = true;
            return;
        }
        ensureApplied();
    }

    /** Whether the changelog has been applied by this instance (or migration is left to ops). */
    public boolean isApplied() {
        return applied;
    }

    /** Applies the changelog unless done already; false (and logged) when the database refused. */
    public synchronized boolean ensureApplied() {
        if (applied) {
            return true;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            advisoryLock(connection, "pg_advisory_lock");
            try {
                update(connection);
            } finally {
                advisoryLock(connection, "pg_advisory_unlock");
            }
            applied = true;
            LOG.log(Level.INFO, "Database schema is up to date");
        } catch (Exception e) {
            LOG.log(Level.ERROR, "Database schema migration failed; readiness stays down until it succeeds: {0}",
                    e.getMessage());
        }
        return applied;
    }

    private static void advisoryLock(Connection connection, String function) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT " + function + "(?)")) {
            lock.setLong(1, ADVISORY_LOCK_KEY);
            lock.execute();
        }
    }

    private void update(Connection connection) throws Exception {
        // Liquibase 4.30+ would otherwise try to send usage analytics.
        Scope.child(Map.of("liquibase.analytics.enabled", Boolean.FALSE), () -> {
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            Liquibase liquibase = new Liquibase(CHANGELOG,
                    new ClassLoaderResourceAccessor(SchemaMigrations.class.getClassLoader()), database);
            liquibase.forceReleaseLocks();
            liquibase.update(new Contexts(), new LabelExpression());
        });
    }
}
