package dev.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Parley killed ({@code kill -9}) under a steady send load and started again on the same data: every
 * acknowledged message is there exactly once, and the clients, resuming as {@code parley.js} does, see
 * every message gap-free and in order, with no duplicate after their dedupe by id.
 */
@ExtendWith(ArquillianExtension.class)
class ParleyKillIT {

    @Test
    void killedParleyLosesNothingAcknowledgedAndClientsResumeGapFree() throws Exception {
        ChatFixture f = ChatFixture.create();
        try (SecondParley parley = SecondParley.start("killed-parley")) {
            ResumingClient staff = new ResumingClient(parley.base(), f.staffToken(), f.chatId(), "staff",
                    Duration.ofMillis(50));
            ResumingClient customer = new ResumingClient(parley.base(), f.customerToken(), f.chatId(), "customer",
                    Duration.ofMillis(50));
            Thread[] threads = {new Thread(staff, "staff-client"), new Thread(customer, "customer-client")};
            for (Thread thread : threads) {
                thread.start();
            }
            try {
                await(() -> staff.acked().size() >= 20 && customer.acked().size() >= 20, "a steady load");
                parley.kill();
                int ackedAtKill = staff.acked().size() + customer.acked().size();
                parley.restart();
                await(() -> staff.reconnects() >= 1 && customer.reconnects() >= 1
                        && staff.acked().size() + customer.acked().size() >= ackedAtKill + 40, "the clients resuming");
            } finally {
                staff.stop();
                customer.stop();
                for (Thread thread : threads) {
                    thread.join(10_000);
                }
            }
            // Every acknowledged message is stored exactly once, resends included.
            Map<String, Integer> stored = new HashMap<>();
            long lastStoredSeq = 0;
            for (int page = 1; ; page++) {
                JsonObject history = Api.get(f.messages() + "?page_size=200&page=" + page, Api.bearer(f.staffToken()))
                        .json();
                for (JsonObject message : history.getJsonArray("messages").getValuesAs(JsonObject.class)) {
                    stored.merge(message.getString("client_message_id", ""), 1, Integer::sum);
                    lastStoredSeq = Math.max(lastStoredSeq, message.getJsonNumber("seq").longValue());
                }
                if (!history.getBoolean("has_more")) {
                    break;
                }
            }
            stored.forEach((id, times) -> assertEquals(1, times, id + " stored once, however often it was sent"));
            int acked = 0;
            for (ResumingClient client : List.of(staff, customer)) {
                for (String id : client.acked().keySet()) {
                    assertEquals(1, stored.getOrDefault(id, 0), id + " was acknowledged: stored exactly once");
                    acked++;
                }
                // Gap-free and in order, after the client's dedupe by id.
                assertEquals(List.of(), client.problems());
                List<Long> seqs = client.receivedSeqs();
                for (int i = 0; i < seqs.size(); i++) {
                    assertEquals(i + 1, seqs.get(i), "the " + (i + 1) + "th message the client saw");
                }
            }
            System.out.println("Parley killed and restarted: " + acked + " acknowledged messages all there once; "
                    + "the clients reconnected " + staff.reconnects() + " and " + customer.reconnects()
                    + " times and saw " + staff.receivedSeqs().size() + " and " + customer.receivedSeqs().size()
                    + " messages gap-free of " + lastStoredSeq);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "waiting for " + what);
            Thread.sleep(100);
        }
    }
}
