package dev.parley.it;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.media.MediaSamples;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An attacker with a tenant of its own, over REST and WebSocket: every route and frame with the victim
 * tenant's ids, its own token with the victim's tenant named, slugs and ids swapped, visitor sessions
 * swapped, and forged tokens. Each is refused, and the refusal for another tenant's id is the same as for
 * an id that exists nowhere, so nothing reveals what exists. Nothing secret reaches the server's log.
 */
@ExtendWith(ArquillianExtension.class)
class SecurityIT {

    /** A number no tenant's row has: what "exists nowhere" looks like. */
    private static final long NOWHERE = 987_654_321L;

    /** The victim's resources, made over the API. */
    private record Victim(ChatFixture f, long messageId, long entryId, long templateId, long apiKeyId, String fileKey,
                          String visitorChatKey, String visitorSession) {
    }

    private static Victim victim() {
        ChatFixture f = ChatFixture.create();
        Api.Reply message = Api.post(f.messages(), obj("content", "private"), Api.bearer(f.staffToken()));
        assertEquals(201, message.status(), message::toString);
        Api.Reply entry = Api.post("/api/v1/knowledge", obj("title", "Secret", "body", "The vault code is 1234."),
                f.tenant().owner());
        assertEquals(201, entry.status(), entry::toString);
        Api.Reply template = Api.post("/api/v1/templates", obj("title", "Secret", "content", "Private prompt"),
                f.tenant().owner());
        assertEquals(201, template.status(), template::toString);
        Api.Reply key = Api.post("/api/v1/tenants/" + f.tenant().id() + "/api-keys", obj("name", "k"), f.tenant().owner());
        assertEquals(201, key.status(), key::toString);
        String fileUrl = MediaIT.upload(f.staffToken(), "secret.txt", "text/plain", MediaSamples.text()).json()
                .getString("file_url");
        assertEquals(200, Api.patch("/api/v1/tenants/" + f.tenant().slug(),
                obj("settings", obj("anonymous_access", true)), f.tenant().owner()).status());
        String session = java.util.UUID.randomUUID().toString();
        Api.Reply visitorChat = Api.post("/api/v1/chat/", obj("session_id", session, "title", "Website Chat"),
                "X-Tenant-ID", f.tenant().slug(), "X-Forwarded-For", VisitorFixture.randomAddress());
        assertEquals(201, visitorChat.status(), visitorChat::toString);
        return new Victim(f, message.json().getJsonNumber("id").longValue(), entry.json().getJsonNumber("id").longValue(),
                template.json().getJsonNumber("id").longValue(), key.json().getJsonNumber("id").longValue(),
                fileUrl.substring(fileUrl.lastIndexOf('/') + 1), visitorChat.json().getString("id"), session);
    }

    /** One attack: the request with the victim's id, and the same request with an id that exists nowhere. */
    private record Attack(String method, String victimPath, String nowherePath, Object body) {
    }

