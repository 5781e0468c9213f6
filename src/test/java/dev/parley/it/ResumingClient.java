package dev.parley.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A chat client that behaves as {@code parley.js} does when its connection breaks: it reconnects with
 * backoff, joins again with {@code since_seq} of the last message it has, sends again every message
 * not yet acknowledged under the same {@code client_message_id}, and drops messages it already has (by
 * id). A replay cut short ({@code has_more}) is continued by joining again; messages that arrive ahead of
 * a gap meanwhile are kept aside until the gap is filled, and only the contiguous order counts as seen. Meanwhile it sends a message every {@code interval}. What it saw is kept for the test to check.
 * Given several instances of one cluster, it reconnects to the next one, as behind a load balancer.
 */
public final class ResumingClient implements Runnable {

    private final List<String> urls;
    private int at;
    private final long chatId;
    private final String name;
    private final Duration interval;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicBoolean running = new AtomicBoolean(true);

    /** How long a send may go unacknowledged before the socket is given up. */
    private static final long UNANSWERED_MS = 5_000;

    /** When each unacknowledged message was first sent. */
    private final Map<String, Long> sentAt = new LinkedHashMap<>();
    /** Sent, not yet acknowledged: client_message_id to content. */
    private final Map<String, String> pending = new LinkedHashMap<>();
    /** Acknowledged: client_message_id to message id. */
    private final Map<String, Long> acked = new LinkedHashMap<>();
    /** Message ids received, in the order first received; their seqs alike. */
    private final Set<Long> receivedIds = new LinkedHashSet<>();
    private final List<Long> receivedSeqs = new ArrayList<>();
    /** The highest seq seen with every seq before it. */
    private long lastSeq;
    /** Seqs that arrived ahead of a gap. */
    private final java.util.TreeSet<Long> ahead = new java.util.TreeSet<>();
    private volatile boolean rejoin;
    /** What happened to its connections (connects, joins, errors, closes), to explain a problem. */
    private final List<String> trace = new ArrayList<>();
    private int reconnects;
    private int next;

    public ResumingClient(String baseUrl, String token, long chatId, String name, Duration interval) {
        this(List.of(baseUrl), token, chatId, name, interval);
    }

    /** A client of a cluster: it connects to the first base URL, and after a break to the next. */
    public ResumingClient(List<String> baseUrls, String token, long chatId, String name, Duration interval) {
        this.urls = baseUrls.stream().map(base -> base.replace("http", "ws") + "/ws?token=" + token).toList();
        this.chatId = chatId;
        this.name = name;
        this.interval = interval;
    }

    public void stop() {
        running.set(false);
    }

    @Override
    public void run() {
        long backoff = 100;
        while (running.get()) {
            CompletableFuture<Void> closed = new CompletableFuture<>();
            WebSocket socket;
            try {
                socket = http.newWebSocketBuilder().buildAsync(URI.create(urls.get(at)), new Listener(closed))
                        .get(5, TimeUnit.SECONDS);
            } catch (Exception down) {
                at = (at + 1) % urls.size();
                sleep(backoff);
                backoff = Math.min(2_000, backoff * 2);
                continue;
            }
            backoff = 100;
            note("connected to " + urls.get(at).replaceAll("\\?.*", "") + ", joining since " + lastSeq() + " with "
                    + pending().size() + " unacknowledged");
            try {
                synchronized (this) {
                    socket.sendText(frame("join_chat", null, null), true).join();
                    long now = System.currentTimeMillis();
                    for (Map.Entry<String, String> unacked : pending.entrySet()) {
                        sentAt.put(unacked.getKey(), now); // sent again: the wait for its ack starts over
                        socket.sendText(frame("send_message", unacked.getKey(), unacked.getValue()), true).join();
                    }
                }
                while (running.get() && !closed.isDone()) {
                    if (rejoin) {
                        rejoin = false;
                        socket.sendText(frame("join_chat", null, null), true).join(); // the rest of the backlog
                    }
                    if (oldestPendingMillis() > UNANSWERED_MS) {
                        note("no acknowledgement for " + UNANSWERED_MS + " ms: giving the socket up");
                        break; // a socket that no longer answers is given up, as parley.js does when pings go unanswered
                    }
                    String id;
                    String content;
                    synchronized (this) {
                        id = name + "-" + next++;
                        content = "message " + id;
                        pending.put(id, content);
                        sentAt.putIfAbsent(id, System.currentTimeMillis());
                    }
                    socket.sendText(frame("send_message", id, content), true).join();
                    sleep(interval.toMillis());
                }
            } catch (RuntimeException broken) {
                // the connection broke while sending: reconnect
            }
            if (!running.get()) {
                settle(socket, closed);
            }
            if (!closed.isDone()) {
                socket.abort();
            }
            if (running.get()) {
                synchronized (this) {
                    reconnects++;
                }
                at = (at + 1) % urls.size();
            }
        }
    }

