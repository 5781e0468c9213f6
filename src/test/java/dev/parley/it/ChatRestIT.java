package dev.parley.it;

import static dev.parley.it.Api.bearer;
import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Chats and messages over REST, as seed 004's frontends use them. */
@ExtendWith(ArquillianExtension.class)
class ChatRestIT {

    @Test
    void staffOpensAChatWithAFirstMessageAndBothSeeIt() {
        TestTenant tenant = TestTenant.signUp();
        JsonObject customer = tenant.customer();
        long customerId = customer.getJsonObject("customer").getJsonNumber("id").longValue();
        Api.Reply opened = Api.post("/api/v1/chat/chats", obj("customer_id", customerId, "title", "Support Chat",
                "initial_message", "Hi, how can I help you?"), tenant.owner());
        assertEquals(201, opened.status(), opened::toString);
        JsonObject chat = opened.json();
        assertEquals("user_customer", chat.getString("chat_type"));
        assertEquals("Support Chat", chat.getString("title"));
        assertFalse(chat.getBoolean("is_archived"));
        assertEquals(1, chat.getInt("total_messages"));
        assertEquals(0, chat.getInt("unread_count"), "the opener has read its own message");
        assertEquals(2, chat.getJsonArray("participants").size());

        String[] asCustomer = bearer(customer.getString("access_token"));
        JsonArray list = Api.get("/api/v1/chat/chats/customer?is_archived=false", asCustomer).array();
        assertEquals(1, list.size());
        JsonObject listed = list.getJsonObject(0);
        assertEquals(1, listed.getInt("unread_count"));
        assertEquals("Hi, how can I help you?", listed.getString("last_message_preview"));
        assertTrue(listed.containsKey("online_participants"));

        JsonObject history = Api.get("/api/v1/chat/chats/" + chat.getInt("id") + "/messages?page=1&page_size=50",
                asCustomer).json();
        assertEquals(1, history.getInt("total"));
        assertFalse(history.getBoolean("has_more"));
        assertEquals("Hi, how can I help you?", history.getJsonArray("messages").getJsonObject(0).getString("content"));
    }

    @Test
    void customerOpensAChatWithTheTenantByDefault() {
        TestTenant tenant = TestTenant.signUp();
        String[] asCustomer = bearer(tenant.customer().getString("access_token"));
        Api.Reply opened = Api.post("/api/v1/chat/chats/customer", obj("title", "Booking Inquiry",
                "initial_message", "I'd like to book an appointment"), asCustomer);
        assertEquals(201, opened.status(), opened::toString);
        boolean ownerIsIn = opened.json().getJsonArray("participants").getValuesAs(JsonObject.class).stream()
                .anyMatch(p -> p.getString("participant_type").equals("user")
                        && p.getJsonNumber("participant_id").longValue() == tenant.ownerId());
        assertTrue(ownerIsIn, opened::toString);
        assertEquals(1, Api.get("/api/v1/chat/chats", tenant.owner()).array().getJsonObject(0).getInt("unread_count"));

        Api.Reply staffPath = Api.post("/api/v1/chat/chats/customer", obj("title", "x"), tenant.owner());
        assertEquals(403, staffPath.status(), "staff open chats with POST /chats");
    }

    @Test
    void historyPagesNewestFirstAndCatchesUpOldestFirst() {
        ChatFixture f = ChatFixture.create();
        for (int i = 1; i <= 7; i++) {
            assertEquals(201, Api.post(f.messages(), obj("content", "m" + i), bearer(f.staffToken())).status());
        }
        JsonObject first = Api.get(f.messages() + "?page=1&page_size=3", bearer(f.customerToken())).json();
        assertEquals(7, first.getInt("total"));
        assertTrue(first.getBoolean("has_more"));
        assertEquals(3, first.getInt("page_size"));
        assertEquals("m7", first.getJsonArray("messages").getJsonObject(0).getString("content"));
        JsonObject last = Api.get(f.messages() + "?page=3&page_size=3", bearer(f.customerToken())).json();
        assertEquals(1, last.getJsonArray("messages").size());
        assertFalse(last.getBoolean("has_more"));

        JsonObject after = Api.get(f.messages() + "?after_seq=4", bearer(f.customerToken())).json();
        assertEquals(java.util.List.of(5L, 6L, 7L), after.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                .map(m -> m.getJsonNumber("seq").longValue()).toList());

        assertEquals(200, Api.get(f.messages() + "?page_size=5000", bearer(f.customerToken())).json().getInt("page_size"));
    }