    private static List<Attack> restAttacks(Victim v) {
        long chat = v.f().chatId();
        String[][] idRoutes = {
                {"GET", "/api/v1/users/%d"}, {"PATCH", "/api/v1/users/%d"}, {"DELETE", "/api/v1/users/%d"},
        };
        List<Attack> attacks = new ArrayList<>();
        for (String[] route : idRoutes) {
            attacks.add(new Attack(route[0], route[1].formatted(v.f().staffId()), route[1].formatted(NOWHERE),
                    route[0].equals("PATCH") ? obj("name", "Pwned") : null));
        }
        for (String method : new String[] {"GET", "PATCH", "DELETE"}) {
            Object body = method.equals("PATCH") ? obj("name", "Pwned") : null;
            attacks.add(new Attack(method, "/api/v1/customers/" + v.f().customerId(), "/api/v1/customers/" + NOWHERE, body));
            attacks.add(new Attack(method, "/api/v1/knowledge/" + v.entryId(), "/api/v1/knowledge/" + NOWHERE,
                    method.equals("PATCH") ? obj("title", "Pwned") : null));
            attacks.add(new Attack(method, "/api/v1/templates/" + v.templateId(), "/api/v1/templates/" + NOWHERE,
                    method.equals("PATCH") ? obj("title", "Pwned") : null));
            attacks.add(new Attack(method, "/api/v1/chat/chats/" + chat + "/messages/" + v.messageId(),
                    "/api/v1/chat/chats/" + NOWHERE + "/messages/" + NOWHERE,
                    method.equals("PATCH") ? obj("content", "Pwned") : null));
        }
        attacks.add(new Attack("GET", "/api/v1/chat/chats/" + chat, "/api/v1/chat/chats/" + NOWHERE, null));
        attacks.add(new Attack("PATCH", "/api/v1/chat/chats/" + chat, "/api/v1/chat/chats/" + NOWHERE,
                obj("title", "Pwned")));
        attacks.add(new Attack("GET", "/api/v1/chat/chats/" + chat + "/messages", "/api/v1/chat/chats/" + NOWHERE
                + "/messages", null));
        attacks.add(new Attack("POST", "/api/v1/chat/chats/" + chat + "/messages", "/api/v1/chat/chats/" + NOWHERE
                + "/messages", obj("content", "Pwned")));
        attacks.add(new Attack("POST", "/api/v1/chat/chats/" + chat + "/read", "/api/v1/chat/chats/" + NOWHERE + "/read",
                obj("up_to_message_id", v.messageId())));
        // A visitor chat is named by its key, never by a number; the staff routes take keys too.
        String nowhereKey = "00000000-0000-4000-8000-000000000000";
        for (String action : new String[] {"", "/messages", "/takeover", "/release"}) {
            String method = action.isEmpty() || action.equals("/messages") ? "GET" : "POST";
            attacks.add(new Attack(method, "/api/v1/chat/chats/" + v.visitorChatKey() + action,
                    "/api/v1/chat/chats/" + nowhereKey + action, method.equals("POST") ? obj() : null));
        }
        attacks.add(new Attack("GET", "/api/v1/tenants/" + v.f().tenant().slug(), "/api/v1/tenants/no-such-tenant", null));
        attacks.add(new Attack("GET", "/api/v1/tenants/" + v.f().tenant().id(),
                "/api/v1/tenants/" + nowhereKey, null));
        attacks.add(new Attack("PATCH", "/api/v1/tenants/" + v.f().tenant().slug(), "/api/v1/tenants/no-such-tenant",
                obj("name", "Pwned")));
        attacks.add(new Attack("GET", "/api/v1/tenants/" + v.f().tenant().id() + "/api-keys",
                "/api/v1/tenants/" + nowhereKey + "/api-keys", null));
        attacks.add(new Attack("DELETE", "/api/v1/tenants/" + v.f().tenant().id() + "/api-keys/" + v.apiKeyId(),
                "/api/v1/tenants/" + nowhereKey + "/api-keys/" + NOWHERE, null));
        return attacks;
    }

