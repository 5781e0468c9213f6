package dev.parley.it;

import static dev.parley.it.Api.bearer;
import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Seed 001's sync push: bulk, idempotent, validated per record, and announced to its tenant only. */
@ExtendWith(ArquillianExtension.class)
class SyncPushIT {

    static JsonObject push(int users, int interactions, String prefix) {
        JsonArrayBuilder endUsers = Json.createArrayBuilder();
        for (int i = 0; i < users; i++) {
            endUsers.add(obj("external_id", prefix + "u" + i, "name", "User " + i, "email", "u" + i + "@example.com"));
        }
        JsonArrayBuilder events = Json.createArrayBuilder();
        for (int i = 0; i < interactions; i++) {
            events.add(obj("external_id", prefix + "i" + i, "end_user_external_id", prefix + "u" + (i % Math.max(1, users)),
                    "type", "visit", "occurred_at", "2026-11-22T12:00:00Z", "data", obj("page", "/p" + i)));
        }
        return obj("end_users", endUsers.build(), "interactions", events.build());
    }

    @Test
    void theSamePushTwiceChangesNothingAndOnlyItsTenantHearsOfIt() throws Exception {
        ChatFixture mine = ChatFixture.create();
        ChatFixture other = ChatFixture.create();
        String key = NotificationsIT.apiKey(mine.tenant());
        JsonObject body = push(3, 4, "");
        try (WsClient staff = mine.staffSocket(); WsClient customer = mine.customerSocket(); WsClient outsider = other.staffSocket()) {
            Api.Reply first = Api.post("/api/sync/push", body, "X-API-Key", key);
            assertEquals(200, first.status(), first::toString);
            assertEquals(3, first.json().getJsonObject("end_users").getInt("upserted"));
            assertEquals(4, first.json().getJsonObject("interactions").getInt("upserted"));
            assertEquals(0, first.json().getJsonArray("errors").size());
            for (WsClient socket : new WsClient[] {staff, customer}) {
                JsonObject sync = socket.next("sync");
                assertEquals("sync", sync.getString("event"));
                assertEquals(3, sync.getJsonObject("data").getInt("end_users"));
                assertEquals(4, sync.getJsonObject("data").getInt("interactions"));
            }
            List<String> before = rows(mine.tenant().id());
            Api.Reply second = Api.post("/api/v1/sync/push", body, "X-API-Key", key);
            assertEquals(200, second.status(), second::toString);
            assertEquals(before, rows(mine.tenant().id()), "rows, including updated_at, are untouched");
            assertEquals(7, before.size());
            staff.next("sync");
            assertTrue(outsider.drain("sync", Duration.ofMillis(500)).isEmpty(), "another tenant hears nothing");
        }
        assertEquals(0, rows(other.tenant().id()).size());
    }

    @Test
    void badRecordsAreReportedByIndexAndGoodOnesKept() throws Exception {
        TestTenant tenant = TestTenant.signUp();
        String body = """
                {"end_users": [
                   {"external_id": "a", "name": "Ann"},
                   {"name": "No id"},
                   {"external_id": "c", "name": 42},
                   "not an object",
                   {"external_id": "e", "name": "Eve", "email": "eve@example.com"}],
                 "interactions": [
                   {"external_id": "x", "end_user_external_id": "a", "type": "visit", "occurred_at": "yesterday"},
                   {"external_id": "y", "end_user_external_id": "a", "type": "visit", "occurred_at": "2026-11-22T10:00:00+01:00"},
                   {"external_id": "z", "end_user_external_id": "a", "type": "visit", "occurred_at": "2026-11-22T10:00:00Z", "data": [1]}],
                 "ignored": {"anything": true}}""";
        Api.Reply reply = Api.post("/api/v1/sync/push", body, tenant.owner());
        assertEquals(200, reply.status(), reply::toString);
        assertEquals(2, reply.json().getJsonObject("end_users").getInt("upserted"));
        assertEquals(1, reply.json().getJsonObject("interactions").getInt("upserted"));
        JsonArray errors = reply.json().getJsonArray("errors");
        assertEquals(5, errors.size(), errors.toString());
        assertError(errors.getJsonObject(0), 1, "end_user", "external_id");
        assertError(errors.getJsonObject(1), 2, "end_user", "name");
        assertError(errors.getJsonObject(2), 3, "end_user", "must be an object");
        assertError(errors.getJsonObject(3), 0, "interaction", "occurred_at");
        assertError(errors.getJsonObject(4), 2, "interaction", "data");
        assertEquals(3, rows(tenant.id()).size());
    }

