package dev.parley.it;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.parley.it.FuzzInputs.Endpoint;
import dev.parley.it.FuzzInputs.FrameCase;
import dev.parley.it.FuzzInputs.Known;
import dev.parley.it.FuzzInputs.RestCase;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seeded fuzzing of everything a client can send: 10,000 hostile WebSocket messages over real staff
 * connections, and 2,000 hostile REST requests against every endpoint. Whatever comes in, Parley
 * answers it (an {@code error} frame, a 4xx in the error shape, or a documented close code), a healthy
 * connection beside the fuzzing keeps getting its messages, and the server logs nothing SEVERE.
 *
 * <p>The seed is printed first; {@code -Dparley.it.fuzz-seed=<seed>} replays the same inputs, and every
 * failure names the seed and its case number.
 */
@ExtendWith(ArquillianExtension.class)
class FuzzIT {

    static final String SEED_PROPERTY = "parley.it.fuzz-seed";
    static final int FRAME_CASES = 10_000;
    static final int REST_CASES = 2_000;
    /**
     * Fuzzed messages per connection. Each is followed by a barrier frame, and a ping ends each of the two
     * bursts: 38 frames, within the rate limit's burst of 40, so the parser is what gets tested, not the rate limiter.
     */
    static final int CASES_PER_CONNECTION = 18;
    /** Connections (or requests) at once: each mostly waits for the server, so more than the 2 cores. */
    static final int WORKERS = 8;
    /** How long a connection may go without sending anything while answers are due before it counts as stuck. */
    static final Duration STALL = Duration.ofSeconds(3);
    /** How long a connection may take to answer everything written to it. */
    static final Duration ANSWER_WAIT = Duration.ofSeconds(20);
    /** Failing cases replayed alone on a fresh connection, to show what each does by itself. */
    static final int REPLAYS = 16;

    static final long SEED = seed();

    private static long seed() {
        String given = System.getProperty(SEED_PROPERTY);
        long seed = given == null || given.isBlank() ? new SecureRandom().nextLong() : Long.parseLong(given.strip());
        System.out.println("FuzzIT seed " + seed + " (replay with -D" + SEED_PROPERTY + "=" + seed + ")");
        return seed;
    }

    /** Server frames that other connections' actions cause: they say nothing about the frame just sent. */
    static final Set<String> BROADCASTS = Set.of("message", "typing", "read_receipt", "user_joined", "user_left",
            "message_updated", "message_deleted", "handoff", "chat_created", "presence");

    // ================================================================ WebSocket

    @Test
    void fuzzedFramesGetErrorsOrDocumentedClosesWhileDeliveryGoesOn() throws Exception {
        ChatFixture f = ChatFixture.create();
        TestTenant other = TestTenant.signUp();
        long mark = ServerLog.mark();
        long started = System.nanoTime();
        SocketRun run = new SocketRun(f.staffToken());
        Api.Reply first = Api.post(f.messages(), obj("content", "Hello?"), Api.bearer(f.customerToken()));
        assertEquals(201, first.status(), first::toString);
        Known known = new Known(f.chatId(), first.json().getJsonNumber("id").longValue(), f.staffId(), f.customerId(),
                f.tenant().id(), f.tenant().slug(), f.staffToken(), f.customerToken(), oddTokens(f.staffToken(), other));
        FuzzInputs inputs = new FuzzInputs(SEED ^ 0x5753L, known);
        List<FrameCase> cases = new ArrayList<>();
        for (int i = 1; i <= FRAME_CASES; i++) {
            cases.add(inputs.frameCase(i));
        }
        List<List<FrameCase>> connections = connections(cases);
        // Connected only now: a socket that says nothing for 8 s is closed as idle (the tests' setting).
        try (Healthy healthy = new Healthy(f)) {
            whileChecking(healthy, connections.stream().<Runnable>map(c -> () -> run.fuzz(c)).toList());
            System.out.printf("FuzzIT seed %d: %d WebSocket messages (%d frames, %d bytes; %d unanswered behind a case"
                            + " that ended or stalled their connection) over %d connections in %d ms (slowest connection %d ms);"
                            + " %d delivery checks; kinds %s; answers %s; closes %s%n", SEED, cases.size(),
                    run.wireFrames.sum(), run.wireBytes.sum(), run.unanswered.sum(), connections.size(),
                    (System.nanoTime() - started) / 1_000_000, run.slowestMillis.get(), healthy.checks,
                    count(cases, FrameCase::kind), new TreeMap<>(run.answers), new TreeMap<>(run.closes));
            replayAlone(run);
            assertAll(() -> run.findings.assertNone(), healthy::assertDelivered, FuzzIT::assertReady,
                    () -> assertNothingSevere(f, mark, "while fuzzed (seed " + SEED + ")"));
        }
    }