    @Test
    void everyRouteWithAnotherTenantsIdsAnswersAsIfNothingWereThere() {
        Victim v = victim();
        ChatFixture attacker = ChatFixture.create();
        List<Attack> attacks = restAttacks(v);
        int cases = 0;
        for (String[] credentials : new String[][] {attacker.tenant().owner(), Api.bearer(attacker.customerToken())}) {
            for (Attack attack : attacks) {
                Api.Reply onVictim = Api.send(attack.method(), attack.victimPath(), attack.body(), credentials);
                Api.Reply onNothing = Api.send(attack.method(), attack.nowherePath(), attack.body(), credentials);
                String what = attack.method() + " " + attack.victimPath();
                assertTrue(onVictim.status() == 403 || onVictim.status() == 404, what + " " + onVictim);
                assertEquals(onNothing.status(), onVictim.status(), what + ": the same as for nothing");
                assertEquals(onNothing.body().replace(attack.nowherePath(), ""),
                        onVictim.body().replace(attack.victimPath(), ""), what + ": the same answer as for nothing");
                cases++;
            }
        }
        // The account's own file key of the other tenant, over a bearer token and ?token=.
        for (String url : new String[] {"/api/v1/media/" + v.fileKey(), "/api/v1/media/" + v.fileKey() + "?token="
                + attacker.staffToken()}) {
            Api.Reply file = Api.get(url, url.contains("token=") ? new String[0] : attacker.tenant().owner());
            assertEquals(404, file.status(), url);
            cases++;
        }
        // Nothing changed on the victim's side.
        assertEquals("private", Api.get("/api/v1/chat/chats/" + v.f().chatId() + "/messages/" + v.messageId(),
                Api.bearer(v.f().staffToken())).json().getString("content"));
        assertEquals(200, Api.get("/api/v1/knowledge/" + v.entryId(), v.f().tenant().owner()).status());
        assertEquals(200, Api.get("/api/v1/users/" + v.f().staffId(), v.f().tenant().owner()).status());
        assertTrue(cases >= 60, "cases tried: " + cases);
        System.out.println("Cross-tenant REST cases refused: " + cases);
    }

    @Test
    void namingAnotherTenantBySlugOrIdWithOnesOwnTokenIsRefused() {
        Victim v = victim();
        ChatFixture attacker = ChatFixture.create();
        for (String name : new String[] {v.f().tenant().slug(), v.f().tenant().id()}) {
            for (String header : new String[] {"X-Tenant-ID", "X-Tenant", "Tenant-ID", "tenant"}) {
                Api.Reply reply = Api.get("/api/v1/chat/chats", "Authorization", "Bearer " + attacker.staffToken(),
                        header, name);
                assertEquals(403, reply.status(), header + ": " + name);
                assertEquals("tenant_mismatch", reply.error());
            }
            Api.Reply query = Api.get("/api/v1/chat/chats?tenant_id=" + name, Api.bearer(attacker.staffToken()));
            assertEquals(403, query.status());
            try (WsClient socket = WsClient.connect("/ws?token=" + attacker.staffToken() + "&tenant_id=" + name)) {
                assertEquals(1008, socket.awaitClose(WsClient.WAIT).code(), "a socket naming the victim: " + name);
            }
        }
        // A visitor of the attacker's tenant naming the victim's visitor chat, or the victim's session.
        assertEquals(200, Api.patch("/api/v1/tenants/" + attacker.tenant().slug(),
                obj("settings", obj("anonymous_access", true)), attacker.tenant().owner()).status());
        Api.Reply foreignChat = Api.get("/api/v1/chat/" + v.visitorChatKey(), "X-Tenant-ID", attacker.tenant().slug(),
                "X-Session-ID", v.visitorSession());
        assertEquals(404, foreignChat.status(), foreignChat::toString);
        Api.Reply otherSession = Api.get("/api/v1/chat/" + v.visitorChatKey(), "X-Tenant-ID", v.f().tenant().slug(),
                "X-Session-ID", java.util.UUID.randomUUID().toString());
        assertEquals(404, otherSession.status(), "the victim's chat under another session");
        Api.Reply foreignMessages = Api.post("/api/v1/chat/" + v.visitorChatKey() + "/messages",
                obj("content", "hi"), "X-Tenant-ID", attacker.tenant().slug(), "X-Forwarded-For",
                VisitorFixture.randomAddress());
        assertEquals(404, foreignMessages.status());
    }

