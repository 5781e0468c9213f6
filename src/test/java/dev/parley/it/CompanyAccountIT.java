package dev.parley.it;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.Set;
import java.util.UUID;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sync dashboards' register and login calls, exactly as their guide sends them. */
@ExtendWith(ArquillianExtension.class)
class CompanyAccountIT {

    @Test
    void registerThenLoginAnswerTheDashboardShape() {
        String email = "test-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Api.Reply registered = Api.post("/api/customers/register", """
                {
                  "firstName": "Test",
                  "lastName": "User",
                  "email": "%s",
                  "password": "password123",
                  "phone": "1234567890",
                  "companyName": "Test Company"
                }""".formatted(email));
        assertEquals(201, registered.status(), registered::toString);
        assertTrue(registered.json().getBoolean("success"));
        String tenantId = registered.json().getJsonObject("data").getJsonObject("customer").getString("id");
        UUID.fromString(tenantId);

        Api.Reply login = Api.post("/api/customers/login", """
                {"email": "%s", "password": "password123"}""".formatted(email));
        assertEquals(200, login.status(), login::toString);
        JsonObject body = login.json();
        assertEquals(Set.of("success", "data"), body.keySet());
        assertTrue(body.getBoolean("success"));
        JsonObject data = body.getJsonObject("data");
        assertEquals(Set.of("token", "customer"), data.keySet());
        JsonObject customer = data.getJsonObject("customer");
        assertEquals(Set.of("id", "name", "email", "companyName"), customer.keySet());
        assertEquals(tenantId, customer.getString("id"), "the customer id is the tenant id");
        assertEquals("Test User", customer.getString("name"));
        assertEquals(email, customer.getString("email"));
        assertEquals("Test Company", customer.getString("companyName"));

        JsonObject claims = Tokens.claims(data.getString("token"));
        assertEquals(tenantId, claims.getString("customerId"));
        assertEquals(email, claims.getString("email"));
        assertEquals("client", claims.getString("type"));
        assertEquals(tenantId, claims.getString("tenant_id"));

        Api.Reply tenant = Api.get("/api/v1/tenants/" + tenantId, Api.bearer(data.getString("token")));
        assertEquals(200, tenant.status(), "the dashboard token works on the whole API");
        assertEquals("Test Company", tenant.json().getString("name"));
    }

    @Test
    void wrongPasswordAndMissingFieldsAreClearErrors() {
        Api.Reply missing = Api.post("/api/customers/register", "{\"firstName\":\"A\",\"email\":\"a@example.com\"}");
        assertEquals(400, missing.status(), missing::toString);
        assertEquals("validation_failed", missing.error());
        assertTrue(missing.json().getString("message").matches("(companyName|lastName|password): .*"),
                "fields are named as the dashboards send them: " + missing);

        Api.Reply wrong = Api.post("/api/customers/login", obj("email", "nobody@example.com", "password", "password123"));
        assertEquals(401, wrong.status());
        assertEquals("invalid_credentials", wrong.error());
    }
}
