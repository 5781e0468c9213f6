package dev.parley.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens many WebSocket connections to a server that speaks Parley's chat
 * frames (Parley itself, or the bare baseline), joins them to one chat and
 * measures how long messages take to reach every receiver. The send time
 * travels in the message content, and sender and receivers share this
 * process's clock, so latency is per recipient and exact.
 * <p>
 * A URL whose path holds {@code /socket.io/} is a Socket.IO server (the peer,
 * {@code src/bench/node/peer.mjs}): the same frames travel as Socket.IO events,
 * see {@link Receiver#unwrap} and {@link #toSocketIo}.
 */
public final class LoadGenerator implements AutoCloseable {

    private static final Pattern SENT_AT = Pattern.compile("\"content\":\"bench (\\d+) (\\d+)");
    /** Persisted-throughput sends carry their send time as the client_message_id, which the ack echoes. */
    private static final Pattern ACKED = Pattern.compile("\"client_message_id\":\"t(\\d+)\"");

    /** Clients ping as Parley asks (heartbeat 25 s); a silent connection is closed after 60 s. */
    private static final long PING_SECONDS = 20;

    private final HttpClient client = HttpClient.newHttpClient();
    private final java.util.concurrent.ScheduledExecutorService pinger =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "load-generator-ping");
                thread.setDaemon(true);
                return thread;
            });
    private final List<WebSocket> sockets = new ArrayList<>();
    /** The open Socket.IO connections, for {@link #send}, which is handed the socket alone. */
    private static final Map<WebSocket, Receiver> SOCKET_IO = new ConcurrentHashMap<>();
    private static final AtomicLong ACK_IDS = new AtomicLong();
    private final Latencies latencies;
    private final Latencies acks;
    private final AtomicLong acked = new AtomicLong();
    private volatile boolean sending;
    private final AtomicLong received = new AtomicLong();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile CountDownLatch allReceived;
    private volatile long expectedNumber = -1;

    public LoadGenerator(int expectedDeliveries) {
        this.latencies = new Latencies(expectedDeliveries);
        this.acks = new Latencies(expectedDeliveries);
        pinger.scheduleAtFixedRate(this::pingAll, PING_SECONDS, PING_SECONDS, TimeUnit.SECONDS);
    }

    private void pingAll() {
        List<WebSocket> open;
        synchronized (sockets) {
            open = List.copyOf(sockets);
        }
        for (WebSocket socket : open) {
            if (!SOCKET_IO.containsKey(socket)) { // Socket.IO's own pings keep its connections alive
                socket.sendText("{\"type\":\"ping\"}", true);
            }
        }
    }

    /** Opens {@code count} receivers at {@code url} and joins each to {@code chatId}. */
    public void openReceivers(String url, int count, long chatId) {
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Receiver receiver = new Receiver(chatId, url);
            opening.add(client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(URI.create(url), receiver)
                    .thenCompose(socket -> receiver.joined.thenApply(done -> socket)));
        }
        for (CompletableFuture<WebSocket> socket : opening) {
            try {
                WebSocket opened = socket.get(60, TimeUnit.SECONDS);
                synchronized (sockets) {
                    sockets.add(opened);
                }
            } catch (Exception e) {
                failures.incrementAndGet();
            }
        }
    }

    /** A sender connection; answers its socket once the server said connected. */
    public WebSocket openSender(String url) throws Exception {
        return connect(url, new Receiver(-1, url));
    }

    private WebSocket connect(String url, Receiver listener) throws Exception {
        WebSocket socket = client.newWebSocketBuilder().buildAsync(URI.create(url), listener).get(30, TimeUnit.SECONDS);
        listener.connected.get(30, TimeUnit.SECONDS);
        listener.socket = socket;
        synchronized (sockets) {
            sockets.add(socket);
        }
        return socket;
    }

    public static void send(WebSocket sender, long chatId, long number) {
        String frame = "{\"type\":\"send_message\",\"chat_id\":" + chatId + ",\"content\":\"bench " + number + " "
                + System.nanoTime() + "\"}";
        Receiver socketIo = SOCKET_IO.get(sender);
        if (socketIo == null) {
            sender.sendText(frame, true).join();
        } else {
            socketIo.enqueue(toSocketIo(frame)).join();
        }
    }

    /**
     * Parley's frame {@code {"type":"X",...}} as the Socket.IO event {@code 42["X",{...}]}; a send_message
     * asks for an ack ({@code 42<id>[...]}), as Parley acks every send.
     */
    static String toSocketIo(String frame) {
        String type = frame.substring(9, frame.indexOf('"', 9)); // after {"type":"
        String ack = type.equals("send_message") ? Long.toString(ACK_IDS.incrementAndGet()) : "";
        return "42" + ack + "[\"" + type + "\"," + frame + "]";
    }

    /**
     * Persisted throughput: one sender per chat, each keeping {@code window} messages in flight (the next
     * goes out when an ack comes back), for {@code duration}. Returns the acks counted in that time.
     */
    public long sendWithAcks(List<String> urls, List<Long> chatIds, int window, Duration duration) throws Exception {
        return sendWithAcks(urls, chatIds, window, duration, () -> { });
    }

    /** The same, running {@code atStartAndEnd} as the measured window opens and as it closes (to read CPU counters). */
    public long sendWithAcks(List<String> urls, List<Long> chatIds, int window, Duration duration, Runnable atStartAndEnd)
            throws Exception {
        List<Receiver> senders = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            Receiver sender = new Receiver(-1, urls.get(i));
            sender.ownChat = chatIds.get(i);
            connect(urls.get(i), sender);
            senders.add(sender);
        }
        atStartAndEnd.run();
        sending = true;
        long before = acked.get();
        for (Receiver sender : senders) {
            for (int i = 0; i < window; i++) {
                sender.sendTimed();
            }
        }
        Thread.sleep(duration.toMillis());
        long counted = acked.get() - before;
        atStartAndEnd.run();
        sending = false;
        return counted;
    }

    /** Expect {@code deliveries} more message frames; {@link #awaitDeliveries} waits for them. */
    public void expect(int deliveries) {
        expect(deliveries, -1);
    }

    /**
     * Expect {@code deliveries} frames of message {@code number} only (-1: of any message), so that late
     * deliveries of a message given up on do not count for the next one.
     */
    public void expect(int deliveries, long number) {
        expectedNumber = number;
        allReceived = new CountDownLatch(deliveries);
    }

    public boolean awaitDeliveries(Duration timeout) throws InterruptedException {
        return allReceived.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Latencies latencies() { return latencies; }
    public Latencies acks() { return acks; }
    public long received() { return received.get(); }
    public int failures() { return failures.get(); }
    public int open() { return sockets.size(); }

    /**
     * Waits until {@code due} ({@link System#nanoTime()}): parked, then spinning for the last 100 µs only,
     * so a paced sender does not keep a core busy that the server under test needs.
     */
    public static void waitUntil(long due) {
        long left;
        while ((left = due - System.nanoTime()) > 100_000) {
            java.util.concurrent.locks.LockSupport.parkNanos(left - 100_000);
        }
        while (System.nanoTime() < due) {
            Thread.onSpinWait();
        }
    }

    /** This process's CPU time so far, in nanoseconds: the generator must not be the bottleneck. */
    public static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    @Override
    public void close() {
        pinger.shutdownNow();
        synchronized (sockets) {
            for (WebSocket socket : sockets) {
                SOCKET_IO.remove(socket);
                socket.abort();
            }
        }
    }

    private final class Receiver implements WebSocket.Listener {
        final long chatId;
        final CompletableFuture<Void> connected = new CompletableFuture<>();
        final CompletableFuture<Void> joined = new CompletableFuture<>();
        final StringBuilder partial = new StringBuilder();
        /** Speaks Socket.IO (Engine.IO 4, Socket.IO 5) rather than Parley's frames. */
        final boolean socketIo;
        long ownChat = -1;
        WebSocket socket;
        /** JDK WebSockets allow one send at a time: sends from ack callbacks queue behind each other. */
        private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);

        Receiver(long chatId, String url) {
            this.chatId = chatId;
            this.socketIo = url.contains("/socket.io/");
        }

        @Override
        public void onOpen(WebSocket socket) {
            if (socketIo) {
                this.socket = socket;
                SOCKET_IO.put(socket, this);
            }
            socket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                for (String frame : text.split("\n")) { // batched connections get several objects per frame
                    if (socketIo && (frame = unwrap(frame)) == null) {
                        continue;
                    }
                    handle(socket, frame, now);
                }
            }
            socket.request(1);
            return null;
        }

        /**
         * The object of a Socket.IO event {@code 42["X",{...}]} or ack {@code 43<id>[{...}]}, to handle as
         * Parley's frame; null for Engine.IO's open {@code 0{...}} (answered with a connect, {@code 40}) and
         * ping {@code 2} (answered {@code 3}), and for the rest: the peer's {@code connected} event, not the
         * connect reply {@code 40{...}}, stands for Parley's connected frame.
         */
        private String unwrap(String packet) {
            if (packet.startsWith("42") || packet.startsWith("43")) {
                int object = packet.indexOf('{');
                return object < 0 ? null : packet.substring(object, packet.length() - 1);
            }
            if (packet.equals("2")) {
                enqueue("3");
            } else if (packet.startsWith("0")) {
                enqueue("40");
            }
            return null;
        }

        private void handle(WebSocket socket, String frame, long now) {
            if (frame.contains("\"type\":\"message\"")) {
                Matcher m = SENT_AT.matcher(frame);
                if (m.find()) {
                    latencies.add(now - Long.parseLong(m.group(2)));
                    received.incrementAndGet();
                    CountDownLatch latch = allReceived;
                    long expected = expectedNumber;
                    if (latch != null && (expected < 0 || expected == Long.parseLong(m.group(1)))) {
                        latch.countDown();
                    }
                }
            } else if (frame.contains("\"type\":\"message_ack\"")) {
                Matcher m = ACKED.matcher(frame);
                if (m.find()) {
                    acks.add(now - Long.parseLong(m.group(1)));
                    acked.incrementAndGet();
                    if (sending) {
                        sendTimed();
                    }
                }
            } else if (frame.contains("\"type\":\"connected\"")) {
                connected.complete(null);
                if (chatId >= 0) {
                    String join = "{\"type\":\"join_chat\",\"chat_id\":" + chatId + "}";
                    if (socketIo) {
                        enqueue(toSocketIo(join));
                    } else {
                        socket.sendText(join, true);
                    }
                }
            } else if (frame.contains("\"type\":\"chat_joined\"")) {
                joined.complete(null);
            }
        }

        synchronized void sendTimed() {
            String frame = "{\"type\":\"send_message\",\"chat_id\":" + ownChat + ",\"content\":\"persisted\","
                    + "\"client_message_id\":\"t" + System.nanoTime() + "\"}";
            enqueue(socketIo ? toSocketIo(frame) : frame);
        }

        /** Sends {@code text} after this socket's earlier sends (a Socket.IO pong must not collide with them). */
        synchronized CompletableFuture<?> enqueue(String text) {
            sendChain = sendChain.thenCompose(done -> socket.sendText(text, true));
            return sendChain;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            connected.completeExceptionally(error);
            joined.completeExceptionally(error);
        }
    }

    /** Latencies in nanoseconds, kept whole so percentiles are exact. */
    public static final class Latencies {
        private final long[] values;
        private final AtomicInteger size = new AtomicInteger();

        Latencies(int capacity) {
            values = new long[Math.max(1, capacity)];
        }

        void add(long nanos) {
            int i = size.getAndIncrement();
            if (i < values.length) {
                values[i] = nanos;
            }
        }

        /** The p-th percentile (0..100) in milliseconds. */
        public double percentileMs(double p) {
            int n = Math.min(size.get(), values.length);
            if (n == 0) {
                return Double.NaN;
            }
            long[] sorted = Arrays.copyOf(values, n);
            Arrays.sort(sorted);
            int index = (int) Math.min(n - 1, Math.ceil(p / 100.0 * n) - 1);
            return sorted[Math.max(0, index)] / 1e6;
        }
    }
}
