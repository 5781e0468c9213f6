package dev.parley.it;

import static dev.parley.it.Api.bearer;
import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Group commit: messages sent at once by many connections into many chats (of several tenants) are
 * stored in shared transactions, and still each chat's seqs are gap-free and seen in order, a retry is
 * stored once whichever batch it lands in, and a batch that fails to commit acknowledges and announces
 * nothing of any of its messages.
 */
@ExtendWith(ArquillianExtension.class)
class GroupCommitIT {

    static final int CHATS = 6;
    static final int PER_CONNECTION = 30;

    @Test
    void manyConnectionsPipeliningIntoManyChatsGetGapFreeOrderedSeqs() {
        List<ChatFixture> chats = new ArrayList<>();
        for (int i = 0; i < CHATS; i++) {
            chats.add(ChatFixture.create()); // a tenant each: batches carry several tenants' messages
        }
        List<WsClient> listeners = new ArrayList<>();
        List<WsClient> senders = new ArrayList<>();
        try {
            for (ChatFixture chat : chats) {
                WsClient listener = chat.staffSocket();
                listeners.add(listener);
                chat.join(listener);
                senders.add(chat.customerSocket());
                senders.add(chat.staffSocket());
            }
            // Every connection sends all its messages without waiting: they meet in the writer's queue.
            for (int i = 0; i < PER_CONNECTION; i++) {
                for (int s = 0; s < senders.size(); s++) {
                    ChatFixture chat = chats.get(s / 2);
                    senders.get(s).send(obj("type", "send_message", "chat_id", chat.chatId(),
                            "content", "m " + s + " " + i, "client_message_id", "c" + s + "-" + i));
                }
            }
            for (int s = 0; s < senders.size(); s++) {
                long previous = 0;
                for (int i = 0; i < PER_CONNECTION; i++) {
                    JsonObject ack = senders.get(s).next("message_ack");
                    assertEquals("c" + s + "-" + i, ack.getString("client_message_id"), "acks come in the order sent");
                    assertFalse(ack.getBoolean("duplicate"));
                    long seq = ack.getJsonNumber("seq").longValue();
                    assertTrue(seq > previous, "one sender's messages keep their order");
                    previous = seq;
                }
            }
            for (int c = 0; c < CHATS; c++) {
                int total = 2 * PER_CONNECTION;
                for (int seq = 1; seq <= total; seq++) {
                    JsonObject message = listeners.get(c).next("message").getJsonObject("message");
                    assertEquals(seq, message.getJsonNumber("seq").longValue(), "chat " + c + " is seen in seq order");
                }
                JsonObject stored = Api.get(chats.get(c).messages() + "?after_seq=0&page_size=200",
                        bearer(chats.get(c).staffToken())).json();
                assertEquals(total, stored.getJsonArray("messages").size(), "each message stored once");
                assertTrue(listeners.get(c).framesUntilPong().stream().noneMatch(f -> "message".equals(f.getString("type"))),
                        "nothing announced twice");
            }
        } finally {
            senders.forEach(WsClient::close);
            listeners.forEach(WsClient::close);
        }
    }

    @Test
    void retriesRacingTheirOriginalsAreStoredAndAnnouncedOnce() {
        ChatFixture f = ChatFixture.create();
        try (WsClient listener = f.staffSocket(); WsClient first = f.customerSocket(); WsClient second = f.customerSocket()) {
            f.join(listener);
            // The same message five times from each of two devices of one sender, other messages between:
            // retries land in the batch of their original and in later ones.
            for (int i = 0; i < 5; i++) {
                for (WsClient device : List.of(first, second)) {
                    device.send(obj("type", "send_message", "chat_id", f.chatId(), "content", "once",
                            "client_message_id", "the-one"));
                    device.send(obj("type", "send_message", "chat_id", f.chatId(), "content", "other " + i,
                            "client_message_id", UUID.randomUUID().toString()));
                }
            }
            Set<Long> ids = new HashSet<>();
            int originals = 0;
            for (WsClient device : List.of(first, second)) {
                for (JsonObject frame : device.framesUntilPong()) {
                    if ("message_ack".equals(frame.getString("type")) && "the-one".equals(frame.getString("client_message_id"))) {
                        ids.add(frame.getJsonNumber("message_id").longValue());
                        originals += frame.getBoolean("duplicate") ? 0 : 1;
                    }
                }
            }
            assertEquals(1, ids.size(), "every retry answers with the one original: " + ids);
            assertEquals(1, originals, "exactly one send stored it");
            long announced = listener.framesUntilPong().stream().filter(frame -> "message".equals(frame.getString("type"))
                    && "once".equals(frame.getJsonObject("message").getString("content"))).count();
            assertEquals(1, announced, "announced once");
            JsonObject stored = Api.get(f.messages() + "?after_seq=0&page_size=200", bearer(f.staffToken())).json();
            assertEquals(11, stored.getJsonArray("messages").size(), "stored once, beside the ten others");
        }
    }

