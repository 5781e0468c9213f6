package dev.parley.it;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The remote assistant against a real HTTP server that speaks the
 * OpenAI-compatible streaming API ({@link FakeModel}): a normal stream, a
 * model too slow for the timeout, an error status, a malformed and a
 * truncated stream, a refused connection; cancelling keeps what was written,
 * and a takeover drops the reply in flight. Every way ends with typing
 * cleared and something the visitor can read.
 */
@ExtendWith(ArquillianExtension.class)
class RemoteAssistantIT {

    @Test
    void aStreamedAnswerArrivesAsDeltasThenAsTheFinalMessageWithTheSameId() {
        VisitorFixture f = VisitorFixture.create();
        f.assistant("mode", "remote", "name", "Ava", "instructions", "Be brief. scenario:stream");
        JsonObject tenant = Api.get("/api/v1/tenants/" + f.tenant().slug(), f.tenant().owner()).json();
        assertEquals("remote", tenant.getJsonObject("settings").getJsonObject("assistant").getString("effective_mode"));
        VisitorFixture.Visitor visitor = f.visitor();
        String chatId = visitor.openChat().getString("id");
        try (WsClient socket = visitorSocket(f, visitor, chatId, true)) {
            socket.send(obj("type", "send_message", "chat_id", chatId, "content", "When are you open on Saturday?"));
            assertTrue(socket.next("typing").getBoolean("is_typing"));
            StringBuilder streamed = new StringBuilder();
            long messageId = -1;
            for (int index = 0; index < FakeModel.ANSWER.size(); index++) {
                JsonObject delta = socket.next("message_delta");
                assertEquals(index, delta.getInt("index"));
                assertEquals(chatId, delta.getString("chat_id"));
                messageId = delta.getJsonNumber("message_id").longValue();
                streamed.append(delta.getString("delta"));
            }
            JsonObject reply = assistantMessage(socket);
            assertEquals(messageId, reply.getJsonNumber("id").longValue(), "the deltas named the final message");
            assertEquals(String.join("", FakeModel.ANSWER), reply.getString("content"));
            assertEquals(streamed.toString(), reply.getString("content"));
            assertEquals("stop", reply.getJsonObject("metadata").getString("finish_reason"));
            assertEquals("Ava", reply.getString("sender_name"));
            assertFalse(socket.next("typing").getBoolean("is_typing"));
        }
        String sent = FakeModel.running().requests().stream().filter(body -> body.contains("When are you open"))
                .reduce((first, second) -> second).orElseThrow();
        assertTrue(sent.contains("Be brief."), "the tenant's instructions: " + sent);
        assertTrue(sent.contains(VisitorFixture.HOURS_TITLE), "the knowledge base's best passage: " + sent);
        assertTrue(sent.contains("\"stream\":true"), sent);
    }

    @Test
    void withoutStreamingTheWidgetOverRestGetsTheWholeReply() {
        VisitorFixture f = VisitorFixture.create();
        f.assistant("mode", "remote", "instructions", "scenario:stream");
        VisitorFixture.Visitor visitor = f.visitor();
        String chatId = visitor.openChat().getString("id");
        Api.Reply reply = visitor.say(chatId, "Hello?");
        assertEquals(201, reply.status(), reply::toString);
        assertEquals(String.join("", FakeModel.ANSWER), reply.json().getString("content"));
    }

    @Test
    void aModelTooSlowForTheTimeoutEndsInAReadableTimeout() {
        assertFailureReaches("scenario:slow", "timeout");
    }

    @Test
    void anErrorStatusEndsInAReadableError() {
        assertFailureReaches("scenario:error", "error");
    }

    @Test
    void aMalformedStreamEndsInAReadableError() {
        assertFailureReaches("scenario:malformed", "error");
    }

    @Test
    void aTruncatedStreamEndsInAReadableError() {
        assertFailureReaches("scenario:truncated", "error");
    }

    @Test
    void aRefusedConnectionEndsInAReadableError() throws Exception {
        FakeModel.running().refuse();
        try {
            assertFailureReaches("scenario:stream", "error");
        } finally {
            FakeModel.running().listen();
        }
    }

