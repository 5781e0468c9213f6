package dev.parley.platform;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Health at the paths clients and orchestrators expect from an application
 * deployed at {@code /}: {@code /health} and {@code /api/v1/health} answer
 * {@code {"status":"healthy","version":...}} (seed clients' shape), while
 * {@code /health/live} and {@code /health/ready} answer in MicroProfile Health's
 * format from the same {@link HealthCheck} beans Payara's own endpoint uses.
 * Payara's endpoint is moved to {@code /mp-health} in {@code server-config/}
 * because it would otherwise take {@code /health} from the application.
 */
@WebServlet(urlPatterns = {"/health", "/health/live", "/health/ready", "/api/v1/health"})
public class HealthServlet extends HttpServlet {

    private static final Annotation LIVENESS = Liveness.Literal.INSTANCE;
    private static final Annotation READINESS = Readiness.Literal.INSTANCE;

    @Inject
    @Any
    Instance<HealthCheck> checks;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath();
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        switch (path) {
            case "/health/live" -> answerChecks(response, checks.select(LIVENESS));
            case "/health/ready" -> answerChecks(response, checks.select(READINESS));
            default -> response.getWriter().write(Json.write(Map.of("status", "healthy", "version", Version.CURRENT)));
        }
    }

    private static void answerChecks(HttpServletResponse response, Instance<HealthCheck> selected) throws IOException {
        boolean up = true;
        List<Map<String, Object>> results = new ArrayList<>();
        for (HealthCheck check : selected) {
            HealthCheckResponse result = check.call();
            up &= result.getStatus() == HealthCheckResponse.Status.UP;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", result.getName());
            entry.put("status", result.getStatus().name());
            result.getData().ifPresent(data -> entry.put("data", data));
            results.add(entry);
        }
        response.setStatus(up ? 200 : 503);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("checks", results);
        response.getWriter().write(Json.write(body));
    }
}
