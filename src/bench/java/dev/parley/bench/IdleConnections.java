package dev.parley.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;

/**
 * A separate process that opens many WebSocket connections and holds them,
 * pinging like a real client, for the idle scenario. One process may hold at
 * most 20,000 open files here, and one source address about 28,000 ports,
 * so the benchmark starts several, each from its own loopback address.
 *
 * <p>One selector thread and a few hundred bytes per connection (a JDK
 * WebSocket client costs far more), so the generator's own memory does not
 * limit how many connections the server is shown.
 *
 * <p>{@code java dev.parley.bench.IdleConnections <host> <port> <path?query> <count> <source address>}
 * prints {@code ready <open> <failed>} once every connection is {@code connected} or failed, then
 * {@code open <n>} on request, and exits when its standard input closes.
 */
public final class IdleConnections {

    /** Each connection pings every 20 s, at its own second of the 20, as real clients (not in step) would. */
    private static final int PING_SECONDS = 20;
    private static final long CONNECT_TIMEOUT_NANOS = 60_000_000_000L;
    private static final int IN_FLIGHT = 200;
    /** A masked text frame {"type":"ping"} with an all-zero mask, which leaves the payload as it is. */
    private static final byte[] PING = ping();

    private final Selector selector = Selector.open();
    private final InetSocketAddress server;
    private final InetAddress source;
    private final byte[] handshake;
    private int open;
    private int failed;
    private int pending;

    private IdleConnections(String host, int port, String path, InetAddress source) throws IOException {
        this.server = new InetSocketAddress(host, port);
        this.source = source;
        this.handshake = ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(new byte[16]) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    public static void main(String[] args) throws Exception {
        IdleConnections generator = new IdleConnections(args[0], Integer.parseInt(args[1]), args[2],
                InetAddress.getByName(args[4]));
        Thread stdin = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // any byte asks for a count of connections still open
                    System.out.println("open " + generator.stillOpen());
                }
            } catch (IOException ignored) {
                // parent gone
            }
            System.exit(0);
        });
        stdin.setDaemon(true);
        stdin.start();
        generator.run(Integer.parseInt(args[3]));
    }

    private volatile int stillOpen;

    private int stillOpen() {
        return stillOpen;
    }

    private void run(int count) throws IOException {
        int started = 0;
        boolean reported = false;
        long nextTick = System.nanoTime() + 1_000_000_000L;
        int tick = 0;
        ByteBuffer read = ByteBuffer.allocate(64 * 1024);
        while (true) {
            while (started < count && pending < IN_FLIGHT) {
                connect(started);
                started++;
            }
            selector.select(100);
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                handle(key, read);
            }
            long now = System.nanoTime();
            if (pending > 0) {
                expireHandshakes(now);
            }
            stillOpen = open;
            if (!reported && started == count && pending == 0) {
                System.out.println("ready " + open + " " + failed);
                reported = true;
            }
            if (now >= nextTick) {
                ping(tick++ % PING_SECONDS);
                nextTick = now + 1_000_000_000L;
            }
        }
    }

    private void connect(int started) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.bind(new InetSocketAddress(source, 0));
            channel.configureBlocking(false);
            channel.connect(server);
            channel.register(selector, SelectionKey.OP_CONNECT, new Connection(started % PING_SECONDS));
            pending++;
        } catch (IOException e) {
            channel.close();
            failed++;
        }
    }

    private void handle(SelectionKey key, ByteBuffer read) {
        Connection connection = (Connection) key.attachment();
        SocketChannel channel = (SocketChannel) key.channel();
        try {
            if (key.isConnectable()) {
                channel.finishConnect();
                channel.write(ByteBuffer.wrap(handshake));
                key.interestOps(SelectionKey.OP_READ);
                return;
            }
            read.clear();
            int n = channel.read(read);
            if (n < 0) {
                fail(key, connection);
                return;
            }
            if (!connection.connected) {
                // The 101 answer and the first frame, connected, arrive within the first few hundred bytes.
                connection.seen.append(new String(read.array(), 0, n, StandardCharsets.ISO_8859_1));
                String seen = connection.seen.toString();
                if (seen.startsWith("HTTP/1.1") && !seen.startsWith("HTTP/1.1 101")) {
                    fail(key, connection);
                } else if (seen.contains("\"type\":\"connected\"")) {
                    connection.connected = true;
                    connection.seen = null;
                    pending--;
                    open++;
                }
            }
            // Later frames (pongs) are read and dropped.
        } catch (IOException e) {
            fail(key, connection);
        }
    }

    private void fail(SelectionKey key, Connection connection) {
        if (connection.connected) {
            open--;
        } else {
            pending--;
            failed++;
        }
        connection.connected = false;
        connection.dead = true;
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void expireHandshakes(long now) {
        for (SelectionKey key : new ArrayList<>(selector.keys())) {
            Connection connection = (Connection) key.attachment();
            if (!connection.connected && !connection.dead && now - connection.startedAt > CONNECT_TIMEOUT_NANOS) {
                fail(key, connection);
            }
        }
    }

    private void ping(int second) {
        for (SelectionKey key : new ArrayList<>(selector.keys())) {
            Connection connection = (Connection) key.attachment();
            if (connection.connected && connection.pingSecond == second) {
                try {
                    ((SocketChannel) key.channel()).write(ByteBuffer.wrap(PING));
                } catch (IOException e) {
                    fail(key, connection);
                }
            }
        }
    }

    private static byte[] ping() {
        byte[] payload = "{\"type\":\"ping\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81; // final text frame
        frame[1] = (byte) (0x80 | payload.length); // masked, short length
        System.arraycopy(payload, 0, frame, 6, payload.length); // bytes 2..5: the zero mask
        return frame;
    }

    private static final class Connection {
        final long startedAt = System.nanoTime();
        final int pingSecond;
        StringBuilder seen = new StringBuilder();
        boolean connected;
        boolean dead;

        Connection(int pingSecond) {
            this.pingSecond = pingSecond;
        }
    }
}
