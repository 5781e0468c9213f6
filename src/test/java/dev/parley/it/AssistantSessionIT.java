package dev.parley.it;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Assistant sessions as seed 003's PromptCraft client uses them, over the wire. */
@ExtendWith(ArquillianExtension.class)
class AssistantSessionIT {

    static final String QUESTION = "How do I write a product description?";

    /** A tenant whose knowledge base answers {@link #QUESTION}. */
    static TestTenant tenantWithKnowledge() {
        TestTenant tenant = TestTenant.signUp();
        Api.Reply created = Api.post("/api/v1/knowledge", obj("title", "Writing product descriptions", "body",
                "A good product description names the customer, the problem the product solves and one concrete "
                        + "benefit, in under 80 words."), tenant.owner());
        assertEquals(201, created.status(), created::toString);
        return tenant;
    }

    /** Seed 003's way in: the session URL with its trailing slash, then an authenticate frame. */
    static WsClient session(String sessionId, String token) {
        WsClient socket = WsClient.connect("/ws/chat/" + sessionId + "/");
        socket.send(obj("type", "authenticate", "token", token));
        return socket;
    }

    static String sessionId(String user) {
        return "session_user_" + user + "_" + System.nanoTime();
    }

    @Test
    void aChatMessageIsAnsweredByTypingStartTheReplyAndTypingStopInThatOrder() {
        TestTenant tenant = tenantWithKnowledge();
        String token = tenant.customer().getString("access_token");
        String sessionId = sessionId("7");
        try (WsClient socket = session(sessionId, token)) {
            JsonObject ack = socket.next();
            assertEquals("connection_ack", ack.getString("type"), ack::toString);
            assertEquals(sessionId, ack.getString("session_id"));
            assertEquals("customer", ack.getString("participant_type"));
            UUID.fromString(ack.getString("chat_id"));
            assertTrue(ack.getJsonArray("history").isEmpty());

            socket.send(obj("type", "chat_message", "content", QUESTION, "message_id", "m-1"));
            assertEquals("typing_start", socket.next().getString("type"));
            JsonObject reply = socket.next();
            assertEquals("message", reply.getString("type"), reply::toString);
            assertEquals("m-1", reply.getString("in_reply_to"));
            assertTrue(reply.getJsonNumber("message_id").longValue() > 0);
            assertTrue(reply.getString("content").contains("80 words"), reply::toString);
            assertTrue(reply.getJsonNumber("processing_time_ms").longValue() >= 0);
            assertTrue(reply.containsKey("timestamp") && reply.containsKey("template_suggestions"));
            assertEquals("typing_stop", socket.next().getString("type"));
        }
    }

    @Test
    void anAssistantFailureIsAnErrorBetweenTypingStartAndTypingStop() {
        TestTenant tenant = TestTenant.signUp();
        Api.patch("/api/v1/tenants/" + tenant.slug(), obj("settings", obj("assistant",
                obj("mode", "remote", "instructions", "scenario:error"))), tenant.owner());
        try (WsClient socket = session(sessionId("8"), tenant.ownerToken())) {
            assertEquals("connection_ack", socket.next().getString("type"));
            socket.send(obj("type", "chat_message", "content", "Hello?", "message_id", "m-1"));
            assertEquals("typing_start", socket.next().getString("type"));
            JsonObject error = socket.next();
            assertEquals("error", error.getString("type"), error::toString);
            assertTrue(error.getString("message").contains("ask for a person"), error::toString);
            assertEquals("typing_stop", socket.next().getString("type"));
        }
    }

    @Test
    void theSameCallerResumesItsSessionAndNobodyElseGetsIn() {
        TestTenant tenant = tenantWithKnowledge();
        JsonObject customer = tenant.customer();
        String token = customer.getString("access_token");
        String sessionId = sessionId("9");
        String chatId;
        try (WsClient socket = session(sessionId, token)) {
            chatId = socket.next("connection_ack").getString("chat_id");
            socket.send(obj("type", "chat_message", "content", QUESTION, "message_id", "m-1"));
            socket.next("typing_stop");
        }
        // Again, on the URL without its trailing slash, with the token in the query this time.
        try (WsClient again = WsClient.connect("/ws/chat/" + sessionId + "?token=" + token)) {
            JsonObject ack = again.next();
            assertEquals("connection_ack", ack.getString("type"));
            assertEquals(chatId, ack.getString("chat_id"), "the same session");
            JsonArray history = ack.getJsonArray("history");
            assertEquals(2, history.size(), history::toString);
            assertEquals(QUESTION, history.getJsonObject(0).getString("content"));
            assertEquals("user", history.getJsonObject(0).getString("role"));
            assertEquals("assistant", history.getJsonObject(1).getString("role"));
        }
        String otherCustomer = tenant.customer().getString("access_token");
        for (String stranger : List.of(otherCustomer, tenant.ownerToken(), TestTenant.signUp().ownerToken())) {
            try (WsClient refused = session(sessionId, stranger)) {
                WsClient.Close close = refused.awaitClose(WsClient.WAIT);
                assertEquals(1008, close.code());
                assertEquals("session belongs to someone else", close.reason());
            }
        }
    }

