package dev.parley.it;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Website visitors (seed 002's widget) chatting with the built-in assistant, over the wire. */
@ExtendWith(ArquillianExtension.class)
class VisitorChatIT {

    @Test
    void aVisitorChatIsNamedByAnUnguessableKeyAndOnlyWhereTheTenantAllowsVisitors() {
        TestTenant closed = TestTenant.signUp();
        Api.Reply refused = Api.post("/api/v1/chat/", obj("session_id", UUID.randomUUID().toString()),
                "X-Tenant-ID", closed.slug());
        assertEquals(403, refused.status(), refused::toString);
        assertEquals("anonymous_access_disabled", refused.error());
        assertNotNull(refused.json().getString("message"));
        try (WsClient socket = WsClient.connect("/api/v1/ws?tenant_id=" + closed.slug() + "&session_id=s-1")) {
            WsClient.Close close = socket.awaitClose(WsClient.WAIT);
            assertEquals(1008, close.code());
            assertEquals("authentication required", close.reason());
        }

        VisitorFixture f = VisitorFixture.create();
        VisitorFixture.Visitor visitor = f.visitor();
        for (String path : new String[] {"/api/v1/ws", "/api/v1/ws/chat"}) { // the widget's two URLs
            try (WsClient socket = WsClient.connect(path + "?tenant_id=" + f.tenant().id() + "&session_id="
                    + visitor.sessionId())) {
                assertEquals("visitor", socket.next("connected").getString("participant_type"), path);
            }
        }
        JsonObject chat = visitor.openChat();
        assertEquals(36, UUID.fromString(chat.getString("id")).toString().length(), "a UUID, not a number");
        assertEquals("visitor", chat.getString("chat_type"));
        assertEquals("assistant", chat.getString("handled_by"));
        assertEquals(visitor.sessionId(), chat.getString("session_id"));

        Api.Reply hostileContext = Api.post("/api/v1/chat/", obj("session_id", visitor.sessionId(), "context",
                obj("user_agent", 1)), visitor.headers());
        assertEquals(400, hostileContext.status(), hostileContext::toString);
        assertTrue(hostileContext.json().getString("message").contains("context.user_agent"), hostileContext::toString);

        Api.Reply noSession = Api.post("/api/v1/chat/", obj("title", "x"), "X-Tenant-ID", f.tenant().slug());
        assertEquals(400, noSession.status());
        assertTrue(noSession.json().getString("message").contains("session_id"), noSession::toString);
    }

    @Test
    void theBuiltInAssistantAnswersANaturalQuestionFromTheKnowledgeBaseAndNamesItsSource() {
        VisitorFixture f = VisitorFixture.create();
        VisitorFixture.Visitor visitor = f.visitor();
        String chatId = visitor.openChat().getString("id");

        Api.Reply reply = visitor.say(chatId, "When do you open on a Saturday?");
        assertEquals(201, reply.status(), reply::toString);
        JsonObject answer = reply.json();
        assertEquals("assistant", answer.getString("role"));
        assertEquals("assistant", answer.getString("sender_type"));
        assertTrue(answer.getString("content").contains("10:00"), answer::toString);
        JsonObject metadata = answer.getJsonObject("metadata");
        assertEquals("stop", metadata.getString("finish_reason"));
        JsonArray sources = metadata.getJsonArray("sources");
        assertEquals(VisitorFixture.HOURS_TITLE, sources.getJsonObject(0).getString("title"));
        assertEquals("https://example.test/hours", sources.getJsonObject(0).getString("url"));
        assertTrue(metadata.getJsonNumber("processing_time_ms").longValue() >= 0);

        Api.Reply unrelated = visitor.say(chatId, "Do you sell second-hand bicycles?");
        assertEquals(201, unrelated.status(), unrelated::toString);
        JsonObject none = unrelated.json().getJsonObject("metadata");
        assertEquals("no_answer", none.getString("finish_reason"), unrelated::toString);
        assertTrue(none.getJsonArray("sources").isEmpty());
        assertTrue(unrelated.json().getString("content").contains("person"), "offers a person");

        JsonObject history = Api.get("/api/v1/chat/" + chatId + "/messages", visitor.headers()).json();
        assertEquals(4, history.getInt("total"));
        JsonArray items = history.getJsonArray("items");
        assertEquals("When do you open on a Saturday?", items.getJsonObject(0).getString("content"));
        assertEquals("user", items.getJsonObject(0).getString("role"));
        assertEquals(answer.getJsonNumber("id").longValue(), items.getJsonObject(1).getJsonNumber("id").longValue());
        assertEquals("Do you sell second-hand bicycles?", items.getJsonObject(2).getString("content"));
        for (int i = 1; i < items.size(); i++) {
            assertTrue(items.getJsonObject(i).getInt("seq") > items.getJsonObject(i - 1).getInt("seq"), "in order");
        }
    }

    @Test
    void anotherSessionAnotherTenantOrANumberNeverReachesAVisitorsChat() {
        VisitorFixture f = VisitorFixture.create();
        VisitorFixture.Visitor visitor = f.visitor();
        String chatId = visitor.openChat().getString("id");
        visitor.say(chatId, "Where can I park?");

        VisitorFixture.Visitor stranger = f.visitor();
        assertEquals(404, Api.get("/api/v1/chat/" + chatId + "/messages",
                visitor.headers("X-Session-ID", stranger.sessionId())).status());
        assertEquals(404, Api.get("/api/v1/chat/" + chatId + "/messages?session_id=" + stranger.sessionId(),
                visitor.headers()).status());
        assertEquals(404, Api.post("/api/v1/chat/" + chatId + "/messages",
                obj("content", "hi", "session_id", stranger.sessionId()), visitor.headers()).status());
        assertEquals(404, Api.get("/api/v1/chat/" + UUID.randomUUID() + "/messages", visitor.headers()).status());

        try (WsClient strangerSocket = WsClient.connect("/ws?tenant_id=" + f.tenant().slug() + "&session_id="
                + stranger.sessionId())) {
            strangerSocket.next("connected");
            strangerSocket.send(obj("type", "join_chat", "chat_id", chatId));
            JsonObject refused = strangerSocket.next("error");
            assertEquals("not_found", refused.getString("error"));
            strangerSocket.send(obj("type", "send_message", "chat_id", chatId, "content", "let me in"));
            assertEquals("not_found", strangerSocket.next("error").getString("error"));
        }

        VisitorFixture other = VisitorFixture.create();
        try (WsClient otherTenantSocket = WsClient.connect("/ws?tenant_id=" + other.tenant().slug()
                + "&session_id=" + visitor.sessionId())) {
            otherTenantSocket.next("connected"); // the same session id, in another tenant: someone else
            otherTenantSocket.send(obj("type", "join_chat", "chat_id", chatId));
            assertEquals("not_found", otherTenantSocket.next("error").getString("error"));
        }
        Api.Reply elsewhere = Api.get("/api/v1/chat/" + chatId + "/messages", other.visitor().headers());
        assertEquals(404, elsewhere.status(), "another tenant's visitor with the key: " + elsewhere);
        Api.Reply otherStaff = Api.get("/api/v1/chat/chats/" + chatId, other.tenant().owner());
        assertEquals(404, otherStaff.status(), otherStaff::toString);

        // The staff of its own tenant name it by its key only, never by a guessable number.
        JsonObject staffView = Api.get("/api/v1/chat/chats/" + chatId, f.tenant().owner()).json();
        assertEquals(chatId, staffView.getString("id"));
        for (long guess = 1; guess <= 40; guess++) {
            int status = Api.get("/api/v1/chat/chats/" + guess, f.tenant().owner()).status();
            assertEquals(404, status, "chat number " + guess);
        }
    }

    @Test
    void staffSeeVisitorChatsWithTheirContextAndTheirRepliesReachTheWidget() {
        VisitorFixture f = VisitorFixture.create();
        VisitorFixture.Visitor visitor = f.visitor();
        try (WsClient staff = WsClient.connectAs("user", f.tenant().ownerToken());
             WsClient widget = visitor.socket("")) {
            String chatId = visitor.openChat().getString("id");
            JsonObject created = staff.next("chat_created");
            assertEquals(chatId, created.getString("chat_id"));
            assertEquals("visitor", created.getString("chat_type"));

            JsonArray inbox = Api.get("/api/v1/chat/chats?chat_type=visitor", f.tenant().owner()).array();
            assertEquals(1, inbox.size());
            JsonObject listed = inbox.getJsonObject(0);
            assertEquals(chatId, listed.getString("id"));
            assertEquals("assistant", listed.getString("handled_by"));
            JsonObject context = listed.getJsonObject("visitor").getJsonObject("context");
            assertEquals("https://example.test/pricing", context.getString("page_url"));
            assertEquals("Mozilla/5.0 (Test)", context.getString("user_agent"));

            staff.send(obj("type", "join_chat", "chat_id", chatId));
            assertEquals(chatId, staff.next("chat_joined").getString("chat_id"));
            Api.Reply answered = visitor.say(chatId, "What are your opening hours?");
            assertEquals(201, answered.status());
            JsonObject seen = staff.next("message");
            assertEquals("What are your opening hours?", seen.getJsonObject("message").getString("content"));
            assertEquals("visitor", seen.getJsonObject("message").getString("sender_type"));
            assertEquals("assistant", staff.next("message").getJsonObject("message").getString("sender_type"));

            // The widget shows its own message and the REST reply itself: neither comes again on its socket.
            widget.send(obj("type", "ping"));
            assertEquals("pong", widget.next().getString("type"), "nothing the widget already has");

            Api.Reply human = Api.post("/api/v1/chat/chats/" + chatId + "/messages",
                    obj("content", "Hi, this is the owner"), f.tenant().owner());
            assertEquals(201, human.status(), human::toString);
            JsonObject handoff = widget.next("handoff");
            assertEquals("human", handoff.getString("handled_by"));
            JsonObject chatMessage = widget.next("chat_message");
            assertEquals("Hi, this is the owner", chatMessage.getJsonObject("message").getString("content"));
            assertEquals("agent", chatMessage.getJsonObject("message").getString("role"));

            // A person answers now: the visitor's next message gets no assistant reply.
            Api.Reply queued = visitor.say(chatId, "Thanks! Can I bring my dog?");
            assertEquals(202, queued.status(), queued::toString);
            assertEquals("human", queued.json().getString("handled_by"));
            assertEquals("Thanks! Can I bring my dog?", queued.json().getJsonObject("message").getString("content"));
        }
    }

    @Test
    void takeoverReleaseAndAskingForAPersonChangeHandsAndAreAnnounced() {
        VisitorFixture f = VisitorFixture.create();
        VisitorFixture.Visitor visitor = f.visitor();
        String chatId = visitor.openChat().getString("id");
        try (WsClient staff = WsClient.connectAs("user", f.tenant().ownerToken());
             WsClient widget = visitor.socket("")) {
            Api.Reply asked = Api.post("/api/v1/chat/" + chatId + "/human", obj(), visitor.headers());
            assertEquals(200, asked.status(), asked::toString);
            assertEquals("waiting", asked.json().getString("handled_by"));
            assertEquals("waiting", staff.next("handoff").getString("handled_by"));
            assertEquals("waiting", widget.next("handoff").getString("handled_by"));
            JsonObject marked = Api.get("/api/v1/chat/chats/" + chatId, f.tenant().owner()).json();
            assertTrue(marked.getBoolean("needs_attention"));

            Api.Reply taken = Api.post("/api/v1/chat/chats/" + chatId + "/takeover", obj(), f.tenant().owner());
            assertEquals(200, taken.status(), taken::toString);
            assertEquals("human", taken.json().getString("handled_by"));
            assertFalse(taken.json().getBoolean("needs_attention"));
            JsonObject announced = widget.next("handoff");
            assertEquals("human", announced.getString("handled_by"));
            assertEquals(f.tenant().ownerId(), announced.getJsonObject("by").getJsonNumber("participant_id").longValue());
            // The guide's widget shows only messages: a notice in the chat tells the visitor who joined.
            JsonObject waitingNotice = widget.next("chat_message").getJsonObject("message");
            assertEquals("system", waitingNotice.getString("sender_type"));
            JsonObject joined = widget.next("chat_message").getJsonObject("message");
            assertEquals(announced.getJsonObject("by").getString("name") + " joined the chat.",
                    joined.getString("content"));

            Api.Reply released = Api.post("/api/v1/chat/chats/" + chatId + "/release", obj(), f.tenant().owner());
            assertEquals("assistant", released.json().getString("handled_by"));
            assertEquals("assistant", widget.next("handoff").getString("handled_by"));
            assertEquals(201, visitor.say(chatId, "Opening hours on Saturday?").status(), "the assistant is back");

            // Customers and other tenants' staff cannot take it.
            JsonObject customer = f.tenant().customer();
            assertEquals(403, Api.post("/api/v1/chat/chats/" + chatId + "/takeover", obj(),
                    Api.bearer(customer.getString("access_token"))).status());
            assertEquals(404, Api.post("/api/v1/chat/chats/" + chatId + "/takeover", obj(),
                    VisitorFixture.create().tenant().owner()).status());
        }
    }

    @Test
    void aBurstOfQuickMessagesOverTheSocketGetsOneReply() {
        VisitorFixture f = VisitorFixture.create();
        VisitorFixture.Visitor visitor = f.visitor();
        String chatId = visitor.openChat().getString("id");
        try (WsClient socket = WsClient.connect("/ws?tenant_id=" + f.tenant().slug() + "&session_id="
                + visitor.sessionId())) {
            assertEquals("visitor", socket.next("connected").getString("participant_type"));
            socket.send(obj("type", "join_chat", "chat_id", chatId));
            socket.next("chat_joined");
            socket.send(obj("type", "send_message", "chat_id", chatId, "content", "Hello"));
            socket.send(obj("type", "send_message", "chat_id", chatId, "content", "are you open"));
            socket.send(obj("type", "send_message", "chat_id", chatId, "content", "on Saturday opening hours?"));
            JsonObject typing = socket.next("typing");
            assertEquals("assistant", typing.getString("participant_type"));
            assertTrue(typing.getBoolean("is_typing"));
            assertFalse(socket.next("typing").getBoolean("is_typing"), "typing ends with the reply");
            List<JsonObject> replies = socket.framesUntilPong().stream()
                    .filter(frame -> frame.getString("type").equals("message"))
                    .map(frame -> frame.getJsonObject("message"))
                    .filter(message -> message.getString("sender_type").equals("assistant")).toList();
            assertEquals(1, replies.size(), "one reply, not three: " + replies);
            assertTrue(replies.get(0).getString("content").contains("10:00"), replies::toString);
        }
    }

    @Test
    void visitorsGetOnlyWhatIsAddressedToThemSendNoForeignUrlAndLeaveWhenTheTenantClosesTheDoor() {
        VisitorFixture f = VisitorFixture.create();
        VisitorFixture.Visitor visitor = f.visitor();
        String chatId = visitor.openChat().getString("id");
        try (WsClient widget = visitor.socket("");
             WsClient socket = WsClient.connect("/ws?tenant_id=" + f.tenant().slug() + "&session_id="
                     + visitor.sessionId())) {
            socket.next("connected");
            Api.Reply toTenant = Api.post("/api/v1/notifications", obj("event", "price_change", "data", obj()),
                    f.tenant().owner());
            assertEquals(202, toTenant.status(), toTenant::toString);
            assertEquals(0, toTenant.json().getInt("delivered"), "tenant-wide events are for accounts");
            Api.Reply toSession = Api.post("/api/v1/notifications", obj("event", "offer", "data",
                    obj("percent", 10), "target", obj("session_id", visitor.sessionId())), f.tenant().owner());
            assertEquals(2, toSession.json().getInt("delivered"), toSession::toString);
            assertEquals(10, widget.next("offer").getJsonObject("data").getInt("percent"));
            assertTrue(socket.framesUntilPong().stream().noneMatch(frame -> frame.getString("type")
                    .equals("price_change")), "no tenant-wide event");

            socket.send(obj("type", "send_message", "chat_id", chatId, "message_type", "image",
                    "media_url", "https://tracker.example/pixel.gif"));
            JsonObject refused = socket.next("error");
            assertEquals("validation_failed", refused.getString("error"));
            assertTrue(refused.getString("message").startsWith("media_url:"), refused::toString);

            Api.Reply closed = Api.patch("/api/v1/tenants/" + f.tenant().slug(),
                    obj("settings", obj("anonymous_access", false)), f.tenant().owner());
            assertEquals(200, closed.status());
            assertEquals(1008, widget.awaitClose(WsClient.WAIT).code());
            assertEquals("authentication required", socket.awaitClose(WsClient.WAIT).reason());
            assertEquals(403, visitor.say(chatId, "still there?").status());
        }
    }

    @Test
    void visitorLimitsAnswer429WithRetryAfter() {
        VisitorFixture f = VisitorFixture.create();
        VisitorFixture.Visitor visitor = f.visitor();
        for (int i = 0; i < 5; i++) {
            visitor.openChat(); // the test server allows 5 new chats per address and hour
        }
        Api.Reply refused = Api.post("/api/v1/chat/", obj("session_id", visitor.sessionId()), visitor.headers());
        assertEquals(429, refused.status(), refused::toString);
        assertEquals("rate_limited", refused.error());
        assertTrue(Long.parseLong(refused.header("Retry-After")) > 0);

        VisitorFixture.Visitor chatty = f.visitor();
        String chatId = chatty.openChat().getString("id");
        try (WsClient socket = WsClient.connect("/ws?tenant_id=" + f.tenant().slug() + "&session_id="
                + chatty.sessionId())) {
            socket.next("connected");
            for (int i = 0; i < 10; i++) { // 10 a minute per visitor, over REST and sockets together
                socket.send(obj("type", "send_message", "chat_id", chatId, "content", "message " + i));
                socket.next("message_ack");
            }
            socket.send(obj("type", "send_message", "chat_id", chatId, "content", "one too many"));
            JsonObject error = socket.next("error");
            assertEquals("rate_limited", error.getString("error"));
            assertEquals(chatId, error.getString("chat_id"));
        }
        Api.Reply overRest = chatty.say(chatId, "and over REST?");
        assertEquals(429, overRest.status());
        assertNotEquals(null, overRest.header("Retry-After"));
    }
}