    @Test
    void framesWithAnotherTenantsIdsAreNotFoundAndNothingReachesTheVictim() {
        Victim v = victim();
        ChatFixture attacker = ChatFixture.create();
        long chat = v.f().chatId();
        try (WsClient victimSocket = v.f().staffSocket(); WsClient spy = attacker.staffSocket()) {
            v.f().join(victimSocket);
            victimSocket.framesUntilPong(); // its own presence in the chat
            JsonObject[] attacks = {
                    obj("type", "join_chat", "chat_id", chat),
                    obj("type", "join_chat", "chat_id", v.visitorChatKey()),
                    obj("type", "send_message", "chat_id", chat, "content", "Pwned"),
                    obj("type", "send_message", "chat_id", v.visitorChatKey(), "content", "Pwned"),
                    obj("type", "read_message", "chat_id", chat, "message_id", v.messageId()),
                    obj("type", "leave_chat", "chat_id", chat),
                    obj("type", "typing", "chat_id", chat, "is_typing", true),
            };
            for (JsonObject attack : attacks) {
                spy.send(attack);
            }
            List<JsonObject> answers = spy.framesUntilPong();
            for (JsonObject answer : answers) {
                assertEquals("error", answer.getString("type"), answer::toString);
                assertEquals("not_found", answer.getString("error"), answer::toString);
            }
            assertTrue(answers.size() >= attacks.length - 2, "refused: " + answers); // leaving or typing may be silent
            assertEquals(List.of(), victimSocket.framesUntilPong(), "nothing reached the victim");
        }
    }

    /** Guessing ids around the victim's: the answers are all alike, whatever exists. */
    @Test
    void guessedIdsRevealNothing() {
        Victim v = victim();
        ChatFixture attacker = ChatFixture.create();
        String reference = Api.get("/api/v1/chat/chats/" + NOWHERE, attacker.tenant().owner()).body();
        for (long id = Math.max(1, v.f().chatId() - 20); id <= v.f().chatId() + 20; id++) {
            if (id == attacker.chatId()) {
                continue;
            }
            Api.Reply guess = Api.get("/api/v1/chat/chats/" + id, attacker.tenant().owner());
            assertEquals(404, guess.status(), "chat " + id);
            assertEquals(reference, guess.body(), "chat " + id);
        }
    }

    // Token attacks -----------------------------------------------------------------------------------------------

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String withClaim(String token, String name, Object value) throws Exception {
        JwtClaims claims = JwtClaims.parse(Tokens.claims(token).toString());
        claims.setClaim(name, value);
        return TestTokens.sign(claims);
    }