    @Test
    void sendingIsIdempotentByClientMessageId() {
        ChatFixture f = ChatFixture.create();
        JsonObject message = obj("content", "only once", "client_message_id", "retry-1");
        Api.Reply first = Api.post(f.messages(), message, bearer(f.customerToken()));
        Api.Reply retry = Api.post(f.messages(), message, bearer(f.customerToken()));
        assertEquals(201, first.status(), first::toString);
        assertEquals(200, retry.status(), retry::toString);
        assertEquals(first.json().getJsonNumber("id"), retry.json().getJsonNumber("id"));
        assertEquals(1, Api.get(f.messages(), bearer(f.customerToken())).json().getInt("total"));
    }

    @Test
    void messagesCarryRepliesEntityRefsAndMedia() {
        ChatFixture f = ChatFixture.create();
        long first = Api.post(f.messages(), obj("content", "Can I book?"), bearer(f.customerToken())).json()
                .getJsonNumber("id").longValue();
        Api.Reply reply = Api.post(f.messages(), obj("content", "Yes: this slot", "reply_to_message_id", first,
                "entity_ref", obj("type", "appointment", "id", "42")), bearer(f.staffToken()));
        assertEquals(201, reply.status(), reply::toString);
        assertEquals(first, reply.json().getJsonNumber("reply_to_message_id").longValue());
        assertEquals("appointment", reply.json().getJsonObject("entity_ref").getString("type"));
        assertEquals("42", reply.json().getJsonObject("entity_ref").getString("id"));

        Api.Reply foreign = Api.post(f.messages(), obj("message_type", "image", "media_url",
                "https://cdn.example/uploads/chat/a.jpg"), bearer(f.staffToken()));
        assertEquals(400, foreign.status(), "only the tenant's own uploads: " + foreign);
        assertTrue(foreign.json().getString("message").contains("media_url"), foreign::toString);
        String upload = MediaIT.upload(f.staffToken(), "a.png", "image/png", dev.parley.media.MediaSamples.png(12, 8))
                .json().getString("file_url");
        Api.Reply image = Api.post(f.messages(), obj("message_type", "image", "media_url", upload),
                bearer(f.staffToken()));
        assertEquals(201, image.status(), image::toString);
        assertTrue(image.json().getString("media_url").startsWith("/api/v1/media/"), "Parley's own path");
        assertEquals("a.png", image.json().getString("file_name"));
        assertEquals("image/png", image.json().getString("file_type"));
        assertTrue(image.json().getString("thumbnail_url").startsWith("/api/v1/media/"));
        assertEquals(JsonValue.NULL, image.json().get("content"));
        assertEquals("[image]", Api.get("/api/v1/chat/chats/" + f.chatId(), bearer(f.staffToken())).json()
                .getString("last_message_preview"));
    }

    @Test
    void badMessagesAreRefusedNamingTheField() {
        ChatFixture f = ChatFixture.create();
        ChatFixture other = ChatFixture.create();
        long foreign = Api.post(other.messages(), obj("content", "elsewhere"), bearer(other.staffToken())).json()
                .getJsonNumber("id").longValue();
        Object[][] cases = {
                {obj("content", ""), "content"},
                {obj("content", "x".repeat(10_001)), "content"},
                {obj("message_type", "hologram", "content", "x"), "message_type"},
                {obj("message_type", "image"), "media_url"},
                {obj("message_type", "system", "content", "x"), "message_type"},
                {obj("content", "x", "reply_to_message_id", foreign), "reply_to_message_id"},
                {obj("content", "x", "entity_ref", obj("type", "Not Valid", "id", "1")), "entity_ref.type"},
        };
        for (Object[] c : cases) {
            Api.Reply reply = Api.post(f.messages(), c[0], bearer(f.staffToken()));
            assertEquals(400, reply.status(), reply::toString);
            assertTrue(reply.json().getString("message").startsWith(c[1] + ":"), reply::toString);
        }
        assertEquals(0, Api.get(f.messages(), bearer(f.staffToken())).json().getInt("total"), "nothing was stored");
    }

    @Test
    void onlyTheSenderEditsOrDeletes() {
        ChatFixture f = ChatFixture.create();
        long id = Api.post(f.messages(), obj("content", "typo"), bearer(f.staffToken())).json().getJsonNumber("id").longValue();
        String path = f.messages() + "/" + id;
        assertEquals(403, Api.patch(path, obj("content", "hijacked"), bearer(f.customerToken())).status());
        assertEquals(403, Api.delete(path, bearer(f.customerToken())).status());

        Api.Reply edited = Api.patch(path, obj("content", "fixed"), bearer(f.staffToken()));
        assertEquals(200, edited.status(), edited::toString);
        assertTrue(edited.json().getBoolean("is_edited"));
        assertEquals("fixed", edited.json().getString("content"));

        assertEquals(204, Api.delete(path, bearer(f.staffToken())).status());
        JsonObject deleted = Api.get(path, bearer(f.customerToken())).json();
        assertTrue(deleted.getBoolean("is_deleted"));
        assertEquals(JsonValue.NULL, deleted.get("content"));
        assertEquals(409, Api.patch(path, obj("content", "again"), bearer(f.staffToken())).status());
    }

