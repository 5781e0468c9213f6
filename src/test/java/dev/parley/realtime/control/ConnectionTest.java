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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The send path's transitions as its listener hears them, over a session that writes only when the test
 * says so: queued, sent (several at once for a batching client), dropped, and closed for being too slow.
 */
class ConnectionTest {

    /** What the listener heard, in order; a write the test completes is reported on Parley's timer thread. */
    private final List<String> heard = java.util.Collections.synchronizedList(new ArrayList<>());
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
    private final List<SendHandler> writes = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<String> written = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile CloseReason closedWith;
    /** While set, a write blocks inside the container until the test counts it down. */
    private volatile CountDownLatch writeBlocks;
    private final CountDownLatch writeEntered = new CountDownLatch(1);
    private final List<String> pinged = java.util.Collections.synchronizedList(new ArrayList<>());
    /** While set, the container completes each write on the writing thread, as it does when the socket can take it. */
    private volatile boolean inline;
    /** What the container does inside each write, if anything. */
    private volatile Runnable onWrite;

    private Connection connection(int capacityBytes, boolean batch) {
        RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendText") && args.length == 2) {
                        written.add((String) args[0]);
                        Runnable action = onWrite;
                        if (action != null) {
                            action.run();
                        }
                        if (inline) {
                            ((SendHandler) args[1]).onResult(new SendResult());
                            return null;
                        }
                        writes.add((SendHandler) args[1]);
                        CountDownLatch blocks = writeBlocks;
                        if (blocks != null) {
                            writeEntered.countDown();
                            blocks.await();
                        }
                    } else if (method.getName().equals("sendPing")) {
                        pinged.add("ping");
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

    /** Completes the oldest write as the container does for a write it had to queue: later, on its own thread. */
    private void completeWrite() {
        writes.remove(0).onResult(new SendResult());
    }

    /** Waits (at most 5 s) until {@code condition} holds; the caller asserts what it waited for. */
    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    /** Waits (at most 5 s) until the listener heard {@code expected}. */
    private void awaitHeard(List<String> expected) throws InterruptedException {
        waitUntil(() -> expected.equals(List.copyOf(heard)));
        assertEquals(expected, List.copyOf(heard));
    }

    @Test
    void framesAreQueuedThenSentOneWriteAtATime() throws Exception {
        Connection connection = connection(1000, false);
        connection.send("a", false);
        connection.send("b", false);
        assertEquals(List.of("queued", "queued"), heard, "one write in flight, the second frame waits");
        completeWrite();
        awaitHeard(List.of("queued", "queued", "sent 1"));
        awaitWrites(1);
        completeWrite();
        awaitHeard(List.of("queued", "queued", "sent 1", "sent 1"));
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
        awaitHeard(List.of("queued", "queued", "queued", "queued", "sent 1", "sent 3"));
        assertEquals(List.of("first", "a\nb\nc"), written);
    }

    /** Waits (at most 5 s) until {@code count} writes are in flight. */
    private void awaitWrites(int count) throws InterruptedException {
        waitUntil(() -> writes.size() >= count);
        assertEquals(count, writes.size(), "writes in flight");
    }

    @Test
    void aFullQueueDropsTypingFirstThenClosesTheClientAsTooSlow() throws Exception {
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
        Connection.awaitTimer(); // where that failure is handled
        assertEquals(heardBefore, heard.size(), "a connection's close counts once: " + heard);
    }

    @Test
    void errorAnswersAreCountedByCode() {
        Connection connection = connection(1000, false);
        connection.send(ServerFrames.error("rate_limited", "Too many frames", "ping"), false);
        assertEquals(List.of("error rate_limited", "queued"), heard);
        assertTrue(written.get(0).contains("\"error\":\"rate_limited\""), written.get(0));
    }
    @Test
    void theContainersCloseWaitsForAWriteInProgressAndNoWriteFollowsIt() throws Exception {
        Connection connection = connection(1000, false);
        CountDownLatch release = new CountDownLatch(1);
        writeBlocks = release;
        Thread sender = new Thread(() -> connection.send("before the close", false));
        Thread closer = new Thread(() -> connection.socketClosed(() -> { }));
        try {
            sender.start();
            assertTrue(writeEntered.await(5, TimeUnit.SECONDS), "the write reached the container");
            closer.start();
            waitUntil(() -> closer.getState() == Thread.State.BLOCKED);
            assertEquals(Thread.State.BLOCKED, closer.getState(), "the close waits while the write is in the container");
        } finally {
            release.countDown();
        }
        closer.join(5_000);
        sender.join(5_000);
        assertEquals(Thread.State.TERMINATED, closer.getState(), "the close went on once the write returned");
        assertEquals(Thread.State.TERMINATED, sender.getState(), "the write returned");
        writeBlocks = null;

        connection.send("after the close", false);
        connection.ping();
        assertEquals(List.of("before the close"), written, "no frame is written once the socket closed");
        assertEquals(List.of(), pinged, "no ping either");
    }

    @Test
    void whatFollowsAWriteNeverRunsUnderItsConnectionsGate() throws Exception {
        Connection connection = connection(1000, false);
        inline = true;
        List<Thread.State> closeOnAnotherThread = new ArrayList<>();
        // The "delivered" callback of a written frame: another thread's close of this connection must not wait.
        connection.send("a", false, () -> {
            Thread closer = new Thread(() -> connection.socketClosed(() -> { }));
            closer.start();
            try {
                closer.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closeOnAnotherThread.add(closer.getState());
        });
        assertEquals(List.of(Thread.State.TERMINATED), closeOnAnotherThread, "the callback ran outside the gate");
    }

    @Test
    void aCloseTheContainerRunsInsideAWriteTellsTheChatsFromTheTimerThread() throws Exception {
        Connection connection = connection(1000, false);
        List<String> toldOn = java.util.Collections.synchronizedList(new ArrayList<>());
        // The container's close, run by the write itself (a write that failed and took the socket down).
        onWrite = () -> connection.socketClosed(() -> toldOn.add(Thread.currentThread().getName()));
        connection.send("a", false);
        Connection.awaitTimer();
        assertEquals(List.of("parley-connection-timer"), toldOn);
        connection.send("b", false);
        assertEquals(List.of("a"), written, "closed: nothing more is written");
    }

    @Test
    void aWriteTheContainerCompletesAtOnceLetsTheNextFrameFollowOnTheSameThread() throws Exception {
        Connection connection = connection(1000, false);
        connection.send("a", false);
        connection.send("b", false);
        assertEquals(List.of("a"), written);
        // From now on the container completes writes inline, as it does when the socket can take them.
        inline = true;
        completeWrite(); // "a": from the container's own thread, later
        Connection.awaitTimer();
        connection.send("c", false);
        assertEquals(List.of("a", "b", "c"), written, "b after a's completion, c at once: completed on the writing thread");
        assertEquals(List.of("queued", "queued", "sent 1", "sent 1", "queued", "sent 1"), heard);
    }
}
