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
class UsersAndCustomersIT {

    @Test
    void adminsManageStaffAccounts() {
        TestTenant tenant = TestTenant.signUp();
        String[] admin = bearer(tenant.userWithRole("admin").getString("access_token"));
        Api.Reply created = Api.post("/api/v1/users",
                obj("name", "Dee", "email", "dee@example.test", "password", TestTenant.PASSWORD, "role", "staff"), admin);
        assertEquals(201, created.status(), created::toString);
        long id = created.json().getJsonNumber("id").longValue();
        assertEquals("staff", created.json().getString("role"));

        assertEquals(3, Api.get("/api/v1/users", admin).array().size(), "owner, admin and Dee");
        assertEquals("Dee", Api.get("/api/v1/users/" + id, admin).json().getString("name"));

        Api.Reply promoted = Api.patch("/api/v1/users/" + id, obj("role", "admin", "name", "Dee D."), admin);
        assertEquals(200, promoted.status(), promoted::toString);
        assertEquals("admin", promoted.json().getString("role"));
        assertEquals("Dee D.", promoted.json().getString("name"));

        Api.Reply duplicate = Api.post("/api/v1/users",
                obj("name", "Dee 2", "email", "DEE@example.test", "password", TestTenant.PASSWORD, "role", "staff"), admin);
        assertEquals(409, duplicate.status(), duplicate::toString);
        assertEquals("email_taken", duplicate.error());

        assertEquals(204, Api.delete("/api/v1/users/" + id, admin).status());
        assertFalse(Api.get("/api/v1/users/" + id, admin).json().getBoolean("active"));
    }

    @Test
    void rolesBoundWhatEachMayDo() {
        TestTenant tenant = TestTenant.signUp();
        JsonObject admin = tenant.userWithRole("admin");
        String[] adminAuth = bearer(admin.getString("access_token"));
        String[] staff = bearer(tenant.userWithRole("staff").getString("access_token"));

        Api.Reply staffCreates = Api.post("/api/v1/users",
                obj("name", "X", "email", "x@example.test", "password", TestTenant.PASSWORD, "role", "staff"), staff);
        assertEquals(403, staffCreates.status(), staffCreates::toString);
        assertEquals(403, Api.get("/api/v1/users", staff).status());

        Api.Reply adminMakesOwner = Api.post("/api/v1/users",
                obj("name", "X", "email", "x@example.test", "password", TestTenant.PASSWORD, "role", "owner"), adminAuth);
        assertEquals(403, adminMakesOwner.status(), adminMakesOwner::toString);

        Api.Reply adminDemotesOwner = Api.patch("/api/v1/users/" + tenant.ownerId(), obj("role", "staff"), adminAuth);
        assertEquals(403, adminDemotesOwner.status(), adminDemotesOwner::toString);

        long adminId = admin.getJsonObject("user").getJsonNumber("id").longValue();
        Api.Reply selfDeactivate = Api.delete("/api/v1/users/" + adminId, adminAuth);
        assertEquals(403, selfDeactivate.status(), selfDeactivate::toString);

        Api.Reply ownerMakesOwner = Api.post("/api/v1/users",
                obj("name", "Co-owner", "email", "co@example.test", "password", TestTenant.PASSWORD, "role", "owner"),
                tenant.owner());
        assertEquals(201, ownerMakesOwner.status(), ownerMakesOwner::toString);

        Api.Reply badRole = Api.post("/api/v1/users",
                obj("name", "X", "email", "y@example.test", "password", TestTenant.PASSWORD, "role", "emperor"),
                tenant.owner());
        assertEquals(400, badRole.status(), badRole::toString);
        assertTrue(badRole.json().getString("message").startsWith("role"), badRole::toString);
    }

    @Test
    void staffManageCustomers() {
        TestTenant tenant = TestTenant.signUp();
        String[] staff = bearer(tenant.userWithRole("staff").getString("access_token"));
        Api.Reply created = Api.post("/api/v1/customers", obj("name", "Eve", "phone", "+15550100"), staff);
        assertEquals(201, created.status(), created::toString);
        JsonObject eve = created.json();
        long id = eve.getJsonNumber("id").longValue();
        assertEquals(JsonObject.NULL, eve.get("email"), "absent fields are present as null");
        assertEquals(tenant.id(), eve.getString("tenant_id"));

        Api.Reply updated = Api.patch("/api/v1/customers/" + id, obj("email", "eve@example.test"), staff);
        assertEquals(200, updated.status(), updated::toString);
        assertEquals("eve@example.test", updated.json().getString("email"));
        assertEquals("+15550100", updated.json().getString("phone"));

        Api.Reply samePhone = Api.post("/api/v1/customers", obj("name", "Eve 2", "phone", "+15550100"), staff);
        assertEquals(409, samePhone.status(), samePhone::toString);
        assertEquals("phone_taken", samePhone.error());

        assertEquals(1, Api.get("/api/v1/customers", staff).array().size());
        assertEquals(204, Api.delete("/api/v1/customers/" + id, staff).status());
        assertFalse(Api.get("/api/v1/customers/" + id, staff).json().getBoolean("active"));
    }

    @Test
    void anonymousCallersAreAskedToAuthenticate() {
        for (String path : new String[] {"/api/v1/users", "/api/v1/customers", "/api/v1/auth/me"}) {
            Api.Reply reply = Api.get(path);
            assertEquals(401, reply.status(), path + " " + reply);
            assertEquals("unauthorized", reply.error());
        }
    }
}
