package dev.parley.it;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket client written on a bare TCP socket that can stop reading
 * entirely, as a frozen browser tab or a dead network would (whatever the
 * server sends piles up in the socket buffers and then on the server), send
 * a burst of frames in one write, or write frames no library would: any
 * opcode, fragments, broken UTF-8.
 */
public final class StalledSocket implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private StalledSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens {@code pathAndQuery} with a small receive buffer and completes the handshake. */
    public static StalledSocket open(String pathAndQuery) throws IOException {
        return open(pathAndQuery, 4096);
    }

    /** Opens {@code pathAndQuery} with this receive buffer size and completes the handshake. */
    public static StalledSocket open(String pathAndQuery, int receiveBufferBytes) throws IOException {
        URI base = URI.create(Api.base());
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBufferBytes);
        socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 5000);
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce) + "\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        StalledSocket client = new StalledSocket(socket);
        String status = client.readLine();
        if (!status.contains(" 101 ")) {
            throw new IOException("handshake refused: " + status);
        }
        while (!client.readLine().isEmpty()) {
            // skip the response headers
        }
        return client;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /** Sends a masked text frame, as clients must. */
    public void send(String text) throws IOException {
        out.write(frame(text));
        out.flush();
    }

    /** Sends {@code text} {@code times} times in one write: all of it is in the socket before the server reads. */
    public void sendAtOnce(String text, int times) throws IOException {
        java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < times; i++) {
            burst.writeBytes(frame(text));
        }
        out.write(burst.toByteArray());
        out.flush();
    }

    private static byte[] frame(String text) {
        return frame(true, 0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One masked client frame with any FIN bit and opcode: a text (1) or binary (2) frame, a
     * continuation (0) of a fragmented one, a control frame (8 to 10), or an opcode nobody defined.
     */
    public static byte[] frame(boolean fin, int opcode, byte[] payload) {
        int header = payload.length < 126 ? 2 : payload.length < 65536 ? 4 : 10;
        byte[] frame = new byte[header + 4 + payload.length];
        frame[0] = (byte) ((fin ? 0x80 : 0) | (opcode & 0x0f));
        if (header == 2) {
            frame[1] = (byte) (0x80 | payload.length);
        } else if (header == 4) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (payload.length >> 8);
            frame[3] = (byte) payload.length;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) payload.length >> (56 - 8 * i));
            }
        }
        byte[] mask = new byte[4];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(mask); // a mask hides nothing: fast is enough
        System.arraycopy(mask, 0, frame, header, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[header + 4 + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        return frame;
    }

    /** Writes {@code bytes} as they are, in one write: frames made with {@link #frame(boolean, int, byte[])}. */
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** A frame from the server. */
    public record Frame(int opcode, byte[] payload) {

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame (1005 when it carries none). */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }

        public String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    /**
     * The next frame from the server, waiting until {@code deadlineNanos} ({@link System#nanoTime()});
     * null when the stream ended or was reset without a close frame.
     *
     * @throws java.net.SocketTimeoutException when nothing arrives in time
     */
    public Frame read(long deadlineNanos) throws IOException {
        try {
            int first = readByteBefore(deadlineNanos);
            long length = readByteBefore(deadlineNanos) & 0x7f;
            if (length == 126) {
                length = (readByteBefore(deadlineNanos) << 8) | readByteBefore(deadlineNanos);
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | readByteBefore(deadlineNanos);
                }
            }
            byte[] payload = new byte[(int) length];
            for (int read = 0; read < payload.length; ) {
                socket.setSoTimeout(remainingMillis(deadlineNanos));
                int n = in.read(payload, read, payload.length - read);
                if (n < 0) {
                    return null;
                }
                read += n;
            }
            return new Frame(first & 0x0f, payload);
        } catch (EOFException | java.net.SocketException ended) {
            return null;
        }
    }

    private int readByteBefore(long deadlineNanos) throws IOException {
        socket.setSoTimeout(remainingMillis(deadlineNanos));
        return in.readUnsignedByte();
    }

    private static int remainingMillis(long deadlineNanos) throws java.net.SocketTimeoutException {
        long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new java.net.SocketTimeoutException("no frame in time");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    /** Reads frames until the server's close frame; answers its status code (or -1 if the stream just ends). */
    public int readUntilClose() throws IOException {
        return readUntilClose(new java.util.ArrayList<>());
    }

    /** As {@link #readUntilClose()}, keeping the text frames read on the way in {@code texts}. */
    public int readUntilClose(java.util.List<String> texts) throws IOException {
        try {
            while (true) {
                int opcode = in.readUnsignedByte() & 0x0f;
                long length = in.readUnsignedByte() & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                if (opcode == 0x8) {
                    return length >= 2 ? in.readUnsignedShort() : 1005;
                }
                if (opcode == 0x1) {
                    texts.add(new String(in.readNBytes((int) length), StandardCharsets.UTF_8));
                } else {
                    in.skipNBytes(length);
                }
            }
        } catch (EOFException | java.net.SocketException ended) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
