package dev.parley.it;

import static dev.parley.it.Api.bearer;
import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
class ApiKeysIT {

    @Test
    void keyLifecycleCreateUseListRevoke() {
        TestTenant tenant = TestTenant.signUp();
        String keys = "/api/v1/tenants/" + tenant.id() + "/api-keys";
        Api.Reply created = Api.post(keys, obj("name", "billing backend"), tenant.owner());
        assertEquals(201, created.status(), created::toString);
        JsonObject key = created.json();
        String secret = key.getString("api_key");
        assertTrue(secret.startsWith(key.getString("prefix") + "_"), secret);
        assertTrue(secret.length() > 40, "the secret is long and random");
        assertEquals("billing backend", key.getString("name"));

        Api.Reply me = Api.get("/api/v1/auth/me", "X-API-Key", secret);
        assertEquals(200, me.status(), me::toString);
        assertEquals(tenant.id(), me.json().getString("tenant_id"));
        assertEquals("api_key", me.json().getString("participant_type"));

        Api.Reply listed = Api.get(keys, tenant.owner());
        assertEquals(200, listed.status());
        assertEquals(1, listed.array().size());
        JsonObject entry = listed.array().getJsonObject(0);
        assertTrue(entry.getString("last_used_at").endsWith("Z"), "the use was recorded: " + entry);
        assertEquals(key.getString("prefix"), entry.getString("prefix"));
        assertFalse(entry.containsKey("api_key"), "the secret is shown once only");
        assertFalse(listed.body().contains(secret));

        long id = key.getJsonNumber("id").longValue();
        assertEquals(204, Api.delete(keys + "/" + id, tenant.owner()).status());
        Api.Reply revoked = Api.get("/api/v1/auth/me", "X-API-Key", secret);
        assertEquals(401, revoked.status(), revoked::toString);
        assertEquals(0, Api.get(keys, tenant.owner()).array().size());
        assertEquals(404, Api.delete(keys + "/" + id, tenant.owner()).status(), "revoking twice finds nothing");
    }

    @Test
    void wrongSecretsAreRefused() {
        TestTenant tenant = TestTenant.signUp();
        String secret = Api.post("/api/v1/tenants/" + tenant.id() + "/api-keys", obj("name", "k"), tenant.owner())
                .json().getString("api_key");
        String tampered = secret.substring(0, secret.length() - 2) + (secret.endsWith("AA") ? "BB" : "AA");
        for (String presented : new String[] {tampered, "pk_00000000_nothing", "garbage"}) {
            Api.Reply reply = Api.get("/api/v1/auth/me", "X-API-Key", presented);
            assertEquals(401, reply.status(), presented + " " + reply);
        }
    }

    @Test
    void keysAreForAdminsToManageAndCannotManageAnything() {
        TestTenant tenant = TestTenant.signUp();
        String keys = "/api/v1/tenants/" + tenant.id() + "/api-keys";
        String[] staff = bearer(tenant.userWithRole("staff").getString("access_token"));
        assertEquals(403, Api.post(keys, obj("name", "k"), staff).status());
        assertEquals(403, Api.get(keys, staff).status());

        String secret = Api.post(keys, obj("name", "k"), tenant.owner()).json().getString("api_key");
        assertEquals(403, Api.get("/api/v1/users", "X-API-Key", secret).status());
        assertEquals(403, Api.post(keys, obj("name", "k2"), "X-API-Key", secret).status());

        Api.Reply missingName = Api.post(keys, obj(), tenant.owner());
        assertEquals(400, missingName.status());
        assertTrue(missingName.json().getString("message").startsWith("name"), missingName::toString);
    }
}