    private static void assertFailureReaches(String scenario, String finishReason) {
        VisitorFixture f = VisitorFixture.create();
        f.assistant("mode", "remote", "instructions", scenario);
        VisitorFixture.Visitor visitor = f.visitor();
        String chatId = visitor.openChat().getString("id");
        try (WsClient socket = visitorSocket(f, visitor, chatId, false)) {
            socket.send(obj("type", "send_message", "chat_id", chatId, "content", "Are you open on Sunday?"));
            assertTrue(socket.next("typing").getBoolean("is_typing"));
            JsonObject reply = assistantMessage(socket);
            assertEquals(finishReason, reply.getJsonObject("metadata").getString("finish_reason"), reply::toString);
            assertTrue(reply.getString("content").contains("ask for a person"), "readable: " + reply);
            assertFalse(socket.next("typing").getBoolean("is_typing"), "typing cleared");
        }
        JsonObject listed = Api.get("/api/v1/chat/chats/" + chatId, f.tenant().owner()).json();
        assertTrue(listed.getBoolean("needs_attention"), "staff see that it failed");
    }

    @Test
    void stopGenerationKeepsThePartialReply() {
        VisitorFixture f = VisitorFixture.create();
        f.assistant("mode", "remote", "instructions", "scenario:long");
        VisitorFixture.Visitor visitor = f.visitor();
        String chatId = visitor.openChat().getString("id");
        try (WsClient socket = visitorSocket(f, visitor, chatId, true)) {
            socket.send(obj("type", "send_message", "chat_id", chatId, "content", "Tell me everything"));
            assertTrue(socket.next("typing").getBoolean("is_typing"));
            socket.next("message_delta");
            socket.next("message_delta");
            socket.send(obj("type", "stop_generation", "chat_id", chatId));
            JsonObject reply = assistantMessage(socket);
            assertEquals("cancelled", reply.getJsonObject("metadata").getString("finish_reason"));
            assertTrue(reply.getString("content").startsWith("word0 word1"), reply::toString);
            assertFalse(reply.getString("content").contains("word39"), "stopped before the end");
            assertFalse(socket.next("typing").getBoolean("is_typing"));
        }
    }

    @Test
    void aTakeoverWhileTheReplyStreamsDropsIt() {
        VisitorFixture f = VisitorFixture.create();
        f.assistant("mode", "remote", "instructions", "scenario:long");
        VisitorFixture.Visitor visitor = f.visitor();
        String chatId = visitor.openChat().getString("id");
        try (WsClient socket = visitorSocket(f, visitor, chatId, true)) {
            socket.send(obj("type", "send_message", "chat_id", chatId, "content", "Tell me everything"));
            assertTrue(socket.next("typing").getBoolean("is_typing"));
            socket.next("message_delta");
            Api.Reply taken = Api.post("/api/v1/chat/chats/" + chatId + "/takeover", obj(), f.tenant().owner());
            assertEquals(200, taken.status(), taken::toString);
            assertEquals("human", socket.next("handoff").getString("handled_by"));
            assertFalse(socket.next("typing").getBoolean("is_typing"), "typing cleared on takeover");
            List<JsonObject> after = socket.framesUntilPong();
            assertTrue(after.stream().noneMatch(frame -> frame.getString("type").equals("message")
                            && frame.getJsonObject("message").getString("sender_type").equals("assistant")),
                    "nothing from the assistant: " + after);
        }
        JsonObject history = Api.get("/api/v1/chat/" + chatId + "/messages", visitor.headers()).json();
        assertTrue(history.getJsonArray("items").stream().map(item -> item.asJsonObject().getString("sender_type"))
                .noneMatch("assistant"::equals), "the dropped reply was never stored: " + history);
        assertEquals(2, history.getInt("total"), "the question and the notice of who joined: " + history);
    }

    /** A visitor's socket on Parley's own path (not the widget's), joined to its chat. */
    private static WsClient visitorSocket(VisitorFixture f, VisitorFixture.Visitor visitor, String chatId,
                                          boolean stream) {
        WsClient socket = WsClient.connect("/ws?tenant_id=" + f.tenant().slug() + "&session_id="
                + visitor.sessionId() + (stream ? "&stream=1" : ""));
        assertEquals("connected", socket.next().getString("type"));
        socket.send(obj("type", "join_chat", "chat_id", chatId));
        socket.next("chat_joined");
        return socket;
    }

    private static JsonObject assistantMessage(WsClient socket) {
        while (true) {
            JsonObject message = socket.next("message").getJsonObject("message");
            if (message.getString("sender_type").equals("assistant")) {
                return message;
            }
        }
    }
}