    /** Runs {@code work} on {@link #WORKERS} threads, and checks delivery on the healthy connection meanwhile. */
    private static void whileChecking(Healthy healthy, List<Runnable> work) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        List<Future<?>> done = new ArrayList<>();
        work.forEach(w -> done.add(workers.submit(w)));
        workers.shutdown();
        while (!workers.awaitTermination(400, TimeUnit.MILLISECONDS)) {
            healthy.check();
        }
        for (Future<?> each : done) {
            each.get(); // a worker's own exception is a failure of the test, not of Parley
        }
        healthy.check();
    }

    /**
     * Connections of up to {@link #CASES_PER_CONNECTION} cases. A case that may close its connection
     * (a frame over the limit, an auth frame, bytes that are no UTF-8) comes last in one, so that
     * every case before it is answered.
     */
    static List<List<FrameCase>> connections(List<FrameCase> cases) {
        Deque<FrameCase> closing = new ArrayDeque<>();
        Deque<FrameCase> staying = new ArrayDeque<>();
        cases.forEach(c -> (c.goesLast() ? closing : staying).add(c));
        List<List<FrameCase>> connections = new ArrayList<>();
        while (!staying.isEmpty() || !closing.isEmpty()) {
            List<FrameCase> connection = new ArrayList<>();
            while (connection.size() < CASES_PER_CONNECTION - 1 && !staying.isEmpty()) {
                connection.add(staying.poll());
            }
            connection.add(closing.isEmpty() ? staying.poll() : closing.poll());
            connection.removeIf(java.util.Objects::isNull);
            connections.add(connection);
        }
        return connections;
    }

    /** Fuzzes staff connections and judges every case by what the server sent between its barriers. */
    static final class SocketRun {

        final String token;
        final Findings findings = new Findings("WebSocket");
        /** Cases that failed, for replaying them alone. */
        final Map<Integer, FrameCase> failed = new ConcurrentHashMap<>();
        final java.util.concurrent.atomic.AtomicLong slowestMillis = new java.util.concurrent.atomic.AtomicLong();
        final Map<String, Integer> answers = new ConcurrentHashMap<>();
        final Map<Integer, Integer> closes = new ConcurrentHashMap<>();
        final LongAdder wireFrames = new LongAdder();
        /** Cases sent behind one that ended or stalled their connection: never answered, so never judged. */
        final LongAdder unanswered = new LongAdder();
        final LongAdder wireBytes = new LongAdder();

        SocketRun(String token) {
            this.token = token;
        }

        /** What one connection did with its cases. */
        record Outcome(List<List<JsonObject>> windows, int barriersAnswered, boolean pong, int closeCode,
                       String closeReason, String trouble) {
        }

        void fuzz(List<FrameCase> cases) {
            long started = System.nanoTime();
            Outcome outcome;
            try {
                outcome = send(cases);
            } catch (IOException | RuntimeException e) {
                fail(cases.get(0), "the connection failed", "cases " + cases.get(0).number() + " to "
                        + cases.get(cases.size() - 1).number() + " not sent: " + e);
                return;
            }
            slowestMillis.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
            judge(cases, outcome);
        }

        /**
         * Sends the cases, each followed by a barrier frame, then a ping. A case that may close the
         * connection goes last and alone, once everything before it is answered: a connection failed by the
         * container (1007, 1002) does not wait for the answers queued before it, and they would be lost.
         */
        Outcome send(List<FrameCase> cases) throws IOException {
            try (StalledSocket socket = StalledSocket.open("/api/v1/chat/ws/chat/user?token=" + token, 1 << 20)) {
                StalledSocket.Frame first = socket.read(System.nanoTime() + WsClient.WAIT.toNanos());
                if (first == null || first.opcode() != 0x1 || !first.text().contains("\"connected\"")) {
                    throw new IOException("no connected frame: " + (first == null ? "stream ended" : first.text()));
                }
                FrameCase last = cases.get(cases.size() - 1);
                boolean closerLast = last.goesLast();
                List<List<JsonObject>> windows = new ArrayList<>(List.of(new ArrayList<>()));
                Outcome outcome = exchange(socket, closerLast ? cases.subList(0, cases.size() - 1) : cases, windows);
                if (closerLast && outcome.pong()) {
                    outcome = exchange(socket, List.of(last), windows);
                }
                if (outcome.closeCode() == 0) {
                    // Say goodbye properly, and wait for the answer, so the server never writes to a closed socket.
                    socket.write(StalledSocket.frame(true, 0x8, new byte[] {0x03, (byte) 0xe8}));
                    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                    try {
                        for (StalledSocket.Frame frame = socket.read(deadline); frame != null && frame.opcode() != 0x8; ) {
                            frame = socket.read(deadline);
                        }
                    } catch (SocketTimeoutException slow) {
                        // closed below all the same
                    }
                }
                return outcome;
            }
        }

        private Outcome exchange(StalledSocket socket, List<FrameCase> batch, List<List<JsonObject>> windows)
                throws IOException {
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (FrameCase c : batch) {
                for (FuzzInputs.WireFrame frame : c.frames()) {
                    burst.writeBytes(StalledSocket.frame(frame.fin(), frame.opcode(), frame.payload()));
                    wireFrames.increment();
                    wireBytes.add(frame.payload().length);
                }
                burst.writeBytes(StalledSocket.frame(true, 0x1, barrier(c).getBytes(StandardCharsets.UTF_8)));
            }
            burst.writeBytes(StalledSocket.frame(true, 0x1, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8)));
            socket.write(burst.toByteArray());
            return read(socket, windows.size() - 1 + batch.size(), windows);
        }

        /**
         * Reads until the pong after the last barrier, a close, the stream's end, or {@link #STALL} without
         * any frame ({@link #ANSWER_WAIT} at most in all).
         */
        private Outcome read(StalledSocket socket, int barriersExpected, List<List<JsonObject>> windows)
                throws IOException {
            long cap = System.nanoTime() + ANSWER_WAIT.toNanos();
            while (true) {
                StalledSocket.Frame frame;
                try {
                    frame = socket.read(Math.min(cap, System.nanoTime() + STALL.toNanos()));
                } catch (SocketTimeoutException stuck) {
                    return new Outcome(windows, windows.size() - 1, false, 0, null,
                            "stuck: nothing more within " + STALL.toMillis() + " ms, no pong");
                }
                if (frame == null) {
                    return new Outcome(windows, windows.size() - 1, false, 1006, null,
                            "the connection ended without a close frame (1006)");
                }
                if (frame.opcode() == 0x8) {
                    closes.merge(frame.closeCode(), 1, Integer::sum);
                    return new Outcome(windows, windows.size() - 1, false, frame.closeCode(), frame.closeReason(), null);
                }
                if (frame.opcode() != 0x1) {
                    continue; // pings and pongs of the WebSocket protocol itself
                }
                JsonObject answer;
                try (var reader = Json.createReader(new StringReader(frame.text()))) {
                    answer = reader.readObject();
                } catch (RuntimeException e) {
                    return new Outcome(windows, windows.size() - 1, false, 0, null,
                            "the server sent a frame that is no JSON object: " + FuzzInputs.abbreviate(frame.text(), 200));
                }
                String type = answer.getString("type", "");
                int barriers = windows.size() - 1;
                if (type.equals("error") && answer.getString("request_type", "").startsWith("barrier.")) {
                    windows.add(new ArrayList<>());
                } else if (type.equals("pong") && barriers == barriersExpected) {
                    return new Outcome(windows, barriers, true, 0, null, null);
                } else {
                    windows.get(windows.size() - 1).add(answer);
                    answers.merge(type.equals("error") ? "error:" + answer.getString("error", "?") : type, 1,
                            Integer::sum);
                }
            }
        }

        /**
         * Each case owns what came between its barrier and the one before. A case passes with an error
         * frame (never internal_error) or a normal answer, or with silence where success says nothing;
         * the connection may close only on a case that may close it, with a code that case may draw.
         */
        private void judge(List<FrameCase> cases, Outcome outcome) {
            for (int i = 0; i < outcome.barriersAnswered() && i < cases.size(); i++) {
                judgeAnswers(cases.get(i), outcome.windows().get(i));
            }
            if (outcome.pong()) {
                return;
            }
            int at = Math.min(outcome.barriersAnswered(), cases.size() - 1);
            FrameCase culprit = cases.get(at);
            unanswered.add(cases.size() - 1 - at); // behind a case that closed the connection, or stuck behind it
            if (outcome.trouble() != null) {
                fail(culprit, outcome.trouble().replaceAll(":.*", ""), outcome.trouble());
            } else if (!culprit.mayClose().contains(outcome.closeCode())) {
                fail(culprit, "closed with " + outcome.closeCode(), "closed with " + outcome.closeCode() + " \""
                        + outcome.closeReason() + "\"" + (culprit.mayClose().isEmpty()
                        ? ", but nothing it sent may close the connection" : ", but only " + culprit.mayClose() + " may"));
            }
        }

        private void judgeAnswers(FrameCase c, List<JsonObject> window) {
            boolean answered = false;
            for (JsonObject answer : window) {
                String type = answer.getString("type", "");
                if (type.equals("error")) {
                    if (!(answer.get("error") instanceof JsonString) || !(answer.get("message") instanceof JsonString)) {
                        fail(c, "an error frame without error and message", answer.toString());
                    } else if (answer.getString("error").equals("internal_error")) {
                        fail(c, "answered internal_error", answer.toString());
                    }
                }
                answered |= !BROADCASTS.contains(type);
            }
            if (!answered && !c.maySilence()) {
                fail(c, "no answer (the frame was dropped)", "got only " + window);
            }
        }

        void fail(FrameCase c, String problem, String detail) {
            failed.put(c.number(), c);
            findings.add(problem + " [" + c.kind() + "]", c.number(), detail + "\n        input " + c.shown());
        }
    }

    private static String barrier(FrameCase c) {
        return "{\"type\":\"barrier." + c.number() + "\"}";
    }

    /**
     * Sends failing cases again, alone on a fresh connection (the first few of each kind of failure): what a
     * case does by itself is the finding, not what it did after its neighbours.
     */
    private static void replayAlone(SocketRun run) throws InterruptedException {
        ExecutorService replays = Executors.newFixedThreadPool(WORKERS);
        for (int number : run.findings.examples(1, REPLAYS)) {
            replays.submit(() -> {
                FrameCase c = run.failed.get(number);
                String replayed;
                try {
                    SocketRun.Outcome outcome = new SocketRun(run.token).send(List.of(c));
                    replayed = outcome.pong() ? "answered " + outcome.windows().get(0) : outcome.trouble() != null
                            ? outcome.trouble() : "closed with " + outcome.closeCode() + " \"" + outcome.closeReason()
                            + "\" after " + outcome.windows().get(0);
                } catch (IOException | RuntimeException e) {
                    replayed = e.toString();
                }
                run.findings.note(number, "replayed alone on a fresh connection: "
                        + FuzzInputs.abbreviate(replayed, 400));
            });
        }
        replays.shutdown();
        replays.awaitTermination(2, TimeUnit.MINUTES);
    }

    /**
     * The fixture's customer, connected and joined beside the fuzzing: at each check it sends a message and
     * must get its ack and the message itself. A check that fails is noted, and the customer connects again,
     * so that later checks still say something.
     */
    static final class Healthy implements AutoCloseable {

        private final ChatFixture fixture;
        private final List<String> problems = new ArrayList<>();
        private WsClient socket;
        int checks;

        Healthy(ChatFixture fixture) {
            this.fixture = fixture;
            socket = connect();
        }

        private WsClient connect() {
            WsClient client = fixture.customerSocket();
            fixture.join(client);
            return client;
        }

        void check() {
            int check = ++checks;
            String id = "healthy-" + check + "-" + UUID.randomUUID();
            try {
                socket.send(obj("type", "send_message", "chat_id", fixture.chatId(), "content", "still here " + check,
                        "client_message_id", id));
                JsonObject ack = socket.next("message_ack");
                assertEquals(id, ack.getString("client_message_id"), "the ack's client_message_id");
                long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
                while (!id.equals(socket.next("message").getJsonObject("message").getString("client_message_id", null))) {
                    assertTrue(System.nanoTime() < deadline, "its own message never came back");
                }
                socket.drain(null, Duration.ofMillis(2)); // what the fuzzing caused: not needed, and it would pile up
            } catch (AssertionError | RuntimeException e) {
                problems.add("delivery check " + check + " failed: " + FuzzInputs.abbreviate(String.valueOf(e.getMessage()),
                        300) + (socket.isClosed() ? "; the connection was closed: " + socket.awaitClose(Duration.ZERO) : ""));
                socket.abort();
                socket = connect();
            }
        }

        void assertDelivered() {
            assertTrue(problems.isEmpty(), () -> "seed " + SEED + ": the healthy connection beside the fuzzing failed "
                    + problems.size() + " of " + checks + " delivery checks:\n  " + String.join("\n  ", problems));
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /**
     * Tokens beside the fixture's: another tenant's, an expired one, and tokens signed with Parley's own key
     * whose claims are odd (as an external identity provider's could be).
     */
    static List<String> oddTokens(String token, TestTenant other) {
        List<String> tokens = new ArrayList<>(List.of(other.ownerToken(), TestTokens.withExpiry(token, -120)));
        List<Map.Entry<String, Object>> oddClaims = List.of(Map.entry("tenant_id", "not-a-tenant"),
                Map.entry("tenant_id", other.id()), Map.entry("tenant_id", List.of("a", "b")), Map.entry("sub", "abc"),
                Map.entry("sub", "-1"), Map.entry("sub", "99999999999999999999"), Map.entry("participant_type", "visitor"),
                Map.entry("participant_type", "admin"), Map.entry("groups", List.of()), Map.entry("groups", List.of("service")),
                Map.entry("upn", ""));
        for (Map.Entry<String, Object> odd : oddClaims) {
            try {
                JwtClaims claims = JwtClaims.parse(Tokens.claims(token).toString());
                claims.setClaim(odd.getKey(), odd.getValue());
                claims.setExpirationTime(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 + 3600));
                tokens.add(TestTokens.sign(claims));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return tokens;
    }

    // ================================================================ REST

    /** Every endpoint Parley serves (the @Path resources, its servlets, the pages), with a valid body where it takes one. */
    static final List<Endpoint> ENDPOINTS = List.of(
            endpoint("/health", "GET"), endpoint("/health/live", "GET"), endpoint("/health/ready", "GET"),
            endpoint("/api/v1/health", "GET"),
            hashing(0.05, "/api/v1/tenants", "signup", "POST"),
            endpoint("/api/v1/tenants/{tenant}", "tenant", "GET", "PATCH"),
            hashing(0.05, "/api/v1/auth/login", "login", "POST"), endpoint("/api/v1/auth/refresh", "refresh", "POST"),
            endpoint("/api/v1/auth/logout", "refresh", "POST"), endpoint("/api/v1/auth/me", "GET"),
            hashing(0.05, "/api/v1/customer-auth/login", "customer_login", "POST"),
            hashing(0.05, "/api/v1/customer-auth/register", "customer_register", "POST"),
            hashing(0.25, "/api/v1/users", "user", "GET", "POST"),
            endpoint("/api/v1/users/{user}", "user_change", "GET", "PATCH", "DELETE"),
            hashing(0.25, "/api/v1/customers", "customer", "GET", "POST"),
            endpoint("/api/v1/customers/{customer}", "customer_change", "GET", "PATCH", "DELETE"),
            endpoint("/api/v1/tenants/{tenant}/api-keys", "api_key", "GET", "POST"),
            endpoint("/api/v1/tenants/{tenant}/api-keys/{key}", "DELETE"),
            hashing(0.05, "/api/customers/register", "company_register", "POST"),
            hashing(0.05, "/api/customers/login", "company_login", "POST"),
            endpoint("/api/v1/platform/tenants", "GET"),
            endpoint("/api/v1/platform/tenants/{platform}/suspend", "POST"),
            endpoint("/api/v1/platform/tenants/{platform}/resume", "POST"),
            endpoint("/api/v1/admin/connections", "GET"),
            endpoint("/api/v1/notifications", "notification", "POST"),
            endpoint("/api/sync/push", "sync", "POST"), endpoint("/api/v1/sync/push", "sync", "POST"),
            endpoint("/api/v1/chat/chats", "chat", "GET", "POST"),
            endpoint("/api/v1/chat/chats/customer", "customer_chat", "GET", "POST"),
            endpoint("/api/v1/chat/chats/{chat}", "chat_change", "GET", "PATCH"),
            endpoint("/api/v1/chat/chats/{chat}/messages", "message", "GET", "POST"),
            endpoint("/api/v1/chat/chats/{chat}/messages/{message}", "message_change", "GET", "PATCH", "DELETE"),
            endpoint("/api/v1/chat/chats/{chat}/read", "read", "POST"),
            endpoint("/api/v1/chat/chats/{chat}/takeover", "POST"), endpoint("/api/v1/chat/chats/{chat}/release", "POST"),
            endpoint("/api/v1/chat/upload", "upload", "POST"),
            endpoint("/api/v1/media/{media}", "GET"),
            endpoint("/api/v1/templates", "template", "GET", "POST"),
            endpoint("/api/v1/templates/{template}", "template", "GET", "PATCH", "DELETE"),
            endpoint("/api/v1/knowledge", "entry", "GET", "POST"),
            endpoint("/api/v1/knowledge/{entry}", "entry", "GET", "PATCH", "DELETE"),
            endpoint("/api/v1/chat/", "visitor_chat", "POST"),
            endpoint("/api/v1/chat/{visitor}", "GET"),
            endpoint("/api/v1/chat/{visitor}/messages", "visitor_message", "GET", "POST"),
            endpoint("/api/v1/chat/{visitor}/human", "POST"),
            // Not /openapi: Payara writes the document anew for each request, seconds of CPU each (FuzzFindingsIT
            // has the one error it answered wrongly).
            endpoint("/docs/", "GET"), endpoint("/", "GET"), endpoint("/parley.js", "GET"),
            endpoint("/console/", "GET"), endpoint("/api/v1/no/such/route", "GET"), endpoint("/no/such/page", "GET"),
            endpoint("/ws", "GET"), endpoint("/api/v1/ws", "GET"), endpoint("/api/v1/chat/ws/chat/user", "GET"),
            endpoint("/ws/chat/{visitor}", "GET"));

    private static Endpoint endpoint(String path, String... bodyAndMethods) {
        return endpoint(1, path, bodyAndMethods);
    }

    /** Logins, sign-ups and new accounts hash a password (a fifth of a second): fewer of those keep the run fast. */
    private static Endpoint hashing(double weight, String path, String... bodyAndMethods) {
        return endpoint(weight, path, bodyAndMethods);
    }

    private static Endpoint endpoint(double weight, String path, String... bodyAndMethods) {
        boolean hasBody = !FuzzInputs.METHODS.contains(bodyAndMethods[0]);
        return new Endpoint(path, Set.of(bodyAndMethods).stream().filter(FuzzInputs.METHODS::contains)
                .collect(java.util.stream.Collectors.toSet()), hasBody ? bodyAndMethods[0] : null, weight);
    }

    /** A valid body for each kind of request, as docs/api.md shows them. */
    static Map<String, String> bodies(ChatFixture f, long messageId) {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        return Map.ofEntries(
                Map.entry("signup", "{\"name\":\"Fuzz " + unique + "\",\"slug\":\"f-" + unique + "\",\"owner\":{\"name\":\"O\","
                        + "\"email\":\"o-" + unique + "@example.test\",\"password\":\"correct horse battery\"}}"),
                Map.entry("tenant", "{\"name\":\"Renamed\",\"settings\":{\"customer_registration\":false,"
                        + "\"anonymous_access\":false,\"assistant\":{\"mode\":\"builtin\",\"name\":\"Ada\"}}}"),
                Map.entry("login", "{\"email\":\"" + f.tenant().ownerEmail() + "\",\"password\":\"wrong password\","
                        + "\"tenant\":\"" + f.tenant().slug() + "\"}"),
                Map.entry("refresh", "{\"refresh_token\":\"rt_" + "A".repeat(43) + "\"}"),
                Map.entry("customer_login", "{\"tenant\":\"" + f.tenant().slug() + "\",\"email\":\"" + f.customerEmail()
                        + "\",\"phone\":\"+15550100\",\"password\":\"wrong password\"}"),
                Map.entry("customer_register", "{\"tenant\":\"" + f.tenant().slug() + "\",\"name\":\"C\",\"email\":\"c-"
                        + unique + "@example.test\",\"phone\":\"+15550101\",\"password\":\"correct horse battery\"}"),
                Map.entry("user", "{\"name\":\"U\",\"email\":\"u-" + unique + "@example.test\",\"password\":"
                        + "\"correct horse battery\",\"role\":\"staff\"}"),
                Map.entry("user_change", "{\"name\":\"Cy\",\"role\":\"admin\",\"active\":true}"),
                Map.entry("customer", "{\"name\":\"Bo\",\"email\":\"bo-" + unique + "@example.test\",\"phone\":\"+441234567890\","
                        + "\"password\":\"s3cret-enough\"}"),
                Map.entry("customer_change", "{\"name\":\"Bo D\",\"phone\":\"+449876543210\",\"active\":true}"),
                Map.entry("api_key", "{\"name\":\"billing backend\"}"),
                Map.entry("company_register", "{\"firstName\":\"Ada\",\"lastName\":\"L\",\"email\":\"ada-" + unique
                        + "@example.test\",\"password\":\"correct horse battery\",\"phone\":\"+441234567890\","
                        + "\"companyName\":\"Acme " + unique + "\"}"),
                Map.entry("company_login", "{\"email\":\"" + f.tenant().ownerEmail() + "\",\"password\":\"wrong password\"}"),
                Map.entry("notification", "{\"event\":\"order.shipped\",\"data\":{\"order\":42},\"target\":{\"chat_id\":"
                        + f.chatId() + "}}"),
                Map.entry("sync", "{\"end_users\":[{\"external_id\":\"e-1\",\"name\":\"E\",\"email\":\"e@example.test\","
                        + "\"phone\":\"+1\"}],\"interactions\":[{\"external_id\":\"i-1\",\"end_user_external_id\":\"e-1\","
                        + "\"type\":\"order\",\"occurred_at\":\"2026-11-22T12:00:00Z\",\"data\":{\"total\":3}}]}"),
                Map.entry("chat", "{\"customer_id\":" + f.customerId() + ",\"title\":\"Returns\",\"initial_message\":\"Hi\"}"),
                Map.entry("customer_chat", "{\"user_id\":" + f.staffId() + ",\"title\":\"Help\",\"initial_message\":\"Hi\"}"),
                Map.entry("chat_change", "{\"title\":\"Support\",\"is_archived\":false}"),
                Map.entry("message", "{\"content\":\"That sounds great!\",\"message_type\":\"text\",\"reply_to_message_id\":"
                        + messageId + ",\"entity_ref\":{\"type\":\"appointment\",\"id\":\"42\"},\"client_message_id\":\"c-1\"}"),
                Map.entry("message_change", "{\"content\":\"Edited\"}"),
                Map.entry("read", "{\"up_to_message_id\":" + messageId + "}"),
                Map.entry("template", "{\"title\":\"Taglines\",\"category\":\"writing\",\"description\":\"d\","
                        + "\"content\":\"Write a tagline for {product}\"}"),
                Map.entry("entry", "{\"title\":\"Returns\",\"body\":\"Unused products can be returned within 30 days.\","
                        + "\"url\":\"https://example.test/returns\",\"tags\":[\"refunds\"]}"),
                Map.entry("visitor_chat", "{\"session_id\":\"" + UUID.randomUUID() + "\",\"visitor_id\":\"v-1\",\"title\":"
                        + "\"Website Chat\",\"context\":{\"page_url\":\"https://example.test/\",\"user_agent\":\"x\","
                        + "\"referrer\":\"\",\"tenant_id\":\"" + f.tenant().slug() + "\"}}"),
                Map.entry("visitor_message", "{\"content\":\"Hello\",\"role\":\"user\",\"session_id\":\"" + UUID.randomUUID()
                        + "\",\"metadata\":{\"page_url\":\"https://example.test/\"}}"));
    }

    @Test
    void fuzzedRequestsGet4xxInTheErrorShapeWhileDeliveryGoesOn() throws Exception {
        ChatFixture f = ChatFixture.create();
        TestTenant other = TestTenant.signUp();
        long mark = ServerLog.mark();
        long started = System.nanoTime();
        RestRun run = new RestRun();
        Map<String, String> real = realIds(f);
        long messageId = Long.parseLong(real.get("message"));
        // The fuzzing may deactivate and edit the customer it names: not the healthy connection's.
        long spareCustomer = Long.parseLong(real.get("customer"));
        Known known = new Known(f.chatId(), messageId, f.staffId(), spareCustomer, f.tenant().id(), f.tenant().slug(),
                f.staffToken(), f.customerToken(), oddTokens(f.staffToken(), other));
        FuzzInputs inputs = new FuzzInputs(SEED ^ 0x52455354L, known);
        Map<String, String> bodies = bodies(f, messageId);
        List<RestCase> cases = new ArrayList<>();
        for (int i = 1; i <= REST_CASES; i++) {
            cases.add(inputs.restCase(i, ENDPOINTS, new FuzzInputs.PathIds(real), bodies));
        }
        try (Healthy healthy = new Healthy(f)) {
            whileChecking(healthy, cases.stream().<Runnable>map(c -> () -> run.request(c)).toList());
            System.out.printf("FuzzIT seed %d: %d REST requests in %d ms; %d delivery checks; kinds %s; statuses %s;"
                            + " slowest endpoints (ms in all) %s%n", SEED, cases.size(),
                    (System.nanoTime() - started) / 1_000_000, healthy.checks, count(cases, RestCase::kind),
                    new TreeMap<>(run.statuses), run.millisByEndpoint.entrySet().stream()
                            .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6).toList());
            assertAll(() -> run.findings.assertNone(), healthy::assertDelivered, FuzzIT::assertReady,
                    () -> assertNothingSevere(f, mark, "while fuzzed (seed " + SEED + ")"));
        }
    }

    /** Real ids of the fixture's tenant for the path parameters: a message, a spare customer, a key, a template, an entry, a file. */
    private static Map<String, String> realIds(ChatFixture f) {
        String[] owner = f.tenant().owner();
        Map<String, String> ids = new java.util.HashMap<>();
        ids.put("chat", Long.toString(f.chatId()));
        ids.put("user", Long.toString(f.staffId()));
        ids.put("tenant", f.tenant().slug());
        ids.put("platform", f.tenant().id());
        ids.put("visitor", UUID.randomUUID().toString());
        ids.put("message", created(Api.post(f.messages(), obj("content", "A message to name"), owner)));
        ids.put("customer", created(Api.post("/api/v1/customers", obj("name", "Spare customer"), owner)));
        ids.put("key", created(Api.post("/api/v1/tenants/" + f.tenant().id() + "/api-keys", obj("name", "fuzzed"), owner)));
        ids.put("template", created(Api.post("/api/v1/templates", obj("title", "T", "category", "writing",
                "description", "d", "content", "Write about {x}"), owner)));
        ids.put("entry", created(Api.post("/api/v1/knowledge", obj("title", "Returns", "body", "Within 30 days."), owner)));
        MediaIT.Reply upload = MediaIT.upload(f.staffToken(), "note.txt", "text/plain",
                "hello".getBytes(StandardCharsets.UTF_8));
        assertEquals(201, upload.status(), () -> new String(upload.body(), StandardCharsets.UTF_8));
        String url = upload.json().getString("file_url");
        ids.put("media", url.substring(url.lastIndexOf('/') + 1));
        return ids;
    }

    private static String created(Api.Reply reply) {
        assertEquals(201, reply.status(), reply::toString);
        return reply.json().get("id").toString().replace("\"", "");
    }

    /** Sends fuzzed requests and judges each answer. */
    static final class RestRun {

        private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        final Findings findings = new Findings("REST");
        final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        final Map<String, Long> millisByEndpoint = new ConcurrentHashMap<>();

        void request(RestCase c) {
            HttpRequest.Builder request;
            try {
                request = HttpRequest.newBuilder(URI.create(Api.base() + c.path())).timeout(Duration.ofSeconds(30))
                        .method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(c.body()));
                boolean contentType = false;
                for (int i = 0; i < c.headers().size(); i += 2) {
                    request.header(c.headers().get(i), c.headers().get(i + 1));
                    contentType |= c.headers().get(i).equalsIgnoreCase("Content-Type");
                }
                if (c.body() != null && !contentType) {
                    request.header("Content-Type", "application/json");
                }
            } catch (IllegalArgumentException unsendable) {
                fail(c, "the test could not build this request", unsendable.getMessage());
                return;
            }
            HttpResponse<String> response;
            long started = System.nanoTime();
            try {
                response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
                millisByEndpoint.merge(c.endpoint(), (System.nanoTime() - started) / 1_000_000, Long::sum);
            } catch (IOException e) {
                fail(c, "no answer", e.toString());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            int status = response.statusCode();
            statuses.merge(status, 1, Integer::sum);
            // The HTTP layer refuses some requests before Parley runs (a body on a GET, DELETE or OPTIONS, a
            // path whose escapes decode to NUL or to no UTF-8): a 400 with no body, documented in api.md.
            boolean refusedBeforeParley = status == 400 && response.body().isEmpty();
            String shapeProblem = status >= 400 && !refusedBeforeParley ? errorShapeProblem(response.body()) : null;
            if (status >= 500 || shapeProblem != null) {
                fail(c, status + (shapeProblem == null ? "" : " " + shapeProblem.replaceAll(":.*", "")),
                        "answered " + status + " " + FuzzInputs.abbreviate(response.body(), 300));
            }
        }

        void fail(RestCase c, String problem, String detail) {
            findings.add(problem + " for " + cause(c), c.number(), detail + "\n        input " + c.shown());
        }

        /**
         * What a failing request has that others do not, as far as the request alone tells: what the container
         * refuses before Parley runs (a body on a GET, a path that decodes to no UTF-8), or its endpoint.
         */
        static String cause(RestCase c) {
            if (c.body() != null && !Set.of("POST", "PUT", "PATCH").contains(c.method())) {
                return "a body on " + c.method();
            }
            if (Pattern.compile("%(00|[89A-F][0-9A-F])", Pattern.CASE_INSENSITIVE).matcher(c.path().replaceAll("\\?.*", ""))
                    .find()) {
                return "a path with %00 or bytes that are no UTF-8";
            }
            return c.method() + " " + c.endpoint();
        }
    }

    /** Null when {@code body} is an error in Parley's shape: a JSON object with string error and message. */
    static String errorShapeProblem(String body) {
        try (var reader = Json.createReader(new StringReader(body))) {
            JsonObject error = reader.readObject();
            return error.get("error") instanceof JsonString && error.get("message") instanceof JsonString ? null
                    : "without {\"error\",\"message\"}: " + FuzzInputs.abbreviate(body, 300);
        } catch (RuntimeException notJson) {
            return "with a body that is no JSON object: " + FuzzInputs.abbreviate(body, 300);
        }
    }

    // ================================================================ shared

    /**
     * Failing cases, grouped by what went wrong. The assertion names every failing case number with the seed,
     * and shows the first of each group in full; the whole list goes to {@code target/it/fuzz-<seed>-<what>.txt}.
     */
    static final class Findings {

        private record Finding(String group, int number, String detail) {
        }

        private final String what;
        private final ConcurrentLinkedQueue<Finding> all = new ConcurrentLinkedQueue<>();
        private final Map<Integer, String> notes = new ConcurrentHashMap<>();

        Findings(String what) {
            this.what = what;
        }

        void add(String group, int number, String detail) {
            all.add(new Finding(group, number, detail));
        }

        /** Adds to what is said about a case (a replay of it). */
        void note(int number, String note) {
            notes.merge(number, note, (a, b) -> a + "\n        " + b);
        }

        private Map<String, List<Finding>> groups() {
            Map<String, List<Finding>> groups = new TreeMap<>();
            all.stream().sorted(java.util.Comparator.comparingInt(Finding::number))
                    .forEach(f -> groups.computeIfAbsent(f.group(), g -> new ArrayList<>()).add(f));
            return groups;
        }

        /** The first {@code perGroup} case numbers of each group, at most {@code limit} in all. */
        List<Integer> examples(int perGroup, int limit) {
            return groups().values().stream().flatMap(g -> g.stream().limit(perGroup)).map(Finding::number)
                    .distinct().limit(limit).toList();
        }

        void assertNone() {
            if (all.isEmpty()) {
                return;
            }
            Map<String, List<Finding>> groups = groups();
            StringBuilder summary = new StringBuilder();
            StringBuilder everything = new StringBuilder();
            groups.forEach((group, findings) -> {
                summary.append("\n  ").append(findings.size()).append(" x ").append(group).append(": cases ")
                        .append(findings.stream().map(f -> Integer.toString(f.number())).distinct()
                                .collect(java.util.stream.Collectors.joining(", ")));
                Finding first = findings.get(0);
                summary.append("\n      e.g. case ").append(first.number()).append(": ").append(detail(first));
                findings.forEach(f -> everything.append(group).append(", case ").append(f.number()).append(": ")
                        .append(detail(f)).append("\n"));
            });
            java.nio.file.Path file = java.nio.file.Path.of(System.getProperty("parley.it.work-dir", "target/it"),
                    "fuzz-" + SEED + "-" + what.toLowerCase() + ".txt");
            try {
                java.nio.file.Files.writeString(file, "seed " + SEED + "\n" + everything);
            } catch (IOException e) {
                summary.append("\n(could not write ").append(file).append(": ").append(e).append(")");
            }
            fail(all.size() + " fuzzed " + what + " inputs failed, seed " + SEED + " (replay with -D" + SEED_PROPERTY
                    + "=" + SEED + "); every case in " + file + summary);
        }

        private String detail(Finding f) {
            return f.detail() + (notes.containsKey(f.number()) ? "\n        " + notes.get(f.number()) : "");
        }
    }

    private static void assertReady() {
        Api.Reply ready = Api.get("/health/ready");
        assertEquals(200, ready.status(), () -> "seed " + SEED + ": " + ready);
        assertEquals("UP", ready.json().getString("status"), () -> "seed " + SEED + ": " + ready);
    }

    /** Nothing SEVERE in the server's log since {@code mark}, up to a line it logs now; {@code when} says what ran. */
    static void assertNothingSevere(ChatFixture f, long mark, String when) throws InterruptedException {
        String connectionId;
        try (WsClient marker = WsClient.connect("/ws?token=" + f.staffToken())) {
            connectionId = marker.next("connected").getString("connection_id");
        }
        String logged = ServerLog.awaitSince(mark, "connection=" + connectionId, Duration.ofSeconds(20));
        List<String> lines = logged.lines().toList();
        // Each kind of SEVERE entry (its line and the exception under it) once, with how often it came.
        Map<String, Integer> kinds = new java.util.LinkedHashMap<>();
        Map<String, String> firstOfKind = new java.util.HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            // JUL's SEVERE; what Weld and other JBoss-logging code log at ERROR shows as "ERROR:".
            if ((lines.get(i).contains("SEVERE") || lines.get(i).startsWith("ERROR:"))
                    && !isGrizzlyUriDecoderBug(lines, i)) {
                String kind = lines.get(i) + (i + 1 < lines.size() ? " / " + lines.get(i + 1).strip() : "");
                kinds.merge(kind, 1, Integer::sum);
                int from = i;
                firstOfKind.computeIfAbsent(kind, k -> String.join("\n", lines.subList(from, Math.min(lines.size(), from + 14))));
            }
        }
        assertTrue(kinds.isEmpty(), () -> "the server logged SEVERE " + when + ":\n" + kinds.entrySet()
                .stream().map(k -> k.getValue() + " x " + FuzzInputs.abbreviate(k.getKey(), 300) + "\n" + firstOfKind.get(k.getKey()))
                .collect(java.util.stream.Collectors.joining("\n---\n")));
    }

    /**
     * Grizzly's URI normalisation fails on escaped slashes after ".." ({@code /a/..%2F..%2Fb}) with an
     * ArrayIndexOutOfBoundsException that the container logs as SEVERE before Parley runs; the request still
     * gets a 400 and nothing else is affected (FuzzFindingsIT). A known container defect, not Parley's.
     */
    private static boolean isGrizzlyUriDecoderBug(List<String> lines, int at) {
        return lines.subList(at, Math.min(lines.size(), at + 4)).stream()
                .anyMatch(line -> line.contains("ArrayIndexOutOfBoundsException"))
                && lines.subList(at, Math.min(lines.size(), at + 6)).stream()
                .anyMatch(line -> line.contains("HttpRequestURIDecoder.normalize"));
    }

    private static <T> Map<String, Integer> count(List<T> items, java.util.function.Function<T, String> key) {
        Map<String, Integer> counts = new TreeMap<>();
        items.forEach(item -> counts.merge(key.apply(item), 1, Integer::sum));
        return counts;
    }
}