    /**
     * A batch is made to fail at commit (a deferred trigger refuses one of its messages) while it holds
     * messages of several connections: every one of them is answered with an error, none is acknowledged,
     * announced or stored, and each is stored once when sent again.
     */
    @Test
    void aBatchThatFailsToCommitAcknowledgesAndAnnouncesNoneOfItsMessages() throws Exception {
        ChatFixture f = ChatFixture.create();
        ChatFixture other = ChatFixture.create();
        String nonce = UUID.randomUUID().toString().substring(0, 8);
        try (Connection db = database(); WsClient listener = f.staffSocket(); WsClient otherListener = other.staffSocket();
             WsClient customer = f.customerSocket(); WsClient staff = f.staffSocket(); WsClient otherCustomer = other.customerSocket();
             WsClient phone = f.customerSocket(); WsClient slow = f.customerSocket()) {
            f.join(listener);
            other.join(otherListener);
            installTriggers(db, nonce);
            try {
                // A message that holds its batch for a while, so that the next ones, of four connections,
                // gather in one batch.
                slow.send(obj("type", "send_message", "chat_id", f.chatId(), "content", "slow-" + nonce,
                        "client_message_id", "slow"));
                awaitSleepingInsert(db);
                customer.send(obj("type", "send_message", "chat_id", f.chatId(), "content", "a", "client_message_id", "a"));
                otherCustomer.send(obj("type", "send_message", "chat_id", other.chatId(), "content", "b",
                        "client_message_id", "b"));
                staff.send(obj("type", "send_message", "chat_id", f.chatId(), "content", "poison-" + nonce,
                        "client_message_id", "poison"));
                phone.send(obj("type", "send_message", "chat_id", f.chatId(), "content", "c", "client_message_id", "c"));

                Map<String, JsonObject> answers = new HashMap<>();
                for (WsClient sender : List.of(slow, customer, otherCustomer, staff, phone)) {
                    for (JsonObject frame : sender.framesUntilPong()) {
                        if (frame.containsKey("client_message_id")) {
                            answers.put(frame.getString("client_message_id"), frame);
                        }
                    }
                }
                assertEquals("message_ack", answers.get("slow").getString("type"), answers::toString);
                for (String failed : List.of("a", "b", "poison", "c")) {
                    assertEquals("error", answers.get(failed).getString("type"), failed + ": " + answers);
                    assertEquals("internal_error", answers.get(failed).getString("error"), failed + ": " + answers);
                }
                List<String> seen = contents(listener.framesUntilPong());
                assertEquals(List.of("slow-" + nonce), seen, "only the committed message is announced");
                assertEquals(List.of(), contents(otherListener.framesUntilPong()), "the other tenant's too");
                assertEquals(1, count(db, f.chatId()), "nothing of the failed batch is stored");
                assertEquals(0, count(db, other.chatId()));
            } finally {
                dropTriggers(db);
            }
            // Sent again, each is stored once, after the committed one, without a gap.
            customer.send(obj("type", "send_message", "chat_id", f.chatId(), "content", "a", "client_message_id", "a"));
            JsonObject again = customer.next("message_ack");
            assertFalse(again.getBoolean("duplicate"));
            assertEquals(2, again.getJsonNumber("seq").longValue());
            otherCustomer.send(obj("type", "send_message", "chat_id", other.chatId(), "content", "b", "client_message_id", "b"));
            assertEquals(1, otherCustomer.next("message_ack").getJsonNumber("seq").longValue());
            assertEquals(List.of("a"), contents(listener.framesUntilPong()));
        }
    }

    private static List<String> contents(List<JsonObject> frames) {
        return frames.stream().filter(frame -> "message".equals(frame.getString("type")))
                .map(frame -> frame.getJsonObject("message").getString("content")).toList();
    }

    private static Connection database() throws SQLException {
        return DriverManager.getConnection(TestEnvironment.database().jdbcUrl(), "postgres", "");
    }

    private static void installTriggers(Connection db, String nonce) throws SQLException {
        try (Statement sql = db.createStatement()) {
            sql.execute("CREATE FUNCTION group_commit_it_slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " IF NEW.content = 'slow-" + nonce + "' THEN PERFORM pg_sleep(1); END IF; RETURN NEW; END $$");
            sql.execute("CREATE TRIGGER group_commit_it_slow BEFORE INSERT ON messages FOR EACH ROW"
                    + " EXECUTE FUNCTION group_commit_it_slow()");
            // Deferred: it fails the batch at COMMIT, after every statement of the batch succeeded.
            sql.execute("CREATE FUNCTION group_commit_it_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " IF NEW.content = 'poison-" + nonce + "' THEN RAISE EXCEPTION 'poisoned batch'; END IF;"
                    + " RETURN NEW; END $$");
            sql.execute("CREATE CONSTRAINT TRIGGER group_commit_it_poison AFTER INSERT ON messages"
                    + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION group_commit_it_poison()");
        }
    }

    private static void dropTriggers(Connection db) throws SQLException {
        try (Statement sql = db.createStatement()) {
            sql.execute("DROP TRIGGER IF EXISTS group_commit_it_slow ON messages");
            sql.execute("DROP TRIGGER IF EXISTS group_commit_it_poison ON messages");
            sql.execute("DROP FUNCTION IF EXISTS group_commit_it_slow()");
            sql.execute("DROP FUNCTION IF EXISTS group_commit_it_poison()");
        }
    }

    /** Until the slow message's insert is sleeping in PostgreSQL: its batch is under way. */
    private static void awaitSleepingInsert(Connection db) throws Exception {
        for (int i = 0; i < 500; i++) {
            try (Statement sql = db.createStatement();
                 ResultSet found = sql.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'")) {
                found.next();
                if (found.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the slow message's batch never started");
    }

    private static int count(Connection db, long chatId) throws SQLException {
        try (Statement sql = db.createStatement();
             ResultSet found = sql.executeQuery("SELECT count(*) FROM messages WHERE chat_id = " + chatId)) {
            found.next();
            return found.getInt(1);
        }
    }
}
