package dev.parley.it;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The smallest inputs {@link FuzzIT} found that Parley mishandled, one test each, stating the answer the
 * docs promise: an {@code error} frame and a connection that keeps working (docs/protocol.md), a 4xx in
 * the error shape (docs/api.md).
 */
@ExtendWith(ArquillianExtension.class)
class FuzzFindingsIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    // ---------------------------------------------------------------- WebSocket

    /** What the server sends in answer to {@code frame}, up to the pong of a ping sent after it. */
    private static List<JsonObject> answersTo(WsClient socket, String frame) {
        socket.sendText(frame);
        return socket.framesUntilPong();
    }

    private static boolean hasError(List<JsonObject> answers) {
        return answers.stream().anyMatch(a -> a.getString("type").equals("error")
                && !a.getString("error").equals("internal_error"));
    }

    /** Parsson stops at 1,000 levels with a RuntimeException that is no JsonException: the frame went unanswered. */
    @Test
    void jsonNestedAThousandLevelsDeepIsInvalidJson() {
        ChatFixture f = ChatFixture.create();
        try (WsClient socket = f.staffSocket()) {
            for (String deep : List.of("[".repeat(1000) + "]".repeat(1000), "{\"a\":".repeat(1000) + "1" + "}".repeat(1000),
                    "{\"type\":\"join_chat\",\"chat_id\":" + "[".repeat(1000) + "]".repeat(1000) + "}")) {
                List<JsonObject> answers = answersTo(socket, deep);
                assertTrue(hasError(answers), () -> deep.substring(0, 40) + "… (" + deep.length() + " chars) -> " + answers);
            }
        }
    }

    /**
     * A number of more than 1,100 characters (Parsson's limit: UnsupportedOperationException) or with an
     * exponent past an int (NumberFormatException) went unanswered.
     */
    @Test
    void numbersTooLargeToReadAreRefusedNotDropped() {
        ChatFixture f = ChatFixture.create();
        try (WsClient socket = f.staffSocket()) {
            for (String number : List.of("1".repeat(1101), "1e2147483648", "1e-2147483649")) {
                String frame = "{\"type\":\"join_chat\",\"chat_id\":" + number + "}";
                List<JsonObject> answers = answersTo(socket, frame);
                assertTrue(hasError(answers), () -> FuzzInputs.abbreviate(frame, 80) + " -> " + answers);
            }
        }
    }

    /** {@code JsonNumber.longValue()} wraps: 2^64 + 1 named chat 1, and the join succeeded. */
    @Test
    void chatIdsBeyondTheRangeOfALongAreRefusedNotWrappedToAnotherChat() {
        ChatFixture f = ChatFixture.create();
        try (WsClient socket = f.staffSocket()) {
            BigInteger wrapped = BigInteger.TWO.pow(64).add(BigInteger.valueOf(f.chatId()));
            List<JsonObject> answers = answersTo(socket, "{\"type\":\"join_chat\",\"chat_id\":" + wrapped + "}");
            assertTrue(answers.stream().noneMatch(a -> a.getString("type").equals("chat_joined")),
                    () -> wrapped + " joined chat " + f.chatId() + ": " + answers);
            assertTrue(hasError(answers), answers::toString);
        }
    }

    /**
     * An escaped unpaired surrogate is valid JSON, but the error frame that repeats it as request_type
     * cannot be sent as UTF-8: nothing more ever reaches the client (no error, no pong) until the idle close.
     */
    @Test
    void anUnpairedSurrogateInAFrameIsAnsweredAndTheConnectionKeepsWorking() {
        ChatFixture f = ChatFixture.create();
        try (WsClient socket = f.staffSocket()) {
            List<JsonObject> answers = answersTo(socket, "{\"type\":\"\\ud800\"}");
            assertTrue(hasError(answers), answers::toString);
            socket.framesUntilPong();
        }
    }

    /**
     * A message whose content holds an escaped unpaired surrogate is stored and acknowledged, but its
     * {@code message} frame cannot be sent to the chat's connections: every member's connection stays open
     * and receives nothing more, not even pongs (the "shows Connected, receives nothing" state).
     */
    @Test
    void aMessageWithAnUnpairedSurrogateLeavesTheMembersConnectionsWorking() {
        ChatFixture f = ChatFixture.create();
        try (WsClient staff = f.staffSocket(); WsClient customer = f.customerSocket()) {
            f.join(staff);
            f.join(customer);
            List<JsonObject> answers = answersTo(staff, "{\"type\":\"send_message\",\"chat_id\":" + f.chatId()
                    + ",\"content\":\"x\\ud800y\",\"client_message_id\":\"lone\"}");
            if (answers.stream().anyMatch(a -> a.getString("type").equals("message_ack"))) {
                JsonObject message = customer.next("message").getJsonObject("message");
                assertEquals("lone", message.getString("client_message_id"));
            } else {
                assertTrue(hasError(answers), answers::toString); // refusing it is fine too
            }
            customer.framesUntilPong();
            staff.send(obj("type", "send_message", "chat_id", f.chatId(), "content", "and after it", "client_message_id",
                    "after"));
            assertEquals("after", customer.next("message").getJsonObject("message").getString("client_message_id"));
        }
    }

    /**
     * A client_message_id that is an unpaired surrogate: the error frame repeated it, could not be encoded,
     * and the connection answered nothing more until it was closed as too slow.
     */
    @Test
    void anUnpairedSurrogateAsClientMessageIdIsRefusedAndTheConnectionKeepsAnswering() {
        ChatFixture f = ChatFixture.create();
        try (WsClient staff = f.staffSocket()) {
            List<JsonObject> answers = answersTo(staff, "{\"type\":\"send_message\",\"chat_id\":" + f.chatId()
                    + ",\"content\":\"x\",\"client_message_id\":\"\\ud800\"}");
            assertTrue(answers.stream().anyMatch(a -> "validation_failed".equals(a.getString("error", null))),
                    answers::toString);
            staff.send(obj("type", "send_message", "chat_id", f.chatId(), "content", "and after it", "client_message_id",
                    "after"));
            assertEquals("after", staff.next("message_ack").getString("client_message_id"));
        }
    }

    /** PostgreSQL refuses NUL in text: the send was an internal_error and a SEVERE stack trace. */
    @Test
    void aNulCharacterInAMessageIsNoInternalError() {
        ChatFixture f = ChatFixture.create();
        try (WsClient socket = f.staffSocket()) {
            List<JsonObject> answers = answersTo(socket, "{\"type\":\"send_message\",\"chat_id\":" + f.chatId()
                    + ",\"content\":\"a\\u0000b\"}");
            assertTrue(answers.stream().noneMatch(a -> "internal_error".equals(a.getString("error", null))),
                    answers::toString);
            assertTrue(hasError(answers) || answers.stream().anyMatch(a -> a.getString("type").equals("message_ack")),
                    answers::toString);
        }
    }

    /**
     * refresh_token and auth frames look the token's tenant up outside any transaction; on several
     * connections at once they share a Hibernate session: "Session/EntityManager is closed" and
     * NoSuchElementException, answered internal_error (refresh_token) or closed 1011 (auth).
     */
    @Test
    void tokenFramesOnManyConnectionsAtOnceAreAllAnswered() throws Exception {
        ChatFixture f = ChatFixture.create();
        ExecutorService connections = Executors.newFixedThreadPool(6);
        List<Future<List<JsonObject>>> answered = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            String type = c % 2 == 0 ? "refresh_token" : "auth";
            answered.add(connections.submit(() -> {
                try (WsClient socket = f.staffSocket()) {
                    for (int i = 0; i < 15; i++) {
                        socket.send(obj("type", type, "token", f.staffToken()));
                    }
                    return socket.framesUntilPong();
                }
            }));
        }
        connections.shutdown();
        for (Future<List<JsonObject>> connection : answered) {
            List<JsonObject> answers = connection.get();
            assertEquals(15, answers.stream().filter(a -> a.getString("type").matches("token_refreshed|connected"))
                    .count(), answers::toString);
        }
    }

    // ---------------------------------------------------------------- REST

    private static Api.Reply send(String method, String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Api.base() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Api.Reply(response.statusCode(), response.headers(), response.body());
    }

    /** A truncated JSON body on a route that reads one is answered at once, not left waiting for the rest. */
    @Test
    void truncatedJsonBodiesAreAnswered() throws Exception {
        ChatFixture f = ChatFixture.create();
        byte[] truncated = "{\"user_id\":[[".getBytes(StandardCharsets.UTF_8);
        for (String[] route : new String[][] {{"PATCH", "/api/v1/chat/chats/customer"},
                {"PATCH", "/api/v1/chat/chats/" + f.chatId()}, {"POST", "/api/v1/chat/chats"}}) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(Api.base() + route[1]))
                    .timeout(java.time.Duration.ofSeconds(10))
                    .method(route[0], HttpRequest.BodyPublishers.ofByteArray(truncated))
                    .header("Authorization", "Bearer " + f.staffToken()).header("Content-Type", "application/json")
                    .build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertClientError(new Api.Reply(response.statusCode(), response.headers(), response.body()),
                    route[0] + " " + route[1]);
        }
    }

    /** A 4xx in the error shape of docs/api.md. */
    private static void assertClientError(Api.Reply reply, String request) {
        assertTrue(reply.status() >= 400 && reply.status() < 500, () -> request + " -> " + reply);
        assertNull(FuzzIT.errorShapeProblem(reply.body()), () -> request + " -> " + reply);
    }

    /**
     * Endpoints that take a JsonObject: what Parsson throws while reading the body (JsonParsingException,
     * its depth limit's RuntimeException, NumberFormatException, UnsupportedOperationException) was a 500.
     */
    @Test
    void bodiesThatCannotBeReadAre400OnEndpointsThatTakeJsonObjects() throws Exception {
        ChatFixture f = ChatFixture.create();
        List<String> bodies = List.of("{\"name\":", "{\"event\":\"x\",\"data\":" + "[".repeat(1000) + "]".repeat(1000) + "}",
                "{\"event\":\"x\",\"data\":{\"n\":1e2147483648}}", "{\"event\":\"x\",\"data\":{\"n\":" + "1".repeat(1101) + "}}");
        for (String path : List.of("/api/v1/tenants/" + f.tenant().slug(), "/api/v1/notifications")) {
            String method = path.contains("tenants") ? "PATCH" : "POST";
            for (String body : bodies) {
                Api.Reply reply = Api.send(method, path, body, f.tenant().owner());
                assertClientError(reply, method + " " + path + " " + FuzzInputs.abbreviate(body, 40));
            }
        }
    }

    /** PostgreSQL refuses NUL in text, as a value and as a query parameter: each was a 500. */
    @Test
    void nulCharactersInTextAre400Not500() throws Exception {
        ChatFixture f = ChatFixture.create();
        String[] owner = f.tenant().owner();
        assertClientError(Api.post(f.messages(), "{\"content\":\"a\\u0000b\"}", owner), "message content with NUL");
        assertClientError(Api.patch("/api/v1/chat/chats/" + f.chatId(), "{\"title\":\"a\\u0000b\"}", owner),
                "chat title with NUL");
        assertClientError(Api.post("/api/v1/customers", "{\"name\":\"a\\u0000b\"}", owner), "customer name with NUL");
        assertClientError(Api.get("/api/v1/knowledge?q=%00", owner), "knowledge search for NUL");
        assertClientError(Api.get("/api/v1/templates?q=%00", owner), "template search for NUL");
        assertClientError(Api.get("/api/v1/auth/me?tenant_id=a%00b", owner), "a tenant named with NUL");
    }

    /** Commons FileUpload's MalformedStreamException escaped the upload: 500. */
    @Test
    void malformedMultipartUploadsAre400() throws Exception {
        ChatFixture f = ChatFixture.create();
        String unterminated = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello";
        String hugeHeader = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + "x".repeat(11_000)
                + "\"\r\n\r\nhello\r\n--b--\r\n";
        for (String body : List.of(unterminated, hugeHeader)) {
            Api.Reply reply = send("POST", "/api/v1/chat/upload", body.getBytes(StandardCharsets.UTF_8),
                    "Authorization", "Bearer " + f.staffToken(), "Content-Type", "multipart/form-data; boundary=b");
            assertClientError(reply, "upload " + FuzzInputs.abbreviate(body, 60));
        }
    }

    /**
     * Servlets (health, media, upload) and static pages do not know PATCH: Payara's HttpServlet answers
     * 501 Not Implemented, an HTML page.
     */
    @Test
    void patchOnServletsAndPagesIsA4xxInTheErrorShape() throws Exception {
        ChatFixture f = ChatFixture.create();
        for (String path : List.of("/health", "/api/v1/health", "/api/v1/chat/upload", "/api/v1/media/x", "/console/",
                "/no/such/page")) {
            assertClientError(send("PATCH", path, "{}".getBytes(StandardCharsets.UTF_8), "Authorization",
                    "Bearer " + f.staffToken(), "Content-Type", "application/json"), "PATCH " + path);
        }
    }

    /**
     * What the HTTP layer refuses before Parley runs: a body on a GET or a DELETE (Grizzly
     * refuses payloads for methods that define none), a path whose escapes decode to NUL or to bytes that
     * are no UTF-8, escaped slashes after "..". A 400 with no body (api.md says so), never a 5xx, and the
     * server goes on serving.
     */
    @Test
    void requestsTheHttpLayerRefusesAre400sAndHarmNothing() throws Exception {
        ChatFixture f = ChatFixture.create();
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        for (String method : List.of("GET", "DELETE")) {
            assertEquals(400, send(method, "/api/v1/auth/me", body, "Authorization", "Bearer " + f.staffToken(),
                    "Content-Type", "application/json").status(), method + " with a body");
        }
        int options = send("OPTIONS", "/api/v1/auth/me", body, "Content-Type", "application/json").status();
        assertTrue(options < 500, "OPTIONS with a body: " + options); // refused, or answered as a preflight
        for (String path : List.of("/api/v1/tenants/%FF", "/api/v1/tenants/%00", "/api/v1/tenants/%C0%AF",
                "/api/v1/chat/..%2F..%2F..%2F..%2Fetc%2Fpasswd/human")) {
            assertEquals(400, send("GET", path, null, "Authorization", "Bearer " + f.staffToken()).status(), path);
        }
        assertEquals(200, Api.get("/api/v1/auth/me", Api.bearer(f.staffToken())).status(), "still serving");
    }

    /** Payara's own OpenAPI and metrics endpoints answer an Accept they cannot serve with an HTML 406. */
    @Test
    void anAcceptThatCannotBeServedIsA406InTheErrorShape() throws Exception {
        for (String path : List.of("/openapi", "/metrics")) {
            assertClientError(send("GET", path, null, "Accept", "text/csv"), "GET " + path + " Accept: text/csv");
        }
    }

    /** A Range past the end: the media servlet sets 416 with no body, the static pages answer an HTML 416. */
    @Test
    void anUnsatisfiableRangeIsA416InTheErrorShape() throws Exception {
        ChatFixture f = ChatFixture.create();
        MediaIT.Reply upload = MediaIT.upload(f.staffToken(), "note.txt", "text/plain",
                "hello".getBytes(StandardCharsets.UTF_8));
        assertEquals(201, upload.status());
        String file = upload.json().getString("file_url").replaceAll("^https?://[^/]+", "");
        Api.Reply media = send("GET", file, null, "Authorization", "Bearer " + f.staffToken(), "Range", "bytes=999-");
        assertEquals(416, media.status(), media::toString);
        assertClientError(media, "GET " + file + " Range: bytes=999-");
        assertClientError(send("GET", "/console/", null, "Range", "bytes=99999999-"), "GET /console/ Range: bytes=99999999-");
    }
}
