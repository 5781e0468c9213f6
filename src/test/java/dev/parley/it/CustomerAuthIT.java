package dev.parley.it;

import static dev.parley.it.Api.bearer;
import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
class CustomerAuthIT {

    @Test
    void registrationIsRefusedUntilTheTenantAllowsIt() {
        TestTenant tenant = TestTenant.signUp();
        JsonObject registration = obj("tenant", tenant.slug(), "name", "Bo", "email", "bo@example.test",
                "password", TestTenant.PASSWORD);
        Api.Reply refused = Api.post("/api/v1/customer-auth/register", registration);
        assertEquals(403, refused.status(), refused::toString);
        assertEquals("registration_disabled", refused.error());
        assertEquals(0, Api.get("/api/v1/customers", tenant.owner()).array().size(), "nothing was stored");

        allowRegistration(tenant);
        Api.Reply registered = Api.post("/api/v1/customer-auth/register", registration);
        assertEquals(201, registered.status(), registered::toString);
        JsonObject body = registered.json();
        assertEquals("Bo", body.getJsonObject("customer").getString("name"));
        assertFalse(body.containsKey("user"));
        JsonObject claims = Tokens.claims(body.getString("access_token"));
        assertEquals("customer", claims.getString("participant_type"));
        assertEquals(tenant.id(), claims.getString("tenant_id"));
        assertEquals(List.of("customer"),
                claims.getJsonArray("groups").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList());

        Api.Reply again = Api.post("/api/v1/customer-auth/register", registration);
        assertEquals(409, again.status(), again::toString);
        assertEquals("email_taken", again.error());
    }

    @Test
    void registrationNeedsEmailOrPhoneAndAKnownTenant() {
        TestTenant tenant = TestTenant.signUp();
        allowRegistration(tenant);
        Api.Reply neither = Api.post("/api/v1/customer-auth/register",
                obj("tenant", tenant.slug(), "name", "Bo", "password", TestTenant.PASSWORD));
        assertEquals(400, neither.status(), neither::toString);
        assertTrue(neither.json().getString("message").startsWith("email"), neither::toString);

        Api.Reply shortPassword = Api.post("/api/v1/customer-auth/register",
                obj("tenant", tenant.slug(), "name", "Bo", "phone", "+15550001", "password", "short"));
        assertEquals(400, shortPassword.status(), shortPassword::toString);
        assertTrue(shortPassword.json().getString("message").startsWith("password"), shortPassword::toString);

        Api.Reply unknownTenant = Api.post("/api/v1/customer-auth/register",
                obj("tenant", "no-such-tenant-anywhere", "name", "Bo", "phone", "+15550001", "password", TestTenant.PASSWORD));
        assertEquals(404, unknownTenant.status(), unknownTenant::toString);
    }

    @Test
    void customersLogInByEmailOrPhoneWithinTheirTenant() {
        TestTenant tenant = TestTenant.signUp();
        assertEquals(201, Api.post("/api/v1/customers", obj("name", "Cy", "email", "cy@example.test",
                "phone", "+15551234", "password", TestTenant.PASSWORD), tenant.owner()).status());

        Api.Reply byEmail = Api.post("/api/v1/customer-auth/login",
                obj("tenant", tenant.slug(), "email", "CY@example.test", "password", TestTenant.PASSWORD));
        assertEquals(200, byEmail.status(), byEmail::toString);
        assertEquals("Cy", byEmail.json().getJsonObject("customer").getString("name"));

        Api.Reply byPhone = Api.post("/api/v1/customer-auth/login",
                obj("tenant", tenant.id(), "phone", "+15551234", "password", TestTenant.PASSWORD));
        assertEquals(200, byPhone.status(), byPhone::toString);

        Api.Reply refresh = Api.post("/api/v1/auth/refresh", obj("refresh_token", byPhone.json().getString("refresh_token")));
        assertEquals(200, refresh.status(), refresh::toString);
        assertTrue(refresh.json().containsKey("customer"));

        TestTenant other = TestTenant.signUp();
        Api.Reply wrongTenant = Api.post("/api/v1/customer-auth/login",
                obj("tenant", other.slug(), "email", "cy@example.test", "password", TestTenant.PASSWORD));
        Api.Reply wrongPassword = Api.post("/api/v1/customer-auth/login",
                obj("tenant", tenant.slug(), "email", "cy@example.test", "password", "wrong password"));
        assertEquals(401, wrongTenant.status());
        assertEquals(401, wrongPassword.status());
        assertEquals(wrongTenant.body(), wrongPassword.body());
    }

    @Test
    void customersCannotReachStaffEndpoints() {
        TestTenant tenant = TestTenant.signUp();
        String[] customer = bearer(tenant.customer().getString("access_token"));
        for (String path : new String[] {"/api/v1/users", "/api/v1/customers", "/api/v1/tenants/" + tenant.id() + "/api-keys"}) {
            Api.Reply reply = Api.get(path, customer);
            assertEquals(403, reply.status(), path + " " + reply);
            assertEquals("forbidden", reply.error());
        }
        Api.Reply me = Api.get("/api/v1/auth/me", customer);
        assertEquals(200, me.status());
        assertEquals("customer", me.json().getString("participant_type"));
    }

    private static void allowRegistration(TestTenant tenant) {
        assertEquals(200, Api.patch("/api/v1/tenants/" + tenant.id(),
                obj("settings", obj("customer_registration", true)), tenant.owner()).status());
    }
}
