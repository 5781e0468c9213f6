package dev.parley.it;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A network path that goes dead without a close frame or a TCP reset (a proxy that stops forwarding in
 * both directions, connections left open): Parley notices within its idle bound and frees the
 * connection; the client, once it gives up on the dead socket, reconnects and resumes with
 * {@code since_seq}, gap-free and in order.
 */
@ExtendWith(ArquillianExtension.class)
class NetworkCutIT {

    /** The test server's idle timeout ({@code parley.ws.idle-timeout-ms}, TestEnvironment) and its 1 s sweep. */
    private static final Duration IDLE_BOUND = Duration.ofMillis(8_000 + 1_000);

    @Test
    void aDeadPathIsFreedWithinTheIdleBoundAndTheClientResumesGapFree() throws Exception {
        ChatFixture f = ChatFixture.create();
        try (TcpProxy proxy = new TcpProxy(URI.create(Api.base()).getPort()); WsClient staff = f.staffSocket()) {
            f.join(staff);
            WsClient customer = WsClient.connectVia(proxy.port(), "/ws?token=" + f.customerToken());
            String connectionId = customer.next("connected").getString("connection_id");
            f.join(customer);
            staff.send(obj("type", "send_message", "chat_id", f.chatId(), "content", "before the cut"));
            staff.next("message_ack"); // so that each ack below is the one of its own send
            long lastSeen = customer.next("message").getJsonObject("message").getJsonNumber("seq").longValue();

            long mark = ServerLog.mark();
            proxy.stall(true);
            long cutAt = System.nanoTime();
            // A steady send load in the chat all through the cut, until Parley has freed the dead connection.
            List<Long> sentDuringCut = new ArrayList<>();
            String disconnected = "WS disconnected: tenant=" + f.tenant().id();
            for (int i = 0; !ServerLog.since(mark).contains(disconnected); i++) {
                assertTrue(System.nanoTime() - cutAt < Duration.ofSeconds(30).toNanos(), "the dead path was never freed");
                staff.send(obj("type", "send_message", "chat_id", f.chatId(), "content", "during the cut " + i));
                sentDuringCut.add(staff.next("message_ack").getJsonNumber("seq").longValue());
                Thread.sleep(200);
            }
            String freed = ServerLog.awaitSince(mark, "connection=" + connectionId, Duration.ofSeconds(1));
            Duration noticedAfter = Duration.ofNanos(System.nanoTime() - cutAt);
            assertTrue(freed.contains("WS disconnected") && freed.contains(connectionId), "the dead connection was freed");
            assertTrue(noticedAfter.compareTo(IDLE_BOUND.plusSeconds(3)) < 0,
                    "freed " + noticedAfter.toMillis() + " ms after the cut; the bound is " + IDLE_BOUND.toMillis() + " ms");

            // The client hears nothing on its dead socket, gives up on it (as parley.js does when its pings go
            // unanswered), and reconnects once the path works again.
            customer.abort();
            proxy.stall(false);
            try (WsClient back = WsClient.connectVia(proxy.port(), "/ws?token=" + f.customerToken())) {
                back.next("connected");
                back.send(obj("type", "join_chat", "chat_id", f.chatId(), "since_seq", lastSeen));
                List<Long> resumed = new ArrayList<>();
                for (JsonObject frame = back.next(); !"chat_joined".equals(frame.getString("type")); frame = back.next()) {
                    if ("message".equals(frame.getString("type"))) {
                        resumed.add(frame.getJsonObject("message").getJsonNumber("seq").longValue());
                    }
                }
                assertEquals(sentDuringCut, resumed, "everything sent during the cut, in order, before chat_joined");
            }
            System.out.println("Network cut: freed after " + noticedAfter.toMillis() + " ms; resumed "
                    + sentDuringCut.size() + " messages gap-free");
        }
    }
}
