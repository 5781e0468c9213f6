package dev.parley.it;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Authentication, bad input, limits and tenant isolation on the WebSocket. */
@ExtendWith(ArquillianExtension.class)
class ChatSocketRulesIT {

    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    @Test
    void anAuthFrameAuthenticatesAConnectionOpenedWithoutAToken() {
        ChatFixture f = ChatFixture.create();
        try (WsClient socket = WsClient.connect("/ws")) {
            socket.send(obj("type", "join_chat", "chat_id", f.chatId()));
            assertEquals("authentication_required", socket.next("error").getString("error"));
            socket.send(obj("type", "authenticate", "token", f.customerToken()));
            JsonObject connected = socket.next("connected");
            assertEquals("customer", connected.getString("participant_type"));
            f.join(socket);
        }
    }

    @Test
    void aBearerHeaderAuthenticatesNonBrowserClients() {
        ChatFixture f = ChatFixture.create();
        try (WsClient socket = WsClient.connect("/ws", "Authorization", "Bearer " + f.customerToken())) {
            JsonObject connected = socket.next();
            assertEquals("connected", connected.getString("type"));
            assertEquals(f.customerId(), connected.getJsonNumber("participant_id").longValue());
        }
    }

    @Test
    void withoutAuthenticationTheConnectionIsClosedAfterTheWindow() {
        try (WsClient socket = WsClient.connect("/ws")) {
            WsClient.Close close = socket.awaitClose(CLOSE_WAIT);
            assertEquals(1008, close.code());
            assertEquals("authentication required", close.reason());
        }
    }

    @Test
    void everyAuthenticationFailureClosesWith1008AndAReason() {
        ChatFixture f = ChatFixture.create();
        TestTenant other = TestTenant.signUp();
        String expired = TestTokens.withExpiry(f.staffToken(), -120);
        String[][] cases = {
                {"/ws?token=not-a-token", "invalid token"},
                {"/ws?token=" + expired, "token expired"},
                {"/ws?token=" + f.staffToken() + "&tenant_id=" + other.id(), "tenant mismatch"},
                {"/ws?token=" + f.staffToken() + "&tenant_id=" + other.slug(), "tenant mismatch"},
                {"/api/v1/chat/ws/chat/customer?token=" + f.staffToken(), "participant type mismatch"},
        };
        for (String[] c : cases) {
            try (WsClient socket = WsClient.connect(c[0])) {
                WsClient.Close close = socket.awaitClose(CLOSE_WAIT);
                assertEquals(1008, close.code(), c[0]);
                assertEquals(c[1], close.reason(), c[0]);
            }
        }
        try (WsClient ok = WsClient.connect("/ws?token=" + f.staffToken() + "&tenant_id=" + f.tenant().slug())) {
            assertEquals("connected", ok.next().getString("type"), "naming the token's own tenant is fine");
        }
    }

