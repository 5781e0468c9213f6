package dev.parley.it;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad input gets a clear error in one JSON shape, and loses nothing. */
@ExtendWith(ArquillianExtension.class)
class ErrorsIT {

    /** Every numeric query and path parameter: a value that does not parse is a 400 naming it, not a 404. */
    @Test
    void parametersThatDoNotParseAre400NamingThem() {
        ChatFixture f = ChatFixture.create();
        String messages = "/api/v1/chat/chats/" + f.chatId() + "/messages";
        String[][] cases = {
                {messages + "?page=abc", "page"},
                {messages + "?page_size=1e9", "page_size"},
                {messages + "?page=99999999999", "page"},
                {messages + "?after_seq=x", "after_seq"},
                {messages + "/abc", "message_id"},
                {"/api/v1/users/abc", "id"},
                {"/api/v1/customers/1.5", "id"},
                {"/api/v1/knowledge?page=two", "page"},
                {"/api/v1/knowledge/abc", "id"},
                {"/api/v1/templates?page_size=many", "page_size"},
                {"/api/v1/templates/abc", "id"},
        };
        for (String[] c : cases) {
            Api.Reply reply = Api.get(c[0], Api.bearer(f.staffToken()));
            assertEquals(400, reply.status(), () -> c[0] + " " + reply);
            assertEquals("validation_failed", reply.error(), c[0]);
            assertTrue(reply.json().getString("message").startsWith(c[1] + ":"), () -> c[0] + " " + reply);
        }
        assertEquals(200, Api.get(messages + "?page=1&page_size=10", Api.bearer(f.staffToken())).status(),
                "numbers still work");
    }

    /** Anyone can send a bad token: each is a 401, and none may fill the server's log. */
    @Test
    void malformedAndForgedTokensAre401sThatLeaveNoTraceInTheLog() throws Exception {
        ChatFixture f = ChatFixture.create();
        String valid = f.staffToken();
        String forged = valid.substring(0, valid.length() - 4) + (valid.endsWith("AAAA") ? "BBBB" : "AAAA");
        long mark = ServerLog.mark();
        for (String token : new String[] {"not-a-jwt", "abc.def.ghi", forged, "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0."}) {
            Api.Reply refused = Api.get("/api/v1/chat/chats", Api.bearer(token));
            assertEquals(401, refused.status(), () -> token + " " + refused);
        }
        // A line the server logs after those requests: once it is there, so would their traces be.
        try (WsClient marker = WsClient.connectAs("user", valid)) {
            String logged = ServerLog.awaitSince(mark, "WS connected: tenant=" + f.tenant().id(),
                    java.time.Duration.ofSeconds(20));
            assertFalse(logged.contains("JWTProcessingException") || logged.contains("Exception trying to parse JWT"),
                    "no stack trace for a client's bad token:\n" + logged);
        }
    }

    @Test
    void malformedJsonIsInvalidJson() {
        Api.Reply reply = Api.post("/api/v1/auth/login", "{\"email\": ");
        assertEquals(400, reply.status(), reply::toString);
        assertEquals("invalid_json", reply.error());
    }

    @Test
    void wrongTypesAreInvalidJson() {
        Api.Reply reply = Api.post("/api/v1/tenants", "{\"name\":\"X\",\"owner\":\"not an object\"}");
        assertEquals(400, reply.status(), reply::toString);
        assertEquals("invalid_json", reply.error());
        assertTrue(reply.json().getString("message").contains("owner"), reply::toString);
    }

    @Test
    void missingAndInvalidFieldsAreNamed() {
        Api.Reply missingNested = Api.post("/api/v1/tenants",
                obj("name", "X", "owner", obj("name", "O", "password", "long enough 1")));
        assertEquals(400, missingNested.status(), missingNested::toString);
        assertEquals("validation_failed", missingNested.error());
        assertTrue(missingNested.json().getString("message").startsWith("owner.email:"), missingNested::toString);

        Api.Reply badEmail = Api.post("/api/v1/tenants",
                obj("name", "X", "owner", obj("name", "O", "email", "not-an-email", "password", "long enough 1")));
        assertTrue(badEmail.json().getString("message").startsWith("owner.email:"), badEmail::toString);

        Api.Reply snakeCase = Api.post("/api/v1/auth/refresh", obj());
        assertTrue(snakeCase.json().getString("message").startsWith("refresh_token:"), snakeCase::toString);

        Api.Reply noBody = Api.send("POST", "/api/v1/auth/login", null, "Content-Type", "application/json");
        assertEquals(400, noBody.status(), noBody::toString);
        assertEquals("validation_failed", noBody.error());
    }

    @Test
    void oversizedBodiesAre413WithOrWithoutALength() throws Exception {
        String big = "{\"name\":\"" + "x".repeat(1_100_000) + "\"}";
        Api.Reply declared = Api.post("/api/v1/tenants", big);
        assertEquals(413, declared.status(), () -> declared.status() + "");
        assertEquals("payload_too_large", declared.error());

        // Chunked: no Content-Length, so the limit applies while reading.
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(Api.base() + "/api/v1/tenants"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())))
                .build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(chunked, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.body().contains("payload_too_large"), response.body());
    }

    @Test
    void unknownRoutesMethodsAndMediaTypesAreJsonErrors() throws IOException {
        Api.Reply api = Api.get("/api/v1/no/such/route");
        assertEquals(404, api.status());
        assertEquals("not_found", api.error());

        Api.Reply page = Api.get("/no/such/page");
        assertEquals(404, page.status());
        assertEquals("not_found", page.error());

        Api.Reply method = Api.send("PUT", "/api/v1/auth/login", "{}");
        assertEquals(405, method.status(), method::toString);
        assertEquals("method_not_allowed", method.error());

        Api.Reply mediaType = Api.send("POST", "/api/v1/auth/login", "email=a", "Content-Type",
                "application/x-www-form-urlencoded");
        assertEquals(415, mediaType.status(), mediaType::toString);
        assertEquals("unsupported_media_type", mediaType.error());

        Api.Reply badId = Api.get("/api/v1/users/not-a-number", TestTenant.signUp().owner());
        assertEquals(400, badId.status(), "a number that is none is the client's mistake: " + badId);
    }

    @Test
    void aFailedSignUpStoresNothing() {
        String slug = "t-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Api.Reply bad = Api.post("/api/v1/tenants",
                obj("name", "X", "slug", slug, "owner", obj("name", "O", "email", "o@example.test", "password", "short")));
        assertEquals(400, bad.status(), bad::toString);
        Api.Reply good = Api.post("/api/v1/tenants",
                obj("name", "X", "slug", slug, "owner", obj("name", "O", "email", "o@example.test", "password", "long enough 1")));
        assertEquals(201, good.status(), "the slug was not taken by the failed attempt: " + good);
    }
}
