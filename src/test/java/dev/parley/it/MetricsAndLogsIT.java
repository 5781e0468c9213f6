package dev.parley.it;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.platform.ParleyDatabase;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What operators watch, on an instance of its own (so that no other test moves its figures): Parley's series
 * at {@code /metrics?scope=application}, read as Prometheus reads them before and after real traffic, each
 * moving by exactly what the traffic did; and its log as one JSON object per line, as
 * {@code server-config/logging-json.properties} sets it, with tenant and connection as fields.
 */
@ExtendWith(ArquillianExtension.class)
class MetricsAndLogsIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)$");
    private static SecondParley parley;

    @BeforeAll
    static void start() throws Exception {
        // Tenants' series refreshed every second, so that the test's tenant gets one at once. JSON logs as the
        // docs set them: the logging file, and no post-boot file (its log levels are in the logging file).
        String jsonLogging = Path.of(System.getProperty("parley.it.server-config", "server-config"))
                .resolve("logging-json.properties").toAbsolutePath().toString();
        parley = SecondParley.start("metrics-parley", List.of("-Dparley.metrics.tenant-refresh-seconds=1"), micro -> {
            int postBoot = micro.indexOf("--postbootcommandfile");
            micro.subList(postBoot, postBoot + 2).clear();
            micro.addAll(List.of("--logproperties", jsonLogging));
        });
    }

    @AfterAll
    static void stop() {
        if (parley != null) {
            parley.close();
        }
    }

    @Test
    void everySeriesMovesByWhatTheTrafficDid() throws Exception {
        ChatFixture f = ChatFixture.create();
        VisitorFixture visitors = VisitorFixture.create();
        String base = parley.base();
        Map<String, Double> before = scrape(base);
        assertTrue(before.containsKey("parley_delivery_latency_seconds_count"), "series exist before any traffic");
        await(() -> value(scrape(base), "parley_ready") == 1, "parley_ready");

        try (WsClient staff = WsClient.connectAs(base, "user", f.staffToken());
             WsClient customer = WsClient.connectAs(base, "customer", f.customerToken())) {
            f.join(staff);
            f.join(customer);
            await(() -> value(scrape(base), "parley_tenant_connections{tenant=\"" + f.tenant().id() + "\"}") == 2,
                    "the tenant's connections series");
            Map<String, Double> open = scrape(base);
            assertEquals(1, delta(before, open, "parley_connections{type=\"user\"}"));
            assertEquals(1, delta(before, open, "parley_connections{type=\"customer\"}"));

            for (int i = 0; i < 3; i++) {
                customer.send(obj("type", "send_message", "chat_id", f.chatId(), "client_message_id", "m-" + i,
                        "content", "message " + i));
                customer.next("message_ack");
                staff.next("message");
            }
            customer.send(obj("type", "join_chat", "chat_id", 999_999_999L)); // not theirs: an error frame
            assertEquals("not_found", customer.next("error").getString("error"));

            Api.Reply published = Api.post(base + "/api/v1/notifications", obj("event", "order.shipped",
                    "data", obj("order", 7)), Api.bearer(f.staffToken()));
            assertEquals(202, published.status(), published::toString);
            assertEquals(2, published.json().getInt("delivered"));
            staff.next("order.shipped");
            customer.next("order.shipped");

            for (int i = 0; i < 2; i++) {
                Api.Reply refused = Api.post(base + "/api/v1/auth/login", obj("email", f.tenant().ownerEmail(),
                        "password", "wrong password", "tenant", f.tenant().slug()));
                assertEquals(401, refused.status(), refused::toString);
            }
            assertEquals(404, Api.get(base + "/api/v1/chat/chats/999999999", Api.bearer(f.staffToken())).status());

            VisitorFixture.Visitor visitor = visitors.visitor();
            String chat = visitor.openChat().getString("id");
            Api.Reply answered = Api.post(base + "/api/v1/chat/" + chat + "/messages", obj("content",
                    "When are you open?", "role", "user"), visitor.headers());
            assertEquals(201, answered.status(), answered::toString);

            staff.send(obj("type", "ping"));
            staff.next("pong");
            Map<String, Double> after = scrape(base);

            assertEquals(3 + 2, delta(before, after, "parley_messages_stored_total"),
                    "three chat messages, the visitor's question and the assistant's answer");
            assertEquals(3 * 2, delta(before, after, "parley_delivery_latency_seconds_count"),
                    "each message handed to both members' connections, the sender's included");
            assertEquals(3 * 2, delta(before, after, "parley_delivery_latency_seconds_bucket{le=\"+Inf\"}"));
            assertTrue(delta(before, after, "parley_delivery_latency_seconds_sum") > 0);
            assertEquals(1, delta(before, after, "parley_notifications_published_total"));
            assertEquals(2, delta(before, after, "parley_notifications_delivered_total"));
            assertEquals(2, delta(before, after, "parley_logins_failed_total"));
            assertEquals(1, delta(before, after, "parley_errors_total{code=\"not_found\",via=\"ws\"}"));
            assertEquals(2, delta(before, after, "parley_errors_total{code=\"invalid_credentials\",via=\"rest\"}"));
            assertEquals(1, delta(before, after, "parley_errors_total{code=\"not_found\",via=\"rest\"}"));
            double replies = 0;
            double timed = 0;
            for (String outcome : List.of("stop", "no_answer", "cancelled", "timeout", "error")) {
                replies += delta(before, after, "parley_assistant_replies_total{mode=\"builtin\",outcome=\"" + outcome + "\"}");
                timed += delta(before, after, "parley_assistant_latency_seconds_count{mode=\"builtin\",outcome=\"" + outcome + "\"}");
            }
            assertEquals(1, replies, "the visitor's answer");
            assertEquals(1, timed);
            // In: 2 joins, 3 messages, the wrong join, a ping. Out, to staff: chat_joined, presence, user_joined,
            // 3 messages, the event, pong; to the customer: chat_joined, presence, 3 acks and 3 statuses, the
            // error, the event.
            assertEquals(2 + 3 + 1 + 1, delta(before, after, "parley_frames_received_total"));
            assertEquals(delta(before, after, "parley_frames_queued_total"), delta(before, after, "parley_frames_sent_total"),
                    "every queued frame written");
        }
        await(() -> value(scrape(base), "parley_connections{type=\"user\"}") == value(before, "parley_connections{type=\"user\"}"),
                "the closed connections gone");
    }

    /**
     * Pool use: a request waiting on a row lock in PostgreSQL holds a connection until it is done, and nothing
     * is refused. The lock is the test's own transaction on the suite's database.
     */
    @Test
    void aRequestWaitingOnTheDatabaseHoldsAPoolConnection() throws Exception {
        ChatFixture f = ChatFixture.create();
        String base = parley.base();
        Map<String, Double> before = scrape(base);
        assertEquals(ParleyDatabase.MAX_POOL_SIZE, value(before, "parley_db_connections_max"));
        double idle = quietInUse(base);
        CompletableFuture<Api.Reply> rename;
        try (Connection db = DriverManager.getConnection(TestEnvironment.database().jdbcUrl(), "postgres", "")) {
            db.setAutoCommit(false);
            try (PreparedStatement lock = db.prepareStatement("SELECT id FROM chats WHERE id = ? FOR UPDATE")) {
                lock.setLong(1, f.chatId());
                lock.executeQuery();
            }
            rename = CompletableFuture.supplyAsync(() -> Api.patch(base + "/api/v1/chat/chats/" + f.chatId(),
                    obj("title", "Renamed while locked"), Api.bearer(f.staffToken())));
            await(() -> quietInUse(base) >= idle + 1, "the waiting request's connection in use");
            assertFalse(rename.isDone(), "the rename waits for the row lock");
            db.rollback();
        }
        Api.Reply renamed = rename.get(20, TimeUnit.SECONDS);
        assertEquals(200, renamed.status(), renamed::toString);
        await(() -> quietInUse(base) <= idle, "the connection given back");
        assertEquals(0, delta(before, scrape(base), "parley_db_connections_refused_total"));
    }

    /** Connections in use, the least of a few scrapes: past the background tasks' brief ones (sweeps, readiness). */
    private static double quietInUse(String base) {
        double least = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            least = Math.min(least, value(scrape(base), "parley_db_connections_in_use"));
        }
        return least;
    }

    /** One limit broken: too many frames at once closes the connection with reason policy. */
    @Test
    void aConnectionClosedForARuleCountsItsReason() throws Exception {
        ChatFixture f = ChatFixture.create();
        String base = parley.base();
        Map<String, Double> before = scrape(base);
        try (WsClient staff = WsClient.connectAs(base, "user", f.staffToken())) {
            for (int i = 0; i < 200; i++) {
                staff.send(obj("type", "ping"));
            }
            staff.awaitClose(Duration.ofSeconds(10));
        }
        await(() -> delta(before, scrape(base), "parley_connections_closed_total{reason=\"policy\"}") == 1,
                "the close counted");
        assertEquals(0, delta(before, scrape(base), "parley_connections_closed_total{reason=\"too_slow\"}"));
    }

    @Test
    void theLogIsOneJsonObjectPerLineWithTenantAndConnectionAsFields() throws Exception {
        ChatFixture f = ChatFixture.create();
        String connectionId;
        try (WsClient staff = WsClient.connectAs(parley.base(), "user", f.staffToken())) {
            connectionId = staff.connected().getString("connection_id");
        }
        JsonObject[] connected = {null};
        await(() -> {
            connected[0] = jsonLines().stream().filter(line -> line.getString("LogMessage", "").startsWith("WS connected")
                    && f.tenant().id().equals(line.getString("tenant", null))).findFirst().orElse(null);
            return connected[0] != null;
        }, "the connection's log line");
        assertEquals(connectionId, connected[0].getString("connection"));
        assertEquals("user:" + f.staffId(), connected[0].getString("participant"));
        assertEquals("INFO", connected[0].getString("Level"));
        assertEquals("dev.parley.realtime.control.ConnectionRegistry", connected[0].getString("LoggerName"));
        // Every line of Parley's and Payara's logging is JSON; only a few bare prints of Payara's are not.
        List<String> lines = Files.readAllLines(parley.log());
        long json = lines.stream().filter(line -> line.startsWith("{")).count();
        assertTrue(json > 50 && json >= lines.size() * 0.8, json + " JSON lines of " + lines.size());
    }

    private static List<JsonObject> jsonLines() {
        try {
            List<JsonObject> parsed = new ArrayList<>();
            for (String line : Files.readAllLines(parley.log())) {
                if (line.startsWith("{")) {
                    try (var reader = Json.createReader(new StringReader(line))) {
                        parsed.add(reader.readObject());
                    }
                }
            }
            return parsed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The samples of {@code /metrics?scope=application}, by name and labels (without {@code mp_scope}). */
    static Map<String, Double> scrape(String base) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics?scope=application"))
                    .header("Accept", "text/plain").timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer::body);
            Map<String, Double> samples = new HashMap<>();
            for (String line : answer.body().split("\n")) {
                Matcher sample = SAMPLE.matcher(line.strip());
                if (!line.startsWith("#") && sample.matches()) {
                    String labels = sample.group(2) == null ? "" : sample.group(2)
                            .replaceAll(",?mp_scope=\"[^\"]*\"", "").replace("{,", "{");
                    samples.put(sample.group(1) + ("{}".equals(labels) ? "" : labels), Double.parseDouble(sample.group(3)));
                }
            }
            return samples;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double value(Map<String, Double> samples, String series) {
        return samples.getOrDefault(series, 0.0);
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        assertTrue(after.containsKey(series), series + " is in " + after.keySet());
        return value(after, series) - value(before, series);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
