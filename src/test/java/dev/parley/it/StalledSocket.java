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
 * server sends piles up in the socket buffers and then on the server), or
 * send a burst of frames in one write.
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
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = new byte[4];
        new SecureRandom().nextBytes(mask);
        java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream(payload.length + 8);
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
        }
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
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
