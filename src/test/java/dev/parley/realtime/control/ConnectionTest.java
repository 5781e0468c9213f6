package dev.parley.realtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The send path's transitions as its listener hears them, over a session that writes only when the test
 * says so: queued, sent (several at once for a batching client), dropped, and closed for being too slow.
 */
class ConnectionTest {

    /** What the listener heard, in order. */
    private final List<String> heard = new ArrayList<>();
    private final ConnectionEvents recorder = new ConnectionEvents() {
        @Override public void received() { heard.add("received"); }
        @Override public void queued(int frames) {
            for (int i = 0; i < frames; i++) {
                heard.add("queued");
            }
        }
        @Override public void sent(int frames) { heard.add("sent " + frames); }
        @Override public void dropped() { heard.add("dropped"); }
        @Override public void answeredError(String code) { heard.add("error " + code); }
        @Override public void closed(CloseCause reason) { heard.add("closed " + reason.label()); }
        @Override public void handedOver(long micros, int connections) { heard.add("handed over " + connections); }
    };

    /** Writes waiting for the test to complete them, and the close, if any. */
    private final List<SendHandler> writes = new ArrayList<>();
    private final List<String> written = new ArrayList<>();
    private CloseReason closedWith;

    private Connection connection(int capacityBytes, boolean batch) {
        RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendText") && args.length == 2) {
                        written.add((String) args[0]);
                        writes.add((SendHandler) args[1]);
                    }
                    return null;
                });
        Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAsyncRemote" -> remote;
                    case "isOpen" -> closedWith == null;
                    case "close" -> {
                        closedWith = (CloseReason) args[0];
                        yield null;
                    }
                    default -> null;
                });
        return new Connection(session, new Connection.Options(null, batch, false, false, null), capacityBytes,
                new FrameRate(20, 40, 0), false, recorder);
    }

    private void completeWrite() {
        writes.remove(0).onResult(new SendResult());
    }

    @Test
    void framesAreQueuedThenSentOneWriteAtATime() {
        Connection connection = connection(1000, false);
        connection.send("a", false);
        connection.send("b", false);
        assertEquals(List.of("queued", "queued"), heard, "one write in flight, the second frame waits");
        completeWrite();
        completeWrite();
        assertEquals(List.of("queued", "queued", "sent 1", "sent 1"), heard);
        assertEquals(List.of("a", "b"), written);
    }

    @Test
    void aBatchingClientsWriteCountsEachFrameItCarries() throws Exception {
        Connection connection = connection(1000, true);
        connection.send("first", false);
        awaitWrites(1); // after the batch window, alone
        // Queued while the first write is in flight: they leave together once it completes, whatever the
        // batch window's timing on a busy machine.
        connection.send("a", false);
        connection.send("b", false);
        connection.send("c", false);
        completeWrite();
        awaitWrites(1);
        completeWrite();
        assertEquals(List.of("queued", "queued", "queued", "queued", "sent 1", "sent 3"), heard);
        assertEquals(List.of("first", "a\nb\nc"), written);
    }

    /** Waits (at most 5 s) until {@code count} writes are in flight. */
    private void awaitWrites(int count) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (writes.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(count, writes.size(), "writes in flight");
    }

    @Test
    void aFullQueueDropsTypingFirstThenClosesTheClientAsTooSlow() {
        Connection connection = connection(10, false);
        connection.send("in flight", false); // written, never completed: the client reads nothing
        connection.send("typing", true);
        connection.send("message", false); // 6 + 7 > 10: the typing frame goes
        assertEquals(List.of("queued", "queued", "dropped", "queued"), heard);
        connection.send("typing", true); // no room, and droppable: dropped at once
        connection.send("another", false); // no room, nothing droppable: the client is too slow
        assertEquals(List.of("queued", "queued", "dropped", "queued", "dropped", "closed too_slow"), heard);
        assertEquals(CloseReason.CloseCodes.TRY_AGAIN_LATER, closedWith.getCloseCode());
        int heardBefore = heard.size();
        connection.close(CloseReason.CloseCodes.NORMAL_CLOSURE, "bye");
        writes.remove(0).onResult(new SendResult(new java.io.IOException("reset"))); // the write in flight fails
        assertEquals(heardBefore, heard.size(), "a connection's close counts once: " + heard);
    }

    @Test
    void errorAnswersAreCountedByCode() {
        Connection connection = connection(1000, false);
        connection.send(ServerFrames.error("rate_limited", "Too many frames", "ping"), false);
        assertEquals(List.of("error rate_limited", "queued"), heard);
        assertTrue(written.get(0).contains("\"error\":\"rate_limited\""), written.get(0));
    }
}
