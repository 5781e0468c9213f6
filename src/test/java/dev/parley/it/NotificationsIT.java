package dev.parley.it;

import static dev.parley.it.Api.bearer;
import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Server-side publishing (seeds 000 and 001): exactly the targeted connections of one tenant, counted. */
@ExtendWith(ArquillianExtension.class)
class NotificationsIT {

    static String apiKey(TestTenant tenant) {
        return Api.post("/api/v1/tenants/" + tenant.id() + "/api-keys", obj("name", "backend"), tenant.owner())
                .json().getString("api_key");
    }

    @Test
    void publishingReachesEveryConnectionOfTheTenantAndNoOther() {
        ChatFixture a = ChatFixture.create();
        ChatFixture b = ChatFixture.create();
        String key = apiKey(a.tenant());
        try (WsClient staff = a.staffSocket(); WsClient customer = a.customerSocket(); WsClient other = b.staffSocket()) {
            Api.Reply reply = Api.post("/api/v1/notifications",
                    obj("event", "order.shipped", "data", obj("order", 42)), "X-API-Key", key);
            assertEquals(202, reply.status(), reply::toString);
            assertEquals(2, reply.json().getInt("delivered"));
            for (WsClient socket : new WsClient[] {staff, customer}) {
                JsonObject frame = socket.next("order.shipped");
                assertEquals("order.shipped", frame.getString("event"));
                assertEquals(42, frame.getJsonObject("data").getInt("order"));
            }
            assertTrue(other.drain(null, Duration.ofMillis(500)).isEmpty(), "another tenant hears nothing");
        }
    }

    @Test
    void targetsNarrowTheAudienceAndTheCountIsExact() {
        ChatFixture f = ChatFixture.create();
        String key = apiKey(f.tenant());
        String staffTwo = f.tenant().userWithRole("staff").getString("access_token");
        try (WsClient staff = f.staffSocket(); WsClient staffAgain = f.staffSocket(); WsClient customer = f.customerSocket();
             WsClient bystander = WsClient.connectAs("user", staffTwo)) {
            assertEquals(2, publish(key, obj("user_id", f.staffId())), "both of the user's connections");
            staff.next("ping.user");
            staffAgain.next("ping.user");
            assertEquals(1, publish(key, obj("customer_id", f.customerId())));
            customer.next("ping.user");
            assertEquals(3, publish(key, obj("chat_id", f.chatId())), "the chat members' connections");
            assertEquals(0, publish(key, obj("session_id", "no-such-visitor")));
            assertEquals(4, publish(key, Json.createValue("tenant")));
            assertTrue(bystander.drain("ping.user", Duration.ofMillis(500)).size() == 1, "the bystander only got the tenant-wide one");
        }
        JsonObject stats = Api.get("/api/v1/admin/connections", f.tenant().owner()).json();
        assertEquals(0, stats.getInt("connections"));
        assertEquals(5, stats.getJsonObject("notifications").getInt("published"));
        assertEquals(10, stats.getJsonObject("notifications").getInt("delivered"));
    }

    @Test
    void badRequestsAreRefusedClearly() {
        TestTenant tenant = TestTenant.signUp();
        TestTenant other = TestTenant.signUp();
        String key = apiKey(tenant);
        Object[][] cases = {
                {obj("data", obj()), 400, "event"},
                {obj("event", "Bad Name!"), 400, "event"},
                {obj("event", "x".repeat(65)), 400, "event"},
                {obj("event", "ok", "data", "text"), 400, "data"},
                {obj("event", "ok", "target", obj("planet_id", 1)), 400, "target.planet_id"},
                {obj("event", "ok", "target", "everyone"), 400, "target"},
                {obj("event", "ok", "data", obj("blob", "x".repeat(70_000))), 413, "data"},
                {obj("event", "ok", "target", obj("user_id", other.ownerId())), 404, null},
        };
        for (Object[] c : cases) {
            Api.Reply reply = Api.post("/api/v1/notifications", c[0], "X-API-Key", key);
            assertEquals(c[1], reply.status(), reply::toString);
            if (c[2] != null) {
                assertTrue(reply.json().getString("message").startsWith((String) c[2]), reply::toString);
            }
        }
        String staff = tenant.userWithRole("staff").getString("access_token");
        assertEquals(403, Api.post("/api/v1/notifications", obj("event", "ok"), bearer(staff)).status());
        assertEquals(401, Api.post("/api/v1/notifications", obj("event", "ok")).status());
        assertEquals(202, Api.post("/api/v1/notifications", obj("event", "ok"), tenant.owner()).status(), "admins may publish");
    }

    @Test
    void aMessagesSenderSeesItSentDeliveredAndReadOnTheSeed000Url() {
        ChatFixture f = ChatFixture.create();
        try (WsClient dashboard = WsClient.connect("/ws?tenant_id=" + f.tenant().id() + "&token=" + f.staffToken());
             WsClient customer = f.customerSocket()) {
            assertEquals("connected", dashboard.next().getString("type"));
            f.join(customer);
            dashboard.send(obj("type", "send_message", "chat_id", f.chatId(), "content", "Your order shipped"));
            long id = dashboard.next("message_ack").getJsonNumber("message_id").longValue();
            assertEquals("sent", status(dashboard, id));
            assertEquals("delivered", status(dashboard, id));
            customer.next("message");
            customer.send(obj("type", "read_message", "chat_id", f.chatId(), "message_id", id));
            assertEquals("read", status(dashboard, id));
            JsonObject stored = Api.get(f.messages() + "/" + id, bearer(f.staffToken())).json();
            assertEquals(1, stored.getJsonArray("read_receipts").size(), "the status matches the stored receipt");
        }
    }

    private static String status(WsClient socket, long messageId) {
        JsonObject frame = socket.next("message_status");
        assertEquals("message_status", frame.getString("event"));
        assertEquals(messageId, frame.getJsonObject("data").getJsonNumber("message_id").longValue());
        return frame.getJsonObject("data").getString("status");
    }

    private static int publish(String key, jakarta.json.JsonValue target) {
        Api.Reply reply = Api.post("/api/v1/notifications", obj("event", "ping.user", "target", target),
                "X-API-Key", key);
        assertEquals(202, reply.status(), reply::toString);
        return reply.json().getInt("delivered");
    }
}
