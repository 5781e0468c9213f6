package dev.parley.it;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.JsonObject;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A second tenant's admin tries every route on the first tenant's data with
 * the right ids: nothing is read or changed, and the answers never hint that
 * the data exists.
 */
@ExtendWith(ArquillianExtension.class)
class TenantIsolationIT {

    @Test
    void anotherTenantsUsersCustomersSettingsAndKeysAreNotFound() {
        TestTenant victim = TestTenant.signUp();
        TestTenant intruder = TestTenant.signUp();
        long userId = victim.userWithRole("staff").getJsonObject("user").getJsonNumber("id").longValue();
        long customerId = victim.customer().getJsonObject("customer").getJsonNumber("id").longValue();
        JsonObject key = Api.post("/api/v1/tenants/" + victim.id() + "/api-keys", obj("name", "k"), victim.owner()).json();
        long keyId = key.getJsonNumber("id").longValue();
        String[] as = intruder.owner();

        Api.Reply[] replies = {
                Api.get("/api/v1/users/" + userId, as),
                Api.patch("/api/v1/users/" + userId, obj("name", "pwned"), as),
                Api.delete("/api/v1/users/" + userId, as),
                Api.get("/api/v1/users/" + victim.ownerId(), as),
                Api.get("/api/v1/customers/" + customerId, as),
                Api.patch("/api/v1/customers/" + customerId, obj("name", "pwned"), as),
                Api.delete("/api/v1/customers/" + customerId, as),
                Api.get("/api/v1/tenants/" + victim.id(), as),
                Api.get("/api/v1/tenants/" + victim.slug(), as),
                Api.patch("/api/v1/tenants/" + victim.id(), obj("name", "pwned"), as),
                Api.get("/api/v1/tenants/" + victim.id() + "/api-keys", as),
                Api.post("/api/v1/tenants/" + victim.id() + "/api-keys", obj("name", "mine now"), as),
                Api.delete("/api/v1/tenants/" + victim.id() + "/api-keys/" + keyId, as),
        };
        for (Api.Reply reply : replies) {
            assertEquals(404, reply.status(), reply::toString);
            assertEquals("not_found", reply.error());
        }
        // The same 404 as for ids that exist nowhere.
        assertEquals(Api.get("/api/v1/users/999999999", as).body(), Api.get("/api/v1/users/" + userId, as).body());

        // Nothing changed, nothing leaked into the intruder's lists.
        assertEquals("A staff", Api.get("/api/v1/users/" + userId, victim.owner()).json().getString("name"));
        assertEquals("Customer", Api.get("/api/v1/customers/" + customerId, victim.owner()).json().getString("name"));
        assertEquals(1, Api.get("/api/v1/tenants/" + victim.id() + "/api-keys", victim.owner()).array().size());
        assertEquals(1, Api.get("/api/v1/users", as).array().size(), "only the intruder's owner");
        assertEquals(0, Api.get("/api/v1/customers", as).array().size());
        assertFalse(Api.get("/api/v1/users", as).body().contains(victim.ownerEmail()));
        assertEquals(victim.id(), Api.get("/api/v1/auth/me", "X-API-Key", key.getString("api_key")).json()
                .getString("tenant_id"), "the victim's key still works");
    }

    @Test
    void namingAnotherTenantInHeadersOrQueryIsTenantMismatch() {
        TestTenant mine = TestTenant.signUp();
        TestTenant other = TestTenant.signUp();
        for (String header : new String[] {"X-Tenant-ID", "X-Tenant", "Tenant-ID", "tenant"}) {
            for (String reference : new String[] {other.id(), other.slug()}) {
                Api.Reply reply = Api.get("/api/v1/users", "Authorization", "Bearer " + mine.ownerToken(),
                        header, reference);
                assertEquals(403, reply.status(), header + " " + reply);
                assertEquals("tenant_mismatch", reply.error());
            }
        }
        Api.Reply query = Api.get("/api/v1/users?tenant_id=" + other.id(), mine.owner());
        assertEquals(403, query.status(), query::toString);
        assertEquals("tenant_mismatch", query.error());

        Api.Reply apiKey = Api.get("/api/v1/auth/me", "X-API-Key",
                Api.post("/api/v1/tenants/" + mine.id() + "/api-keys", obj("name", "k"), mine.owner()).json()
                        .getString("api_key"), "X-Tenant-ID", other.id());
        assertEquals(403, apiKey.status(), apiKey::toString);
        assertEquals("tenant_mismatch", apiKey.error());
    }

    @Test
    void namingTheTokensOwnTenantIsFine() {
        TestTenant mine = TestTenant.signUp();
        assertEquals(200, Api.get("/api/v1/users", "Authorization", "Bearer " + mine.ownerToken(),
                "X-Tenant-ID", mine.id()).status());
        assertEquals(200, Api.get("/api/v1/users?tenant_id=" + mine.slug(), mine.owner()).status());
        assertEquals(200, Api.get("/api/v1/users", "Authorization", "Bearer " + mine.ownerToken(),
                "tenant", mine.slug()).status());
    }

    @Test
    void customersOfOneTenantCannotLogInToAnother() {
        TestTenant first = TestTenant.signUp();
        TestTenant second = TestTenant.signUp();
        String email = first.customer().getJsonObject("customer").getString("email");
        Api.Reply reply = Api.post("/api/v1/customer-auth/login",
                obj("tenant", second.slug(), "email", email, "password", TestTenant.PASSWORD));
        assertEquals(401, reply.status(), reply::toString);
        String token = first.customer().getString("access_token");
        Api.Reply crossing = Api.get("/api/v1/auth/me", "Authorization", "Bearer " + token, "X-Tenant-ID", second.id());
        assertEquals(403, crossing.status(), crossing::toString);
        assertEquals("tenant_mismatch", crossing.error());
    }
}
