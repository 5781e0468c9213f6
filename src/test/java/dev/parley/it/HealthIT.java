package dev.parley.it;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
class HealthIT {

    @Test
    void healthAnswersTheSeedClientsShapeOnBothPaths() {
        for (String path : new String[] {"/health", "/api/v1/health"}) {
            Api.Reply reply = Api.get(path);
            assertEquals(200, reply.status(), path);
            assertEquals("healthy", reply.json().getString("status"));
            assertTrue(reply.json().getString("version").matches("\\d+\\.\\d+\\.\\d+.*"), reply::toString);
        }
    }

    @Test
    void readinessReportsTheDatabaseTheMigrationsAndTheGrid() {
        Api.Reply reply = Api.get("/health/ready");
        assertEquals(200, reply.status(), reply::toString);
        JsonObject body = reply.json();
        assertEquals("UP", body.getString("status"));
        JsonObject database = check(body, "database");
        assertTrue(database.getJsonObject("data").getBoolean("reachable"));
        assertTrue(database.getJsonObject("data").getBoolean("migrated"));
        // The suite's server runs without the grid: it is the whole deployment.
        assertEquals(1, check(body, "grid").getJsonObject("data").getInt("instances"));
    }

    private static JsonObject check(JsonObject health, String name) {
        return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> name.equals(check.getString("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " check in " + health));
    }

    /**
     * A Parley started while PostgreSQL cannot be reached deploys anyway: it is live and not ready, and becomes
     * ready by itself once PostgreSQL answers (at its next readiness probe, which checks the migrations too).
     * PostgreSQL is behind a proxy that closes every connection until told to forward them.
     */
    @Test
    void startsWhilePostgresIsUnreachableAndBecomesReadyOnceItAnswers() throws Exception {
        TestTenant tenant = TestTenant.signUp();
        try (TcpProxy postgres = new TcpProxy(TestEnvironment.database().port())) {
            postgres.accept(false);
            SecondParley parley = SecondParley.launch("unreachable-db-parley", List.of(
                    "-Dparley.db.url=" + TestEnvironment.database().jdbcUrl()
                            .replaceFirst(":\\d+/", ":" + postgres.port() + "/")));
            try {
                parley.awaitLive();
                Api.Reply ready = Api.get(parley.base() + "/health/ready");
                assertEquals(503, ready.status(), ready::toString);
                assertFalse(check(ready.json(), "database").getJsonObject("data").getBoolean("reachable"), ready::toString);

                postgres.accept(true);
                parley.awaitReady();
                Api.Reply login = Api.post(parley.base() + "/api/v1/auth/login", obj("email", tenant.ownerEmail(),
                        "password", TestTenant.PASSWORD, "tenant", tenant.slug()));
                assertEquals(200, login.status(), login::toString);
            } finally {
                parley.close();
            }
        }
    }

    @Test
    void livenessIsUp() {
        Api.Reply reply = Api.get("/health/live");
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("UP", reply.json().getString("status"));
    }

    @Test
    void apiDescriptionAndDocsPageAreServed() {
        Api.Reply openapi = Api.send("GET", "/openapi", null, "Accept", "application/json");
        assertEquals(200, openapi.status(), openapi::toString);
        JsonObject paths = openapi.json().getJsonObject("paths");
        for (String path : new String[] {"/api/v1/tenants", "/api/v1/auth/login", "/api/v1/customer-auth/register",
                "/api/v1/users", "/api/v1/customers", "/api/v1/tenants/{tenant}/api-keys", "/api/customers/login",
                "/health/ready"}) {
            assertTrue(paths.containsKey(path), "OpenAPI lacks " + path);
        }
        Api.Reply docs = Api.get("/docs/");
        assertEquals(200, docs.status());
        assertTrue(docs.body().contains("swagger-ui-bundle.js"), docs::toString);
        String bundle = docs.body().replaceAll("(?s).*src=\"([^\"]*swagger-ui-bundle.js)\".*", "$1");
        assertEquals(200, Api.get(bundle).status(), bundle);
    }
}
