package dev.parley.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when PostgreSQL answers and the schema migrations have run. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    @Inject
    DataSource dataSource;

    @Inject
    SchemaMigrations migrations;

    @Override
    public HealthCheckResponse call() {
        boolean reachable;
        String problem = null;
        try (Connection connection = dataSource.getConnection()) {
            reachable = connection.isValid(VALIDATION_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            reachable = false;
            problem = e.getMessage();
        }
        boolean migrated = reachable && migrations.ensureApplied();
        var response = HealthCheckResponse.named("database")
                .status(reachable && migrated)
                .withData("reachable", reachable)
                .withData("migrated", migrated);
        if (problem != null) {
            response.withData("problem", problem);
        }
        return response.build();
    }
}