    @Test
    void handshakesFromOriginsNotAllowedAreRefused() {
        ChatFixture f = ChatFixture.create();
        CompletionException refused = assertThrows(CompletionException.class,
                () -> WsClient.connect("/ws?token=" + f.staffToken(), "Origin", "https://evil.example"));
        assertTrue(refused.getCause() instanceof java.net.http.WebSocketHandshakeException, refused.toString());
        assertEquals(403, ((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
        try (WsClient allowed = WsClient.connect("/ws?token=" + f.staffToken(), "Origin", "http://localhost:3000")) {
            assertEquals("connected", allowed.next().getString("type"));
        }
    }

    @Test
    void badFramesGetErrorsAndTheConnectionKeepsWorking() {
        ChatFixture f = ChatFixture.create();
        ChatFixture other = ChatFixture.create();
        try (WsClient socket = f.staffSocket()) {
            Object[][] cases = {
                    {"{not json", "invalid_json"},
                    {"[1,2]", "invalid_frame"},
                    {"{\"chat_id\":1}", "invalid_frame"},
                    {"{\"type\":\"dance\"}", "unknown_type"},
                    {"{\"type\":\"join_chat\"}", "validation_failed"},
                    {"{\"type\":\"join_chat\",\"chat_id\":\"one\"}", "validation_failed"},
                    {"{\"type\":\"typing\",\"chat_id\":" + f.chatId() + "}", "validation_failed"},
                    {"{\"type\":\"send_message\",\"chat_id\":" + f.chatId() + ",\"content\":\"\"}", "validation_failed"},
                    {"{\"type\":\"join_chat\",\"chat_id\":" + other.chatId() + "}", "not_found"},
                    {"{\"type\":\"send_message\",\"chat_id\":" + other.chatId() + ",\"content\":\"x\"}", "not_found"},
                    {"{\"type\":\"read_message\",\"chat_id\":" + f.chatId() + ",\"message_id\":999999}", "not_found"},
            };
            for (Object[] c : cases) {
                socket.sendText((String) c[0]);
                JsonObject error = socket.next("error");
                assertEquals(c[1], error.getString("error"), c[0] + " -> " + error);
                socket.send(obj("type", "ping"));
                socket.next("pong");
            }
            f.join(socket);
            socket.send(obj("type", "send_message", "chat_id", f.chatId(), "content", "still fine"));
            assertEquals(1, socket.next("message_ack").getJsonNumber("seq").longValue());
        }
    }

    @Test
    void anErrorNamesTheChatAndClientMessageIdOfTheFrameItRefuses() {
        ChatFixture f = ChatFixture.create();
        ChatFixture other = ChatFixture.create();
        try (WsClient socket = f.staffSocket()) {
            // Refused while parsing (an empty text) and while handling (another tenant's chat).
            socket.send(obj("type", "send_message", "chat_id", f.chatId(), "content", "", "client_message_id", "c-1"));
            JsonObject invalid = socket.next("error");
            assertEquals("validation_failed", invalid.getString("error"));
            assertEquals(f.chatId(), invalid.getJsonNumber("chat_id").longValue());
            assertEquals("c-1", invalid.getString("client_message_id"));

            socket.send(obj("type", "send_message", "chat_id", other.chatId(), "content", "x", "client_message_id", "c-2"));
            JsonObject notFound = socket.next("error");
            assertEquals("not_found", notFound.getString("error"));
            assertEquals(other.chatId(), notFound.getJsonNumber("chat_id").longValue());
            assertEquals("c-2", notFound.getString("client_message_id"));

            socket.send(obj("type", "join_chat", "chat_id", other.chatId()));
            JsonObject join = socket.next("error");
            assertEquals(other.chatId(), join.getJsonNumber("chat_id").longValue());
            assertFalse(join.containsKey("client_message_id"), "what the frame did not have is left out: " + join);
        }
    }

    @Test
    void anotherTenantsChatIsNotFoundAndItsTrafficNeverArrives() {
        ChatFixture victim = ChatFixture.create();
        ChatFixture intruder = ChatFixture.create();
        try (WsClient owner = victim.staffSocket(); WsClient spy = intruder.staffSocket()) {
            victim.join(owner);
            long chat = victim.chatId();
            String[] attempts = {
                    "{\"type\":\"join_chat\",\"chat_id\":" + chat + ",\"since_seq\":0}",
                    "{\"type\":\"send_message\",\"chat_id\":" + chat + ",\"content\":\"x\"}",
                    "{\"type\":\"typing\",\"chat_id\":" + chat + ",\"is_typing\":true}",
                    "{\"type\":\"read_message\",\"chat_id\":" + chat + ",\"message_id\":1}",
            };
            for (String attempt : attempts) {
                spy.sendText(attempt);
                assertEquals("not_found", spy.next("error").getString("error"), attempt);
            }
            owner.send(obj("type", "send_message", "chat_id", chat, "content", "secret"));
            owner.next("message_ack");
            owner.send(obj("type", "typing", "chat_id", chat, "is_typing", true));
            assertTrue(spy.drain(null, Duration.ofMillis(800)).isEmpty(), "the intruder receives nothing");
            assertTrue(owner.drain("typing", Duration.ofMillis(300)).isEmpty(), "nor does the owner hear the intruder");
        }
    }

    @Test
    void framesOverTheSizeLimitClose1009() {
        ChatFixture f = ChatFixture.create();
        try (WsClient socket = f.staffSocket()) {
            socket.sendText("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
            assertEquals(1009, socket.awaitClose(CLOSE_WAIT).code());
        }
    }

    @Test
    void floodingIsRateLimitedThenClosed() {
        ChatFixture f = ChatFixture.create();
        try (WsClient socket = f.staffSocket()) {
            for (int i = 0; i < 200 && !socket.isClosed(); i++) {
                socket.sendText("{\"type\":\"ping\"}");
            }
            WsClient.Close close = socket.awaitClose(CLOSE_WAIT);
            assertEquals(1008, close.code());
            assertEquals("rate limit exceeded", close.reason());
            assertEquals("rate_limited", socket.next("error").getString("error"));
        }
    }

    /**
     * 2,000 frames in one write, all in the socket before Parley reads them: the client still gets
     * {@code rate_limited} and a 1008 close frame, not a reset connection (1006).
     */
    @Test
    void aBurstOfFramesIsRateLimitedThenClosedCleanly() throws Exception {
        ChatFixture f = ChatFixture.create();
        try (StalledSocket socket = StalledSocket.open("/ws?token=" + f.staffToken(), 1 << 20)) {
            socket.sendAtOnce("{\"type\":\"ping\"}", 2000);
            List<String> texts = new ArrayList<>();
            assertEquals(1008, socket.readUntilClose(texts), () -> "frames before the end: " + texts.size());
            assertTrue(texts.stream().anyMatch(t -> t.contains("\"rate_limited\"")), texts::toString);
        }
    }

    @Test
    void anExpiringTokenEndsTheConnectionUnlessRefreshed() {
        ChatFixture f = ChatFixture.create();
        String shortLived = TestTokens.withExpiry(f.staffToken(), 2);
        try (WsClient refreshed = WsClient.connect("/ws?token=" + shortLived);
             WsClient expiring = WsClient.connect("/ws?token=" + shortLived)) {
            assertEquals("connected", refreshed.next().getString("type"));
            assertEquals("connected", expiring.next().getString("type"));
            refreshed.send(obj("type", "refresh_token", "token", f.staffToken()));
            assertTrue(refreshed.next("token_refreshed").getString("expires_at").endsWith("Z"));

            WsClient.Close close = expiring.awaitClose(CLOSE_WAIT);
            assertEquals(1008, close.code());
            assertEquals("token expired", close.reason());
            refreshed.send(obj("type", "ping"));
            refreshed.next("pong");
        }
    }

    @Test
    void idleConnectionsAreClosed() {
        ChatFixture f = ChatFixture.create();
        try (WsClient socket = f.staffSocket()) {
            WsClient.Close close = socket.awaitClose(Duration.ofSeconds(15));
            assertEquals(1001, close.code());
            assertEquals("idle timeout", close.reason());
        }
    }
}