    private static List<String[]> forgedTokens(TestTenant victim, String valid) throws Exception {
        String[] parts = valid.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        List<String[]> forged = new ArrayList<>();
        forged.add(new String[] {"alg none", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + "."});
        // HS256 keyed with the server's public key, which anyone may have: the classic key confusion.
        Path publicKey = Path.of(System.getProperty("parley.it.work-dir", "target/it"), "keys", "jwt-public.pem");
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(Files.readAllBytes(publicKey), "HmacSHA256"));
        String hsInput = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + parts[1];
        forged.add(new String[] {"HS256 with the public key", hsInput + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(hmac.doFinal(hsInput.getBytes(StandardCharsets.US_ASCII)))});
        String tampered = payload.replace(Tokens.claims(valid).getString("tenant_id"), victim.id());
        forged.add(new String[] {"tenant_id tampered", parts[0] + "." + b64(tampered) + "." + parts[2]});
        forged.add(new String[] {"another issuer", withClaim(valid, "iss", "https://evil.example")});
        long now = System.currentTimeMillis() / 1000;
        forged.add(new String[] {"expired", withClaim(valid, "exp", now - 600)});
        JwtClaims early = JwtClaims.parse(Tokens.claims(valid).toString());
        early.setNotBefore(NumericDate.fromSeconds(now + 3600));
        forged.add(new String[] {"not yet valid", TestTokens.sign(early)});
        forged.add(new String[] {"no signature", parts[0] + "." + parts[1] + "."});
        forged.add(new String[] {"a refresh token", victim.ownerRefreshToken()});
        return forged;
    }

    @Test
    void forgedExpiredAndMisusedTokensAreRefusedOverRestAndSockets() throws Exception {
        TestTenant victim = TestTenant.signUp();
        ChatFixture attacker = ChatFixture.create();
        int cases = 0;
        for (String[] forged : forgedTokens(victim, attacker.staffToken())) {
            Api.Reply me = Api.get("/api/v1/auth/me", Api.bearer(forged[1]));
            assertEquals(401, me.status(), forged[0] + ": " + me);
            Api.Reply chats = Api.get("/api/v1/chat/chats", Api.bearer(forged[1]));
            assertEquals(401, chats.status(), forged[0] + ": " + chats);
            try (WsClient socket = WsClient.connect("/ws?token=" + forged[1])) {
                assertEquals(1008, socket.awaitClose(WsClient.WAIT).code(), forged[0] + " on a socket");
            }
            try (WsClient socket = WsClient.connect("/ws")) {
                socket.send(obj("type", "auth", "token", forged[1]));
                List<JsonObject> frames = socket.drain(null, java.time.Duration.ofMillis(300));
                assertFalse(frames.stream().anyMatch(f -> "connected".equals(f.getString("type"))),
                        forged[0] + " authenticated a socket: " + frames);
            }
            cases += 4;
        }
        // A refresh token works once: the second use is refused.
        Api.Reply first = Api.post("/api/v1/auth/refresh", obj("refresh_token", victim.ownerRefreshToken()));
        assertEquals(200, first.status(), first::toString);
        Api.Reply second = Api.post("/api/v1/auth/refresh", obj("refresh_token", victim.ownerRefreshToken()));
        assertEquals(401, second.status());
        assertEquals("invalid_refresh_token", second.error());
        assertTrue(cases >= 32, "token cases: " + cases);
    }

    /** Passwords, tokens, API keys and the signing key never reach the log, whatever the requests did. */
    @Test
    void nothingSecretIsLogged() throws Exception {
        long mark = ServerLog.mark();
        Victim v = victim();
        String apiKey = Api.post("/api/v1/tenants/" + v.f().tenant().id() + "/api-keys", obj("name", "k2"),
                v.f().tenant().owner()).json().getString("api_key");
        Api.get("/api/v1/auth/me", "X-API-Key", apiKey);
        Api.post("/api/v1/auth/login", obj("email", v.f().tenant().ownerEmail(), "password", "wrong " + TestTenant.PASSWORD,
                "tenant", v.f().tenant().slug()));
        Api.post("/api/v1/auth/refresh", obj("refresh_token", v.f().tenant().ownerRefreshToken()));
        try (WsClient marker = WsClient.connectAs("user", v.f().staffToken())) {
            String logged = ServerLog.awaitSince(mark, "WS connected: tenant=" + v.f().tenant().id(),
                    java.time.Duration.ofSeconds(20));
            String privateKey = Files.readString(Path.of(System.getProperty("parley.it.work-dir", "target/it"), "keys",
                    "jwt-private.pem")).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            String[][] secrets = {
                    {"a password", TestTenant.PASSWORD},
                    {"an access token's signature", v.f().staffToken().substring(v.f().staffToken().lastIndexOf('.') + 1)},
                    {"a customer token's signature",
                            v.f().customerToken().substring(v.f().customerToken().lastIndexOf('.') + 1)},
                    {"a refresh token", v.f().tenant().ownerRefreshToken()},
                    {"an API key", apiKey},
                    {"the signing key", privateKey.substring(0, 40)},
            };
            for (String[] secret : secrets) {
                assertFalse(logged.contains(secret[1]), secret[0] + " is in the server log");
            }
        }
        // The whole run's log so far, for what any test sent: no key and no password at all.
        String whole = ServerLog.since(0);
        assertFalse(whole.contains(TestTenant.PASSWORD), "a password is in the server log");
        assertFalse(whole.contains("BEGIN PRIVATE KEY"), "a private key is in the server log");
    }
}
