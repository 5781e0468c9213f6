package dev.parley.it;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL killed ({@code kill -9}) under a steady send load, then started again: sends during the outage
 * get a clear error (never a hang, never an ack), sockets stay open, Parley recovers by itself, and every
 * acknowledged message is there exactly once.
 */
@ExtendWith(ArquillianExtension.class)
class DatabaseOutageIT {

    /** One client sending over its socket, one message at a time, each answered by an ack or an error. */
    private static final class Sender implements Runnable {
        final WsClient socket;
        final long chatId;
        final String name;
        final Map<String, Long> acked = new HashMap<>();
        final Set<String> refused = new HashSet<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        volatile AssertionError failure;
        volatile int refusedDuringOutage;

        Sender(WsClient socket, long chatId, String name) {
            this.socket = socket;
            this.chatId = chatId;
            this.name = name;
        }

        @Override
        public void run() {
            try {
                for (int n = 0; running.get(); n++) {
                    String id = name + "-" + n;
                    socket.send(obj("type", "send_message", "chat_id", chatId, "content", "m " + id,
                            "client_message_id", id));
                    // next() waits at most WsClient.WAIT: a send that hangs fails the test.
                    JsonObject answer = socket.next(frame -> "message_ack".equals(frame.getString("type"))
                            || "error".equals(frame.getString("type")));
                    assertEquals(id, answer.getString("client_message_id"), answer::toString);
                    if ("message_ack".equals(answer.getString("type"))) {
                        synchronized (this) {
                            acked.put(id, answer.getJsonNumber("message_id").longValue());
                        }
                    } else {
                        assertEquals("database_unavailable", answer.getString("error"), answer::toString);
                        synchronized (this) {
                            refused.add(id);
                        }
                        refusedDuringOutage++;
                    }
                    Thread.sleep(50);
                }
            } catch (AssertionError e) {
                failure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void killedPostgresLosesNothingAcknowledgedAndParleyRecoversByItself() throws Exception {
        ChatFixture f = ChatFixture.create();
        try (WsClient staff = f.staffSocket(); WsClient customer = f.customerSocket()) {
            Sender staffSender = new Sender(staff, f.chatId(), "staff");
            Sender customerSender = new Sender(customer, f.chatId(), "customer");
            Thread[] threads = {new Thread(staffSender), new Thread(customerSender)};
            for (Thread thread : threads) {
                thread.start();
            }
            Thread.sleep(1000); // a steady load before the fault

            TestEnvironment.database().kill();
            try {
                // Sends now fail with a clear error, over both sockets and REST, and the sockets stay open.
                awaitRefusals(staffSender, customerSender);
                Api.Reply rest = Api.post(f.messages(), obj("content", "during the outage"), Api.bearer(f.staffToken()));
                assertEquals(503, rest.status(), rest::toString);
                assertEquals("database_unavailable", rest.error());
                assertNotNull(rest.header("Retry-After"));
                Thread.sleep(1000);
            } finally {
                TestEnvironment.database().restart(); // whatever happened: the tests after this one need it
            }
            // Parley recovers by itself: sends succeed again without any restart of Parley.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int ackedBefore = ackedCount(staffSender) + ackedCount(customerSender);
            while (ackedCount(staffSender) + ackedCount(customerSender) < ackedBefore + 10) {
                assertTrue(System.nanoTime() < deadline, "Parley did not recover within 30 s of PostgreSQL's restart");
                Thread.sleep(100);
            }
            for (Sender sender : new Sender[] {staffSender, customerSender}) {
                sender.running.set(false);
            }
            for (Thread thread : threads) {
                thread.join(15_000);
            }
            for (Sender sender : new Sender[] {staffSender, customerSender}) {
                if (sender.failure != null) {
                    throw sender.failure;
                }
            }
            assertFalse(staff.isClosed(), "the staff socket stayed open");
            assertFalse(customer.isClosed(), "the customer socket stayed open");

            // Every acknowledged message is stored exactly once; no refused one is.
            Map<String, Integer> stored = new HashMap<>();
            for (int page = 1; ; page++) {
                JsonObject history = Api.get(f.messages() + "?page_size=200&page=" + page, Api.bearer(f.staffToken()))
                        .json();
                for (JsonObject message : history.getJsonArray("messages").getValuesAs(JsonObject.class)) {
                    if (!message.isNull("client_message_id")) {
                        stored.merge(message.getString("client_message_id"), 1, Integer::sum);
                    }
                }
                if (!history.getBoolean("has_more")) {
                    break;
                }
            }
            int acked = 0;
            for (Sender sender : List.of(staffSender, customerSender)) {
                for (String id : sender.acked.keySet()) {
                    assertEquals(1, stored.getOrDefault(id, 0), id + " was acknowledged: stored exactly once");
                    acked++;
                }
                for (String id : sender.refused) {
                    assertFalse(stored.containsKey(id), id + " was refused, yet stored");
                }
            }
            System.out.println("PostgreSQL killed and restarted: " + acked + " acknowledged messages all there once, "
                    + (staffSender.refused.size() + customerSender.refused.size()) + " refused sends stored nowhere");
        }
    }

    private static int ackedCount(Sender sender) {
        synchronized (sender) {
            return sender.acked.size();
        }
    }

    private static void awaitRefusals(Sender... senders) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (Sender sender : senders) {
            while (sender.refusedDuringOutage < 3) {
                if (sender.failure != null) {
                    throw sender.failure;
                }
                assertTrue(System.nanoTime() < deadline, sender.name + ": no refusal while PostgreSQL is down");
                Thread.sleep(50);
            }
        }
    }
}
