package dev.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.bench.LoadGenerator;
import java.net.http.WebSocket;
import java.time.Duration;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A small run of the benchmark's load generator, so that it keeps working (the benchmark itself is not a test). */
@ExtendWith(ArquillianExtension.class)
class LoadGeneratorSmokeIT {

    static final int RECEIVERS = 50;
    static final int MESSAGES = 20; // 2 s at 10 a second, within a connection's frame rate limit

    @Test
    void fiftyReceiversGetEveryMessageAndLatenciesAreMeasured() throws Exception {
        ChatFixture f = ChatFixture.create();
        String ws = Api.base().replace("http", "ws");
        try (LoadGenerator generator = new LoadGenerator(RECEIVERS * MESSAGES)) {
            generator.openReceivers(ws + "/ws?token=" + f.staffToken(), RECEIVERS, f.chatId());
            WebSocket sender = generator.openSender(ws + "/ws?token=" + f.customerToken());
            assertEquals(RECEIVERS + 1, generator.open());
            assertEquals(0, generator.failures());
            generator.expect(RECEIVERS * MESSAGES);
            for (int i = 0; i < MESSAGES; i++) {
                LoadGenerator.send(sender, f.chatId(), i);
                Thread.sleep(100);
            }
            assertTrue(generator.awaitDeliveries(Duration.ofSeconds(10)), "received " + generator.received());
            assertEquals(RECEIVERS * MESSAGES, generator.received(), "nothing lost");
            double p50 = generator.latencies().percentileMs(50);
            double p99 = generator.latencies().percentileMs(99);
            assertTrue(p50 > 0 && p99 >= p50, "p50 " + p50 + " p99 " + p99);
        }
    }
}
