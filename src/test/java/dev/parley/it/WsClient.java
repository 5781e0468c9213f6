package dev.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (the JDK's) that collects the frames it receives and how it was closed. */
public final class WsClient implements WebSocket.Listener, AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);

    /** How the server closed the connection. */
    public record Close(int code, String reason) {
    }

    private final List<JsonObject> inbox = new java.util.LinkedList<>();
    private int received;
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;
    private int multiFrames;

    private WsClient() {
    }

    /** Connects to {@code pathAndQuery} (e.g. {@code /ws?token=...}); headers are name, value pairs. */
    public static WsClient connect(String pathAndQuery, String... headers) {
        return connectTo(Api.base().replace("http", "ws") + pathAndQuery, headers);
    }

    /** Connects through a local port in front of Parley (a {@link TcpProxy}). */
    public static WsClient connectVia(int port, String pathAndQuery) {
        return connectTo("ws://127.0.0.1:" + port + pathAndQuery);
    }

    private static WsClient connectTo(String url, String... headers) {
        WsClient client = new WsClient();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(WAIT);
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        client.socket = builder.buildAsync(URI.create(url), client).join();
        return client;
    }

    /** Connects as a participant on seed 004's path and waits for {@code connected}. */
    public static WsClient connectAs(String participantType, String token) {
        return connectAs(Api.base(), participantType, token);
    }

    /** The same, to the server at {@code base} (an instance of a cluster). */
    public static WsClient connectAs(String base, String participantType, String token) {
        WsClient client = connectTo(base.replace("http", "ws") + "/api/v1/chat/ws/chat/" + participantType + "?token=" + token);
        client.connected = client.next();
        assertEquals("connected", client.connected.getString("type"));
        return client;
    }

    private JsonObject connected;

    /** The {@code connected} frame that {@link #connectAs} waited for. */
    public JsonObject connected() {
        return connected;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            // Split every frame (no JSON object Parley sends contains a raw newline), so that a batch sent to
            // a client that did not opt in would show up in largestBatch().
            String[] objects = partial.toString().split("\n");
            try {
                for (String text : objects) {
                    try (var reader = Json.createReader(new StringReader(text))) {
                        JsonObject frame = reader.readObject();
                        synchronized (inbox) {
                            inbox.add(frame);
                            received++;
                            if (objects.length > 1) {
                                multiFrames = Math.max(multiFrames, objects.length);
                            }
                            inbox.notifyAll();
                        }
                    }
                }
            } catch (RuntimeException e) {
                closed.complete(new Close(-2, "unreadable frame " + partial + ": " + e));
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Close(-1, String.valueOf(error)));
    }

    public WsClient send(JsonObject frame) {
        return sendText(frame.toString());
    }

    public WsClient sendText(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    /** The next frame, waiting up to {@link #WAIT}. */
    public JsonObject next() {
        return take(frame -> true, "any");
    }

    /** The first frame of {@code type}; frames of other types stay queued, in order, for later calls. */
    public JsonObject next(String type) {
        return take(frame -> type.equals(frame.getString("type")), type);
    }

    /** The first frame {@code wanted} accepts; other frames stay queued, in order, for later calls. */
    public JsonObject next(java.util.function.Predicate<JsonObject> wanted) {
        return take(wanted, "matching");
    }

    private JsonObject take(java.util.function.Predicate<JsonObject> wanted, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (inbox) {
            while (true) {
                for (java.util.Iterator<JsonObject> it = inbox.iterator(); it.hasNext(); ) {
                    JsonObject frame = it.next();
                    if (wanted.test(frame)) {
                        it.remove();
                        return frame;
                    }
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new AssertionError("no " + what + " frame within " + WAIT + "; queued "
                            + inbox.stream().map(f -> f.getString("type")).toList()
                            + (closed.isDone() ? "; closed " + closed.join() : ""));
                }
                try {
                    inbox.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    /**
     * Sends a ping and answers every frame that came before its pong (already queued ones
     * included), in order: proof of what did and did not arrive, without a fixed sleep.
     */
    public List<JsonObject> framesUntilPong() {
        send(Json.createObjectBuilder().add("type", "ping").build());
        List<JsonObject> before = new ArrayList<>();
        for (JsonObject frame = next(); !"pong".equals(frame.getString("type")); frame = next()) {
            before.add(frame);
        }
        return before;
    }

    /** Every queued frame of {@code type} (any type when null), after {@code quiet} without a new frame. */
    public List<JsonObject> drain(String type, Duration quiet) {
        int seen = -1;
        synchronized (inbox) {
            while (seen != received) {
                seen = received;
                try {
                    inbox.wait(quiet.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            List<JsonObject> found = new ArrayList<>();
            for (java.util.Iterator<JsonObject> it = inbox.iterator(); it.hasNext(); ) {
                JsonObject frame = it.next();
                if (type == null || type.equals(frame.getString("type"))) {
                    found.add(frame);
                    it.remove();
                }
            }
            return found;
        }
    }

    /** How the server closed the connection, waiting up to {@code wait}. */
    public Close awaitClose(Duration wait) {
        try {
            return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("not closed within " + wait, e);
        }
    }

    /** The most JSON objects one WebSocket frame carried (more than one only for clients that opted in). */
    public int largestBatch() {
        synchronized (inbox) {
            return multiFrames;
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Goes away without a closing handshake, as a dropped network would. */
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }
}