    @Test
    void savingTheConversationMakesATemplateThatIsListedAndSuggestedLater() {
        TestTenant tenant = tenantWithKnowledge();
        String token = tenant.customer().getString("access_token");
        JsonObject created;
        try (WsClient socket = session(sessionId("10"), token)) {
            socket.next("connection_ack");
            socket.send(obj("type", "chat_message", "content", QUESTION, "message_id", "m-1"));
            assertEquals(List.of("typing_start", "message", "typing_stop"), types(socket, 3));
            socket.send(obj("type", "chat_message", "content", "And for a kettle, in under 80 words?",
                    "message_id", "m-2"));
            assertEquals(List.of("typing_start", "message", "typing_stop"), types(socket, 3));
            JsonObject opportunity = socket.next();
            assertEquals("template_opportunity", opportunity.getString("type"), "right after the second reply");
            JsonObject suggestion = opportunity.getJsonObject("suggestion");
            assertEquals("How do I write a product description", suggestion.getString("title"));
            assertEquals("writing", suggestion.getString("category"));
            assertTrue(suggestion.getJsonNumber("confidence").doubleValue() > 0);
            assertFalse(suggestion.getString("reasoning").isBlank());

            socket.send(obj("type", "save_conversation_as_template", "title", "Product descriptions",
                    "category", "writing", "include_ai_responses", false, "description", "For shop pages"));
            created = socket.next("template_created").getJsonObject("template");
            assertEquals("Product descriptions", created.getString("title"));
            String content = created.getString("content");
            assertTrue(content.startsWith("User: " + QUESTION), content);
            assertFalse(content.contains("Assistant:"), "without the assistant's replies, as asked: " + content);

            socket.send(obj("type", "save_conversation_as_template", "category", "writing"));
            assertTrue(socket.next("error").getString("message").contains("title"));
        }
        long id = created.getJsonNumber("id").longValue();
        JsonObject listed = Api.get("/api/v1/templates?category=writing", tenant.owner()).json();
        assertEquals(id, listed.getJsonArray("items").getJsonObject(0).getJsonNumber("id").longValue());
        assertEquals(1, Api.get("/api/v1/templates?q=product%20description", tenant.owner()).json().getInt("total"));
        assertEquals(0, Api.get("/api/v1/templates?category=coding", tenant.owner()).json().getInt("total"));
        assertEquals(404, Api.get("/api/v1/templates/" + id, TestTenant.signUp().owner()).status());
        assertEquals(403, Api.get("/api/v1/templates", Api.bearer(token)).status());
        Api.Reply renamed = Api.patch("/api/v1/templates/" + id, obj("title", "Shop descriptions"), tenant.owner());
        assertEquals("Shop descriptions", renamed.json().getString("title"));
        assertEquals("For shop pages", renamed.json().getString("description"), "only what was given changes");

        try (WsClient later = session(sessionId("11"), token)) {
            later.next("connection_ack");
            later.send(obj("type", "chat_message", "content", "Help me write a product description for a lamp",
                    "message_id", "m-1"));
            JsonArray suggestions = later.next("message").getJsonArray("template_suggestions");
            assertEquals(id, suggestions.getJsonObject(0).getJsonNumber("id").longValue(), suggestions::toString);
        }
        assertEquals(204, Api.delete("/api/v1/templates/" + id, tenant.owner()).status());
        assertEquals(404, Api.get("/api/v1/templates/" + id, tenant.owner()).status());
    }

