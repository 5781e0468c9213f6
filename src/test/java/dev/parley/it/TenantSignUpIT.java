package dev.parley.it;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.UUID;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
class TenantSignUpIT {

    @Test
    void signUpAnswersTenantOwnerAndTokens() {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        Api.Reply reply = Api.post("/api/v1/tenants", obj("name", "Salon Élise " + unique,
                "owner", obj("name", "Élise", "email", "elise-" + unique + "@example.test", "password", "long enough 1")));
        assertEquals(201, reply.status(), reply::toString);
        JsonObject body = reply.json();
        JsonObject tenant = body.getJsonObject("tenant");
        assertEquals("salon-elise-" + unique, tenant.getString("slug"), "slug derived from the name");
        assertEquals("active", tenant.getString("status"));
        assertFalse(tenant.getJsonObject("settings").getBoolean("anonymous_access"));
        assertFalse(tenant.getJsonObject("settings").getBoolean("customer_registration"));
        UUID.fromString(tenant.getString("id"));
        JsonObject user = body.getJsonObject("user");
        assertEquals("owner", user.getString("role"));
        assertEquals(tenant.getString("id"), user.getString("tenant_id"));
        assertTrue(user.getString("created_at").endsWith("Z"), "times are UTC ISO-8601");
        assertFalse(user.containsKey("password_hash"));
        assertEquals("bearer", body.getString("token_type"));
        assertTrue(body.getString("refresh_token").startsWith("rt_"));
        assertEquals(tenant.getString("id"), Tokens.claims(body.getString("access_token")).getString("tenant_id"));
    }

    @Test
    void slugsAreUniqueAndValidated() {
        TestTenant first = TestTenant.signUp();
        Api.Reply taken = Api.post("/api/v1/tenants", obj("name", "Other", "slug", first.slug(),
                "owner", obj("name", "O", "email", "o-" + UUID.randomUUID() + "@example.test", "password", "long enough 1")));
        assertEquals(409, taken.status(), taken::toString);
        assertEquals("slug_taken", taken.error());

        Api.Reply invalid = Api.post("/api/v1/tenants", obj("name", "Other", "slug", "Not A Slug!",
                "owner", obj("name", "O", "email", "o-" + UUID.randomUUID() + "@example.test", "password", "long enough 1")));
        assertEquals(400, invalid.status(), invalid::toString);
        assertTrue(invalid.json().getString("message").startsWith("slug:"), invalid::toString);

        Api.Reply uuidShaped = Api.post("/api/v1/tenants", obj("name", "Other", "slug", UUID.randomUUID().toString(),
                "owner", obj("name", "O", "email", "o-" + UUID.randomUUID() + "@example.test", "password", "long enough 1")));
        assertEquals(400, uuidShaped.status(), "a slug shaped like an id would shadow ids: " + uuidShaped);
    }

    @Test
    void sameNameTwiceGetsTwoSlugs() {
        String name = "Twin " + UUID.randomUUID().toString().substring(0, 8);
        String first = signUpNamed(name).getJsonObject("tenant").getString("slug");
        String second = signUpNamed(name).getJsonObject("tenant").getString("slug");
        assertNotEquals(first, second);
        assertTrue(second.startsWith(first + "-"), second);
    }

    @Test
    void adminReadsAndChangesTenantSettingsByIdOrSlug() {
        TestTenant tenant = TestTenant.signUp();
        Api.Reply bySlug = Api.get("/api/v1/tenants/" + tenant.slug(), tenant.owner());
        assertEquals(200, bySlug.status(), bySlug::toString);
        assertEquals(tenant.id(), bySlug.json().getString("id"));

        Api.Reply patched = Api.patch("/api/v1/tenants/" + tenant.id(), obj("name", "Renamed",
                "settings", obj("anonymous_access", true, "customer_registration", true)), tenant.owner());
        assertEquals(200, patched.status(), patched::toString);
        assertEquals("Renamed", patched.json().getString("name"));
        assertTrue(patched.json().getJsonObject("settings").getBoolean("anonymous_access"));
        assertTrue(patched.json().getJsonObject("settings").getBoolean("customer_registration"));

        JsonObject stored = Api.get("/api/v1/tenants/" + tenant.id(), tenant.owner()).json();
        assertEquals("Renamed", stored.getString("name"), "the change is stored");
        assertTrue(stored.getJsonObject("settings").getBoolean("customer_registration"));
    }

    @Test
    void settingsPatchNamesUnknownSettingsAndWrongTypes() {
        TestTenant tenant = TestTenant.signUp();
        Api.Reply unknown = Api.patch("/api/v1/tenants/" + tenant.id(), obj("settings", obj("colour", "red")),
                tenant.owner());
        assertEquals(400, unknown.status(), unknown::toString);
        assertTrue(unknown.json().getString("message").startsWith("settings.colour"), unknown::toString);

        Api.Reply wrongType = Api.patch("/api/v1/tenants/" + tenant.id(),
                obj("settings", obj("anonymous_access", "yes")), tenant.owner());
        assertEquals(400, wrongType.status(), wrongType::toString);
        assertTrue(wrongType.json().getString("message").startsWith("settings.anonymous_access"), wrongType::toString);

        Api.Reply unknownField = Api.patch("/api/v1/tenants/" + tenant.id(), obj("slug", "new-slug"), tenant.owner());
        assertEquals(400, unknownField.status(), unknownField::toString);
        assertTrue(unknownField.json().getString("message").startsWith("slug"), unknownField::toString);

        Api.Reply emptyName = Api.patch("/api/v1/tenants/" + tenant.id(), obj("name", ""), tenant.owner());
        assertEquals(400, emptyName.status(), emptyName::toString);
        assertTrue(emptyName.json().getString("message").startsWith("name"), emptyName::toString);

        assertFalse(Api.get("/api/v1/tenants/" + tenant.id(), tenant.owner()).json()
                .getJsonObject("settings").getBoolean("anonymous_access"), "nothing was changed by bad input");
    }

    @Test
    void onlyAdminsManageTheTenant() {
        TestTenant tenant = TestTenant.signUp();
        String staff = tenant.userWithRole("staff").getString("access_token");
        String customer = tenant.customer().getString("access_token");
        String admin = tenant.userWithRole("admin").getString("access_token");
        for (String token : new String[] {staff, customer}) {
            Api.Reply read = Api.get("/api/v1/tenants/" + tenant.id(), Api.bearer(token));
            assertEquals(403, read.status(), read::toString);
            Api.Reply write = Api.patch("/api/v1/tenants/" + tenant.id(), obj("name", "X"), Api.bearer(token));
            assertEquals(403, write.status(), write::toString);
        }
        assertEquals(200, Api.get("/api/v1/tenants/" + tenant.id(), Api.bearer(admin)).status());
        Api.Reply anonymous = Api.get("/api/v1/tenants/" + tenant.id());
        assertEquals(401, anonymous.status(), anonymous::toString);
        assertEquals("unauthorized", anonymous.error());
    }

    private static JsonObject signUpNamed(String name) {
        Api.Reply reply = Api.post("/api/v1/tenants", obj("name", name,
                "owner", obj("name", "O", "email", "o-" + UUID.randomUUID() + "@example.test", "password", "long enough 1")));
        assertEquals(201, reply.status(), reply::toString);
        return reply.json();
    }
}