    /** Stopping: waits, at most 5 s, until no message waits behind a gap (joining again if asked to). */
    private void settle(WebSocket socket, CompletableFuture<Void> closed) {
        long deadline = System.currentTimeMillis() + 5_000;
        while (!closed.isDone() && System.currentTimeMillis() < deadline) {
            synchronized (this) {
                if (ahead.isEmpty()) {
                    return;
                }
            }
            if (rejoin) {
                rejoin = false;
                socket.sendText(frame("join_chat", null, null), true).join();
            }
            sleep(50);
        }
    }

    private synchronized String frame(String type, String clientMessageId, String content) {
        var frame = Json.createObjectBuilder().add("type", type).add("chat_id", chatId);
        if (type.equals("join_chat")) {
            frame.add("since_seq", lastSeq);
        } else {
            frame.add("client_message_id", clientMessageId).add("content", content);
        }
        return frame.build().toString();
    }

    private synchronized void received(JsonObject frame) {
        switch (frame.getString("type")) {
            case "message" -> {
                JsonObject message = frame.getJsonObject("message");
                long id = message.getJsonNumber("id").longValue();
                long seq = message.getJsonNumber("seq").longValue();
                if (!receivedIds.add(id) || seq <= lastSeq) {
                    return; // a duplicate, as after a replay overlapping live delivery: dropped by id
                }
                ahead.add(seq);
                while (ahead.remove(lastSeq + 1)) {
                    lastSeq++;
                    receivedSeqs.add(lastSeq);
                }
            }
            case "chat_joined" -> {
                note("joined: " + frame.getJsonNumber("replayed") + " replayed, last seq "
                        + frame.getJsonNumber("last_seq") + ", has more " + frame.getBoolean("has_more", false)
                        + "; here " + lastSeq + " with " + ahead.size() + " ahead");
                if (frame.getBoolean("has_more", false)) {
                    rejoin = true;
                }
            }
            case "error" -> {
                note("error " + frame.getString("error", "?") + " for " + frame.getString("request_type", "?"));
                if ("join_chat".equals(frame.getString("request_type", null))) {
                    rejoin = true; // refused for now (a burst over the rate limit, say): joined again at the next send
                }
            }
            case "message_ack" -> {
                String id = frame.getString("client_message_id");
                pending.remove(id);
                sentAt.remove(id);
                acked.put(id, frame.getJsonNumber("message_id").longValue());
            }
            default -> { }
        }
    }

    private synchronized long oldestPendingMillis() {
        return sentAt.values().stream().findFirst().map(first -> System.currentTimeMillis() - first).orElse(0L);
    }

    private final class Listener implements WebSocket.Listener {
        private final CompletableFuture<Void> closed;
        private final StringBuilder partial = new StringBuilder();

        Listener(CompletableFuture<Void> closed) {
            this.closed = closed;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try (var reader = Json.createReader(new StringReader(partial.toString()))) {
                    received(reader.readObject());
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            note("closed " + statusCode + " " + reason);
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            note("broken: " + error);
            closed.complete(null);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public synchronized Map<String, Long> acked() {
        return Map.copyOf(acked);
    }

    public synchronized Set<String> pending() {
        return Set.copyOf(pending.keySet());
    }

    public synchronized List<Long> receivedSeqs() {
        return List.copyOf(receivedSeqs);
    }

    /** What went wrong: a gap that was never filled, with the seqs waiting behind it and what happened. */
    public synchronized List<String> problems() {
        return ahead.isEmpty() ? List.of()
                : List.of(name + ": seqs " + ahead.first() + ".." + ahead.last() + " wait behind a gap after " + lastSeq
                        + "; " + String.join("; ", trace));
    }

    private synchronized void note(String event) {
        trace.add(System.currentTimeMillis() % 100_000 + " " + event);
    }

    public synchronized int reconnects() {
        return reconnects;
    }

    public synchronized long lastSeq() {
        return lastSeq;
    }
}
