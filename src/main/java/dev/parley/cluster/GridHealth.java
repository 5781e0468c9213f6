package dev.parley.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The instances this one sees on the Domain Data Grid, in {@code /health/ready}: an operator (or a
 * test) sees a cluster form, split or shrink. Never down on its own account: an instance alone still
 * serves its clients, and the others' resume from PostgreSQL.
 */
@Readiness
@ApplicationScoped
public class GridHealth implements HealthCheck {

    @Inject
    Grid grid;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("grid").up().withData("instances", grid.size());
        if (grid.me() != null) {
            response.withData("member", grid.me());
        }
        return response.build();
    }
}
