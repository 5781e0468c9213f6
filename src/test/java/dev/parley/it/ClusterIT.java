package dev.parley.it;

import static dev.parley.it.Api.bearer;
import static dev.parley.it.Api.obj;
import static dev.parley.it.WsClient.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Three Parleys as one cluster on the Domain Data Grid, against the suite's PostgreSQL: every
 * client-visible behaviour is the same whichever instance each client uses, and when an instance is
 * killed ({@code kill -9}) under load, nothing acknowledged is lost, every survivor's client sees every
 * message in seq order, and the dead instance's participants leave presence within the bound.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static List<SecondParley> cluster;
    private static String a;
    private static String b;
    private static String c;

    @BeforeAll
    static void startCluster() throws Exception {
        Api.base(); // the suite's server has migrated the schema the cluster shares
        long started = System.nanoTime();
        cluster = SecondParley.startCluster("cluster", 3);
        a = cluster.get(0).base();
        b = cluster.get(1).base();
        c = cluster.get(2).base();
        System.out.printf("Three instances ready and on one grid in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.forEach(SecondParley::close);
        }
    }

    @Test
    @Order(1)
    void messagesSentThroughTwoInstancesReachMembersOnAllInSeqOrderAndTheSenderHearsDeliveredOnce() {
        ChatFixture f = ChatFixture.create();
        try (WsClient customerOnA = WsClient.connectAs(a, "customer", f.customerToken());
             WsClient staffOnB = WsClient.connectAs(b, "user", f.staffToken());
             WsClient customerOnC = WsClient.connectAs(c, "customer", f.customerToken());
             WsClient staffOnC = WsClient.connectAs(c, "user", f.staffToken())) {
            for (WsClient socket : List.of(customerOnA, staffOnB, customerOnC, staffOnC)) {
                f.join(socket);
            }
            int each = 15;
            for (int i = 0; i < each; i++) { // two instances commit into the chat at once
                customerOnA.send(obj("type", "send_message", "chat_id", f.chatId(), "content", "from a " + i,
                        "client_message_id", "a-" + i));
                staffOnB.send(obj("type", "send_message", "chat_id", f.chatId(), "content", "from b " + i,
                        "client_message_id", "b-" + i));
            }
            for (WsClient socket : List.of(customerOnA, staffOnB, customerOnC, staffOnC)) {
                List<Long> seqs = new ArrayList<>();
                while (seqs.size() < 2 * each) {
                    seqs.add(socket.next("message").getJsonObject("message").getJsonNumber("seq").longValue());
                }
                for (int i = 0; i < seqs.size(); i++) {
                    assertEquals(i + 1, seqs.get(i), "every member sees the chat's messages in seq order: " + seqs);
                }
            }
            // The customer's messages reached the staff on B and C: each is reported delivered once, by one instance.
            Map<Long, Integer> delivered = new HashMap<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (delivered.size() < each && System.nanoTime() < deadline) {
                for (JsonObject frame : customerOnA.framesUntilPong()) {
                    JsonObject data = frame.getJsonObject("data");
                    if ("message_status".equals(frame.getString("type")) && "delivered".equals(data.getString("status"))) {
                        delivered.merge(data.getJsonNumber("message_id").longValue(), 1, Integer::sum);
                    }
                }
            }
            assertEquals(each, delivered.size(), "each of the customer's messages was reported delivered");
            delivered.forEach((id, times) -> assertEquals(1, times, "message " + id + " reported delivered once"));
        }
    }

    @Test
    @Order(2)
    void presenceAndTypingCrossInstances() {
        ChatFixture f = ChatFixture.create();
        try (WsClient staffOnA = WsClient.connectAs(a, "user", f.staffToken())) {
            f.join(staffOnA);
            try (WsClient customerOnB = WsClient.connectAs(b, "customer", f.customerToken())) {
                f.join(customerOnB);
                JsonObject joined = staffOnA.next("user_joined");
                assertEquals("customer", joined.getString("participant_type"));
                assertEquals(f.customerId(), joined.getJsonNumber("participant_id").longValue());
                JsonObject presence = customerOnB.next("presence");
                assertTrue(presence.getJsonArray("online").getValuesAs(JsonObject.class).stream()
                                .anyMatch(p -> "user".equals(p.getString("participant_type"))
                                        && p.getJsonNumber("participant_id").longValue() == f.staffId()),
                        "the staff member, connected to A, is online for the customer on B: " + presence);
                JsonObject chat = Api.get(c + "/api/v1/chat/chats/" + f.chatId(), bearer(f.staffToken())).json();
                assertEquals(2, chat.getJsonArray("participants").getValuesAs(JsonObject.class).stream()
                        .filter(p -> p.getBoolean("is_online")).count(), "both online, seen through C: " + chat);

                customerOnB.send(obj("type", "typing", "chat_id", f.chatId(), "is_typing", true));
                JsonObject typing = staffOnA.next("typing");
                assertEquals(f.customerId(), typing.getJsonNumber("participant_id").longValue());
            }
            JsonObject left = staffOnA.next("user_left");
            assertEquals(f.customerId(), left.getJsonNumber("participant_id").longValue());
        }
    }

    @Test
    @Order(3)
    void aNotificationThroughOneInstanceReachesTheOthersConnectionsCountedOnce() {
        ChatFixture f = ChatFixture.create();
        String key = Api.post("/api/v1/tenants/" + f.tenant().id() + "/api-keys", obj("name", "backend"),
                f.tenant().owner()).json().getString("api_key");
        try (WsClient staffOnA = WsClient.connectAs(a, "user", f.staffToken());
             WsClient customerOnC = WsClient.connectAs(c, "customer", f.customerToken());
             WsClient secondCustomerOnC = WsClient.connectAs(c, "customer", f.customerToken())) {
            Api.Reply reply = Api.post(b + "/api/v1/notifications", obj("event", "order.shipped",
                    "data", obj("order", 7)), "X-API-Key", key);
            assertEquals(202, reply.status(), reply::toString);
            assertEquals(3, reply.json().getInt("delivered"), "one connection on A and two on C");
            for (WsClient socket : List.of(staffOnA, customerOnC, secondCustomerOnC)) {
                assertEquals(7, socket.next("order.shipped").getJsonObject("data").getInt("order"));
            }
            Api.Reply toCustomer = Api.post(a + "/api/v1/notifications", obj("event", "ping.customer",
                    "target", obj("customer_id", f.customerId())), "X-API-Key", key);
            assertEquals(2, toCustomer.json().getInt("delivered"), "the customer's two connections, on C");

            JsonObject stats = Api.get(b + "/api/v1/admin/connections", f.tenant().owner()).json();
            assertEquals(3, stats.getInt("connections"), "counted on every instance: " + stats);
            assertEquals(1, stats.getJsonObject("by_participant_type").getInt("user"));
            assertEquals(2, stats.getJsonObject("by_participant_type").getInt("customer"));
            assertEquals(2, stats.getJsonObject("notifications").getInt("published"), stats.toString());
            assertEquals(5, stats.getJsonObject("notifications").getInt("delivered"), stats.toString());
        }
    }

    @Test
    @Order(4)
    void suspendingThroughOneInstanceClosesTheTenantsConnectionsOnAllOthers() {
        ChatFixture f = ChatFixture.create();
        ChatFixture bystander = ChatFixture.create();
        String[] operator = {"X-Platform-Key", TestEnvironment.OPERATOR_KEY};
        try (WsClient staffOnA = WsClient.connectAs(a, "user", f.staffToken());
             WsClient customerOnB = WsClient.connectAs(b, "customer", f.customerToken());
             WsClient otherOnA = WsClient.connectAs(a, "user", bystander.staffToken())) {
            JsonObject listed = Api.get(c + "/api/v1/platform/tenants", operator).array().getValuesAs(JsonObject.class)
                    .stream().filter(t -> t.getString("id").equals(f.tenant().id())).findFirst().orElseThrow();
            assertEquals(2, listed.getInt("connections"), listed.toString());

            Api.Reply suspended = Api.post(c + "/api/v1/platform/tenants/" + f.tenant().id() + "/suspend", null,
                    operator);
            assertEquals(200, suspended.status(), suspended::toString);
            assertEquals(2, suspended.json().getInt("closed_connections"));
            for (WsClient socket : List.of(staffOnA, customerOnB)) {
                WsClient.Close close = socket.awaitClose(WAIT);
                assertEquals(1008, close.code());
                assertEquals("tenant suspended", close.reason());
            }
            otherOnA.send(obj("type", "ping"));
            otherOnA.next("pong"); // another tenant's connection on A is untouched
            Api.post(c + "/api/v1/platform/tenants/" + f.tenant().id() + "/resume", null, operator);
        }
    }

    @Test
    @Order(5)
    void loginFailuresAndVisitorLimitsCountOnceForTheWholeCluster() {
        List<String> instances = List.of(a, b, c);
        TestTenant tenant = TestTenant.signUp();
        for (int i = 0; i < 10; i++) { // the account's allowance of failures, spread over the instances
            Api.Reply failed = Api.post(instances.get(i % 3) + "/api/v1/auth/login",
                    obj("email", tenant.ownerEmail(), "password", "guess " + i));
            assertEquals(401, failed.status(), failed::toString);
        }
        for (String instance : instances) {
            Api.Reply locked = Api.post(instance + "/api/v1/auth/login",
                    obj("email", tenant.ownerEmail(), "password", TestTenant.PASSWORD));
            assertEquals(429, locked.status(), "locked on every instance: " + locked);
        }

        VisitorFixture site = VisitorFixture.create();
        String address = VisitorFixture.randomAddress();
        for (int i = 0; i < 6; i++) { // five new chats an hour per address, in the suite's settings
            String session = java.util.UUID.randomUUID().toString();
            Api.Reply opened = Api.post(instances.get(i % 3) + "/api/v1/chat/",
                    obj("session_id", session, "visitor_id", "v-" + session, "title", "Website Chat"),
                    "X-Tenant-ID", site.tenant().slug(), "X-Forwarded-For", address);
            assertEquals(i < 5 ? 201 : 429, opened.status(), "chat " + (i + 1) + " from one address: " + opened);
        }
    }

    /**
     * What an instance committed and never published (it died in between, or the grid lost it) is written
     * straight into PostgreSQL here: the instances find it there, alone at the end (the sweep) or as a gap
     * before a later message, and every member gets every message in seq order.
     */
    @Test
    @Order(6)
    void messagesCommittedButNeverPublishedReachEveryInstanceFromPostgreSQL() throws Exception {
        ChatFixture f = ChatFixture.create();
        try (WsClient staffOnA = WsClient.connectAs(a, "user", f.staffToken());
             WsClient customerOnB = WsClient.connectAs(b, "customer", f.customerToken())) {
            f.join(staffOnA);
            f.join(customerOnB);
            customerOnB.send(obj("type", "send_message", "chat_id", f.chatId(), "content", "published",
                    "client_message_id", "published-1"));
            for (WsClient socket : List.of(staffOnA, customerOnB)) {
                assertEquals(1, seqOf(socket.next("message")));
            }
            storeUnpublished(f, "lost at the end"); // seq 2, with nothing after it
            for (WsClient socket : List.of(staffOnA, customerOnB)) {
                JsonObject message = socket.next("message");
                assertEquals(2, seqOf(message));
                assertEquals("lost at the end", message.getJsonObject("message").getString("content"));
            }
            storeUnpublished(f, "lost in the middle"); // seq 3, then 4 published
            staffOnA.send(obj("type", "send_message", "chat_id", f.chatId(), "content", "published after",
                    "client_message_id", "published-2"));
            for (WsClient socket : List.of(staffOnA, customerOnB)) {
                assertEquals(3, seqOf(socket.next("message")), "the missing one first");
                assertEquals(4, seqOf(socket.next("message")));
                assertTrue(socket.framesUntilPong().stream().noneMatch(frame -> "message".equals(frame.getString("type"))),
                        "and no message twice");
            }
        }
    }

    /** How often each {@code client_message_id} is stored in the chat, read in one query (pages could shift). */
    private static Map<String, Integer> storedTimes(long chatId) throws Exception {
        Map<String, Integer> stored = new HashMap<>();
        try (var db = java.sql.DriverManager.getConnection(database(), "postgres", "");
             var count = db.prepareStatement("SELECT client_message_id, count(*) FROM messages WHERE chat_id = ?"
                     + " AND client_message_id IS NOT NULL GROUP BY client_message_id")) {
            count.setLong(1, chatId);
            try (var rows = count.executeQuery()) {
                while (rows.next()) {
                    stored.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        return stored;
    }

    private static String database() {
        return System.getProperty("parley.it.db-admin-url").replaceFirst("/postgres$", "/parley");
    }

    /** Commits a message as an instance does, without publishing it. */
    private static void storeUnpublished(ChatFixture f, String content) throws Exception {
        try (var db = java.sql.DriverManager.getConnection(database(), "postgres", "");
             var insert = db.prepareStatement("""
                     WITH next AS (UPDATE chats SET last_seq = last_seq + 1 WHERE id = ? RETURNING tenant_id, id, last_seq)
                     INSERT INTO messages (tenant_id, chat_id, seq, sender_type, sender_id, message_type, content)
                     SELECT tenant_id, id, last_seq, 'customer', ?, 'text', ? FROM next""")) {
            insert.setLong(1, f.chatId());
            insert.setLong(2, f.customerId());
            insert.setString(3, content);
            assertEquals(1, insert.executeUpdate());
        }
    }

    private static long seqOf(JsonObject frame) {
        return frame.getJsonObject("message").getJsonNumber("seq").longValue();
    }

    /**
     * Two rounds: C is killed under load, started again (a new member joins the running grid), then A, the
     * oldest member, whose duties (tidying presence after the dead) pass to the next. In each round clients on
     * all three instances send steadily into one chat; the clients on the survivors never reconnect and still
     * see every message in seq order, those the dead instance committed and never published included; the
     * dead instance's client resumes on another, as {@code parley.js} does behind a load balancer.
     */
    @Test
    @Order(7)
    void killingInstancesUnderLoadLosesNothingAndTheirParticipantsLeavePresence() throws Exception {
        List<String> rounds = new ArrayList<>();
        rounds.add(killUnderLoad(2));
        cluster.get(2).restart();
        for (SecondParley parley : cluster) {
            parley.awaitInstances(3);
        }
        rounds.add(killUnderLoad(0));
        rounds.forEach(System.out::println);
    }

    /** Kills instance {@code victim} under load and checks everything the clients saw; answers the figures. */
    private static String killUnderLoad(int victim) throws Exception {
        List<String> bases = cluster.stream().map(SecondParley::base).toList();
        List<String> survivors = new ArrayList<>(bases);
        survivors.remove(victim);
        ChatFixture f = ChatFixture.create();
        // A second customer, connected to the victim only, in a chat of their own with the staff member.
        JsonObject other = f.tenant().customer();
        long otherId = other.getJsonObject("customer").getJsonNumber("id").longValue();
        long otherChat = Api.post("/api/v1/chat/chats", obj("customer_id", otherId, "title", "Other"),
                f.tenant().owner()).json().getJsonNumber("id").longValue();
        List<ResumingClient> clients = new ArrayList<>();
        for (int i = 0; i < bases.size(); i++) { // one client per instance, then the next instances in turn
            List<String> route = new ArrayList<>(bases.subList(i, bases.size()));
            route.addAll(bases.subList(0, i));
            clients.add(new ResumingClient(route, i % 2 == 0 ? f.staffToken() : f.customerToken(), f.chatId(),
                    "client-" + i, Duration.ofMillis(75))); // well under the 20 frames/s limit, with its joins
        }
        List<Thread> threads = clients.stream().map(client -> new Thread(client, "client")).toList();
        threads.forEach(Thread::start);
        long leftPresenceMs;
        List<Integer> reconnectsAtKill;
        try (WsClient staffWatching = WsClient.connectAs(survivors.get(0), "user", f.staffToken());
             WsClient otherOnVictim = WsClient.connectAs(bases.get(victim), "customer", other.getString("access_token"))) {
            staffWatching.send(obj("type", "join_chat", "chat_id", otherChat));
            staffWatching.next("chat_joined");
            otherOnVictim.send(obj("type", "join_chat", "chat_id", otherChat));
            otherOnVictim.next("chat_joined");
            staffWatching.next("user_joined");
            assertTrue(online(survivors.get(0), f, otherChat, otherId), "the victim's customer is online elsewhere");

            await(() -> keptAlive(staffWatching) && clients.stream().allMatch(client -> client.acked().size() >= 20),
                    "a steady load on all three");
            reconnectsAtKill = clients.stream().map(ResumingClient::reconnects).toList();
            cluster.get(victim).kill();
            long killedAt = System.nanoTime();
            await(() -> !online(survivors.get(0), f, otherChat, otherId) && keptAlive(staffWatching),
                    "the dead instance's customer leaving presence");
            leftPresenceMs = (System.nanoTime() - killedAt) / 1_000_000;
            JsonObject left = staffWatching.next("user_left");
            assertEquals("customer", left.getString("participant_type"));
            assertEquals(otherId, left.getJsonNumber("participant_id").longValue());
            int ackedAtKill = clients.stream().mapToInt(client -> client.acked().size()).sum();
            await(() -> keptAlive(staffWatching) && clients.get(victim).reconnects() >= 1
                    && clients.stream().mapToInt(client -> client.acked().size()).sum() >= ackedAtKill + 60,
                    "the survivors serving, and the dead instance's client resumed elsewhere");
        } finally {
            clients.forEach(ResumingClient::stop);
            for (Thread thread : threads) {
                thread.join(10_000);
            }
        }
        assertTrue(leftPresenceMs < 5_000, "left presence within 5 s of the kill: " + leftPresenceMs + " ms");

        Map<String, Integer> stored = storedTimes(f.chatId());
        stored.forEach((id, times) -> assertEquals(1, times, id + " stored once, however often it was sent"));
        int acked = 0;
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            ResumingClient client = clients.get(i);
            for (String id : client.acked().keySet()) {
                assertEquals(1, stored.getOrDefault(id, 0), id + " was acknowledged: stored exactly once");
                acked++;
            }
            assertEquals(List.of(), client.problems(), "gap-free and in seq order");
            List<Long> seqs = client.receivedSeqs();
            for (int n = 0; n < seqs.size(); n++) {
                assertEquals(n + 1, seqs.get(n), "the " + (n + 1) + "th message the client saw");
            }
            assertFalse(seqs.isEmpty());
            if (i != victim) {
                assertEquals(reconnectsAtKill.get(i), client.reconnects(), "the client of a survivor kept its connection");
            }
            seen.add(seqs.size());
        }
        return "Instance " + (char) ('A' + victim) + " killed under load: " + acked + " acknowledged messages all "
                + "stored once; the clients saw " + seen + " messages in seq order (the survivors' without "
                + "reconnecting; the dead instance's reconnected " + clients.get(victim).reconnects() + " time(s)); "
                + "its customer left presence " + leftPresenceMs + " ms after the kill";
    }

    private static long lastPing;

    /** Pings now and then, so that a socket that only listens is not closed as idle while a test waits; answers true. */
    private static boolean keptAlive(WsClient socket) {
        if (System.nanoTime() - lastPing > Duration.ofSeconds(2).toNanos()) {
            socket.send(obj("type", "ping"));
            lastPing = System.nanoTime();
        }
        return true;
    }

    private static boolean online(String base, ChatFixture f, long chatId, long customerId) {
        JsonObject chat = Api.get(base + "/api/v1/chat/chats/" + chatId, bearer(f.staffToken())).json();
        return chat.getJsonArray("participants").getValuesAs(JsonObject.class).stream()
                .anyMatch(p -> "customer".equals(p.getString("participant_type"))
                        && p.getJsonNumber("participant_id").longValue() == customerId && p.getBoolean("is_online"));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
