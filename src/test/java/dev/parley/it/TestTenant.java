package dev.parley.it;

import static dev.parley.it.Api.bearer;
import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.util.UUID;

/** A tenant of its own for each test, signed up over the API like a real one. */
public record TestTenant(String id, String slug, long ownerId, String ownerEmail, String ownerToken,
                         String ownerRefreshToken) {

    public static final String PASSWORD = "correct horse battery";

    public static TestTenant signUp() {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String email = "owner-" + unique + "@example.test";
        Api.Reply reply = Api.post("/api/v1/tenants", obj(
                "name", "Tenant " + unique,
                "slug", "t-" + unique,
                "owner", obj("name", "Owner " + unique, "email", email, "password", PASSWORD)));
        assertEquals(201, reply.status(), reply::toString);
        JsonObject body = reply.json();
        return new TestTenant(body.getJsonObject("tenant").getString("id"), body.getJsonObject("tenant").getString("slug"),
                body.getJsonObject("user").getJsonNumber("id").longValue(), email, body.getString("access_token"),
                body.getString("refresh_token"));
    }

    public String[] owner() {
        return bearer(ownerToken);
    }

    /** Creates a staff account with {@code role} and answers its login: {access_token, user, ...}. */
    public JsonObject userWithRole(String role) {
        String email = role + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        Api.Reply created = Api.post("/api/v1/users",
                obj("name", "A " + role, "email", email, "password", PASSWORD, "role", role), owner());
        assertEquals(201, created.status(), created::toString);
        Api.Reply login = Api.post("/api/v1/auth/login", obj("email", email, "password", PASSWORD, "tenant", slug));
        assertEquals(200, login.status(), login::toString);
        return login.json();
    }

    /** Creates a customer with a password and answers its login: {access_token, customer, ...}. */
    public JsonObject customer() {
        String email = "customer-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        Api.Reply created = Api.post("/api/v1/customers",
                obj("name", "Customer", "email", email, "password", PASSWORD), owner());
        assertEquals(201, created.status(), created::toString);
        Api.Reply login = Api.post("/api/v1/customer-auth/login", obj("tenant", slug, "email", email, "password", PASSWORD));
        assertEquals(200, login.status(), login::toString);
        return login.json();
    }
}