    @Test
    void largePushesAreAcceptedBeyondTheUsualBodyLimit() throws Exception {
        TestTenant tenant = TestTenant.signUp();
        JsonObject body = push(6_000, 6_000, "big-");
        assertTrue(body.toString().length() > 1_048_576, "larger than the API's 1 MiB limit");
        Api.Reply reply = Api.post("/api/sync/push", body, "X-API-Key", NotificationsIT.apiKey(tenant));
        assertEquals(200, reply.status(), () -> reply.status() + "");
        assertEquals(6_000, reply.json().getJsonObject("end_users").getInt("upserted"));
        assertEquals(6_000, reply.json().getJsonObject("interactions").getInt("upserted"));
        assertEquals(12_000, rows(tenant.id()).size());
    }

    @Test
    void theSeed001DashboardFlow() {
        String email = "dash-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Api.post("/api/customers/register", obj("firstName", "Test", "lastName", "User", "email", email,
                "password", "password123", "phone", "1234567890", "companyName", "Test Company"));
        JsonObject login = Api.post("/api/customers/login", obj("email", email, "password", "password123")).json()
                .getJsonObject("data");
        String token = login.getString("token");
        String tenantId = login.getJsonObject("customer").getString("id");
        try (WsClient dashboard = WsClient.connect("/ws?tenant_id=" + tenantId + "&token=" + token)) {
            assertEquals("connected", dashboard.next().getString("type"));
            Api.Reply reply = Api.post("/api/sync/push", push(1, 1, ""), bearer(token));
            assertEquals(200, reply.status(), reply::toString);
            JsonObject sync = dashboard.next("sync");
            assertEquals(1, sync.getJsonObject("data").getInt("end_users"));
        }
    }

    @Test
    void onlyTheTenantsBackendAndAdminsMayPush() {
        TestTenant tenant = TestTenant.signUp();
        String staff = tenant.userWithRole("staff").getString("access_token");
        assertEquals(403, Api.post("/api/sync/push", push(1, 0, ""), bearer(staff)).status());
        assertEquals(401, Api.post("/api/sync/push", push(1, 0, "")).status());
        Api.Reply malformed = Api.post("/api/sync/push", "{\"end_users\": [", tenant.owner());
        assertEquals(400, malformed.status(), malformed::toString);
        assertEquals("invalid_json", malformed.error());
        Api.Reply notArray = Api.post("/api/sync/push", "{\"end_users\": 5}", tenant.owner());
        assertEquals(400, notArray.status(), notArray::toString);
        assertTrue(notArray.json().getString("message").startsWith("end_users"), notArray::toString);
    }

    private static void assertError(JsonObject error, int index, String kind, String mentions) {
        assertEquals(index, error.getInt("index"), error.toString());
        assertEquals(kind, error.getString("kind"), error.toString());
        assertTrue(error.getString("error").contains(mentions), error.toString());
    }

    /** The tenant's synced rows as text, straight from PostgreSQL. */
    static List<String> rows(String tenantId) throws Exception {
        String url = System.getProperty("parley.it.db-admin-url").replaceFirst("/postgres$", "/parley");
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT 'u:' || external_id || ':' || name || ':' || updated_at FROM end_users WHERE tenant_id = '"
                             + tenantId + "' UNION ALL SELECT 'i:' || external_id || ':' || type || ':' || updated_at"
                             + " FROM interactions WHERE tenant_id = '" + tenantId + "' ORDER BY 1")) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }
}
