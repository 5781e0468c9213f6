package dev.parley.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Brings the schema up to date when Parley starts, so an instance never
 * serves a schema older than its code ({@link SchemaMigrator}). Ops who
 * migrate as a separate step turn this off with
 * {@code parley.db.migrate-on-start=false}.
 *
 * <p>If the database is not reachable at start-up, readiness stays down and
 * every readiness probe tries again.
 */
@ApplicationScoped
public class SchemaMigrations {

    private static final System.Logger LOG = System.getLogger(SchemaMigrations.class.getName());

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

    /** Applies the changelog unless done already; false (and logged) when the database refused. */
    public synchronized boolean ensureApplied() {
        if (applied) {
            return true;
        }
        try (Connection connection = dataSource.getConnection()) {
            SchemaMigrator.migrate(connection);
            applied = true;
            LOG.log(Level.INFO, "Database schema is up to date");
        } catch (Exception e) {
            LOG.log(Level.ERROR, "Database schema migration failed; readiness stays down until it succeeds: {0}",
                    e.getMessage());
        }
        return applied;
    }
}