    @Test
    void optimisingABarePromptChangesMuchAndACompleteOneNothing() {
        TestTenant tenant = TestTenant.signUp();
        try (WsClient socket = session(sessionId("12"), tenant.ownerToken())) {
            socket.next("connection_ack");
            socket.send(obj("type", "optimize_prompt", "message_id", "p-1", "content", "kettle description"));
            JsonObject bare = socket.next("optimization_result");
            assertEquals("p-1", bare.getString("message_id"));
            assertTrue(bare.getBoolean("changed"));
            assertNotEquals("kettle description", bare.getString("optimized_prompt"));
            assertTrue(bare.getString("optimized_prompt").contains("Kettle description"));
            double bareConfidence = bare.getJsonNumber("confidence").doubleValue();
            assertTrue(bareConfidence > 0.5 && bareConfidence <= 1, bare::toString);

            String complete = "You are a senior copywriter. Write a product description for our new kettle; our "
                    + "audience is busy parents. Use at most 80 words and avoid jargon. Format: three bullet points.";
            socket.send(obj("type", "optimize_prompt", "message_id", "p-2", "content", complete));
            JsonObject done = socket.next("optimization_result");
            assertFalse(done.getBoolean("changed"), "never an unchanged prompt presented as optimised");
            assertEquals(0.0, done.getJsonNumber("confidence").doubleValue());
            assertTrue(done.getJsonNumber("confidence").doubleValue() < bareConfidence);

            socket.send(obj("type", "optimize_prompt", "message_id", "p-3", "content", " "));
            assertTrue(socket.next("error").getString("message").contains("content"));
        }
    }

    @Test
    void badInputIsAnErrorAndTheSessionKeepsWorking() {
        TestTenant tenant = tenantWithKnowledge();
        try (WsClient socket = session(sessionId("13"), tenant.ownerToken())) {
            socket.next("connection_ack");
            socket.send(obj("type", "make_coffee"));
            assertTrue(socket.next("error").getString("message").contains("make_coffee"));
            socket.send(obj("type", "chat_message", "message_id", "m-1"));
            assertTrue(socket.next("error").getString("message").contains("content"));
            socket.sendText("{not json");
            assertEquals("invalid_json", socket.next("error").getString("error"));
            for (int i = 0; i < 50; i++) { // a flood: past the burst, frames are refused, not the connection
                socket.send(obj("type", "ping"));
            }
            List<JsonObject> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                answers.add(socket.next());
            }
            assertTrue(answers.stream().anyMatch(a -> "rate_limited".equals(a.getString("error", null))), "refused");
            awaitRefilled(socket);
            socket.send(obj("type", "chat_message", "content", QUESTION, "message_id", "m-2"));
            assertEquals("typing_start", socket.next("typing_start").getString("type"));
            assertTrue(socket.next("message").getString("content").contains("80 words"), "still answers");
            socket.sendText("{\"type\":\"chat_message\",\"content\":\"" + "x".repeat(70_000) + "\"}");
            assertEquals(1009, socket.awaitClose(WsClient.WAIT).code());
        }
        try (WsClient chatSocket = WsClient.connectAs("user", tenant.ownerToken())) {
            chatSocket.send(obj("type", "chat_message", "content", "hi"));
            assertEquals("not_a_session", chatSocket.next("error").getString("error"));
        }
    }

    @Test
    void anonymousSessionsNeedTheTenantsAnonymousAccessAndAnUnguessableId() {
        VisitorFixture f = VisitorFixture.create();
        String sessionId = UUID.randomUUID().toString();
        try (WsClient socket = WsClient.connect("/ws/chat/" + sessionId + "/?tenant_id=" + f.tenant().slug())) {
            JsonObject ack = socket.next();
            assertEquals("connection_ack", ack.getString("type"));
            assertEquals("visitor", ack.getString("participant_type"));
        }
        try (WsClient weak = WsClient.connect("/ws/chat/session_user_1_1733400000000/?tenant_id=" + f.tenant().slug())) {
            assertEquals("invalid session id", weak.awaitClose(WsClient.WAIT).reason());
        }
        TestTenant closed = TestTenant.signUp();
        try (WsClient refused = WsClient.connect("/ws/chat/" + UUID.randomUUID() + "/?tenant_id=" + closed.slug())) {
            assertEquals("authentication required", refused.awaitClose(WsClient.WAIT).reason());
        }
    }

    /** The types of the next {@code count} frames, in order. */
    private static List<String> types(WsClient socket, int count) {
        List<String> types = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            types.add(socket.next().getString("type"));
        }
        return types;
    }

    /**
     * Waits until the flood's allowance has refilled (20 frames a second): pings until one is answered,
     * then a moment more, since that pong took the one frame there was.
     */
    private static void awaitRefilled(WsClient socket) {
        for (int attempt = 0; attempt < 50; attempt++) {
            socket.send(obj("type", "ping"));
            boolean answered = "pong".equals(socket.next().getString("type"));
            pause(answered ? 500 : 100);
            if (answered) {
                return;
            }
        }
        throw new AssertionError("the connection never accepted frames again");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