    @Test
    void batchReadStoresReceiptsAndClearsUnread() {
        ChatFixture f = ChatFixture.create();
        long last = 0;
        for (int i = 0; i < 3; i++) {
            last = Api.post(f.messages(), obj("content", "m" + i), bearer(f.staffToken())).json().getJsonNumber("id").longValue();
        }
        assertEquals(3, chatOf(f, f.customerToken()).getInt("unread_count"));
        Api.Reply read = Api.post("/api/v1/chat/chats/" + f.chatId() + "/read", obj("up_to_message_id", last),
                bearer(f.customerToken()));
        assertEquals(200, read.status(), read::toString);
        assertEquals(0, read.json().getInt("unread_count"));
        assertEquals(3, read.json().getInt("last_read_seq"));
        assertEquals(0, chatOf(f, f.customerToken()).getInt("unread_count"));

        for (JsonObject m : Api.get(f.messages(), bearer(f.staffToken())).json().getJsonArray("messages")
                .getValuesAs(JsonObject.class)) {
            JsonArray receipts = m.getJsonArray("read_receipts");
            assertEquals(1, receipts.size(), m.toString());
            assertEquals("customer", receipts.getJsonObject(0).getString("reader_type"));
            assertEquals(f.customerId(), receipts.getJsonObject(0).getJsonNumber("reader_id").longValue());
        }
    }

    @Test
    void archivingMovesAChatBetweenLists() {
        ChatFixture f = ChatFixture.create();
        Api.Reply archived = Api.patch("/api/v1/chat/chats/" + f.chatId(), obj("is_archived", true, "title", "Done"),
                bearer(f.staffToken()));
        assertEquals(200, archived.status(), archived::toString);
        assertTrue(archived.json().getBoolean("is_archived"));
        assertEquals(0, Api.get("/api/v1/chat/chats?is_archived=false", bearer(f.staffToken())).array().size());
        assertEquals(1, Api.get("/api/v1/chat/chats?is_archived=true", bearer(f.staffToken())).array().size());
    }

    @Test
    void chatsAreVisibleToTheirParticipantsOnly() {
        ChatFixture f = ChatFixture.create();
        long messageId = Api.post(f.messages(), obj("content", "private"), bearer(f.staffToken())).json()
                .getJsonNumber("id").longValue();
        String chat = "/api/v1/chat/chats/" + f.chatId();
        String otherStaff = f.tenant().userWithRole("staff").getString("access_token");
        TestTenant intruderTenant = TestTenant.signUp();
        for (String token : new String[] {otherStaff, intruderTenant.ownerToken()}) {
            Api.Reply[] replies = {
                    Api.get(chat, bearer(token)),
                    Api.patch(chat, obj("title", "mine"), bearer(token)),
                    Api.get(chat + "/messages", bearer(token)),
                    Api.post(chat + "/messages", obj("content", "hi"), bearer(token)),
                    Api.get(chat + "/messages/" + messageId, bearer(token)),
                    Api.patch(chat + "/messages/" + messageId, obj("content", "x"), bearer(token)),
                    Api.delete(chat + "/messages/" + messageId, bearer(token)),
                    Api.post(chat + "/read", obj("up_to_message_id", messageId), bearer(token)),
            };
            for (Api.Reply reply : replies) {
                assertEquals(404, reply.status(), reply::toString);
                assertEquals("not_found", reply.error());
            }
            assertEquals(0, Api.get("/api/v1/chat/chats", bearer(token)).array().size());
        }
        Api.Reply crossCustomer = Api.post("/api/v1/chat/chats", obj("customer_id", f.customerId()),
                intruderTenant.owner());
        assertEquals(404, crossCustomer.status(), "another tenant's customer does not exist here");
        assertEquals(1, Api.get(chat + "/messages", bearer(f.staffToken())).json().getInt("total"), "nothing changed");
    }

    private static JsonObject chatOf(ChatFixture f, String token) {
        return Api.get("/api/v1/chat/chats/" + f.chatId(), bearer(token)).json();
    }
}
