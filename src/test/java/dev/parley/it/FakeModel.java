package dev.parley.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI-compatible chat-completions server on loopback, standing in for
 * a real model: {@code POST /v1/chat/completions} answers with server-sent
 * events. What it does is chosen by the tenant's instructions, which Parley
 * sends as the system message: {@code scenario:stream} (the default) streams a
 * short answer, {@code scenario:long} streams slowly for seconds,
 * {@code scenario:slow} sends one piece and then nothing, {@code scenario:error}
 * answers 500, {@code scenario:malformed} sends a broken chunk and
 * {@code scenario:truncated} ends the stream early. Each test's tenant names
 * its own scenario, so tests do not disturb each other.
 */
public final class FakeModel implements AutoCloseable {

    /** The answer of the {@code stream} scenario, in the pieces it is sent in. */
    public static final List<String> ANSWER = List.of("Our studio ", "opens at ", "10:00 ", "on Saturdays.");

    private static final Pattern SCENARIO = Pattern.compile("scenario:([a-z]+)");
    private static volatile FakeModel running;

    private final int port;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile HttpServer server;

    private FakeModel(int port) throws IOException {
        this.port = port;
        listen();
    }

    public static FakeModel start(int port) throws IOException {
        running = new FakeModel(port);
        return running;
    }

    /** The server the suite started. */
    public static FakeModel running() {
        return running;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port + "/v1";
    }

    /** Every request body received, oldest first. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /**
     * Stops listening, so that connections are refused until {@link #listen()}: for the
     * test of a model that cannot be reached. Tests of this suite run one at a time.
     */
    public void refuse() {
        server.stop(0);
    }

    public void listen() throws IOException {
        HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        created.createContext("/v1/chat/completions", this::complete);
        created.setExecutor(Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fake-model");
            thread.setDaemon(true);
            return thread;
        }));
        created.start();
        server = created;
    }

    private void complete(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(body);
        Matcher matcher = SCENARIO.matcher(body);
        String scenario = matcher.find() ? matcher.group(1) : "stream";
        try (exchange) {
            if (scenario.equals("error")) {
                byte[] error = "{\"error\":{\"message\":\"model overloaded\"}}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(500, error.length);
                exchange.getResponseBody().write(error);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            switch (scenario) {
                case "long" -> {
                    for (int i = 0; i < 40; i++) {
                        chunk(out, "word" + i + " ", null);
                        Thread.sleep(250);
                    }
                    chunk(out, "", "stop");
                    done(out);
                }
                case "slow" -> {
                    chunk(out, "Let me see", null);
                    Thread.sleep(30_000);
                }
                case "malformed" -> {
                    chunk(out, "Our studio ", null);
                    event(out, "{\"choices\":[{\"delta\":{\"content\":");
                }
                case "truncated" -> chunk(out, "Our studio ", null);
                default -> {
                    for (String piece : ANSWER) {
                        chunk(out, piece, null);
                        Thread.sleep(40);
                    }
                    chunk(out, "", "stop");
                    done(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // Parley stopped reading (a timeout or a cancel): what these scenarios are for.
        }
    }

    private static void chunk(OutputStream out, String content, String finishReason) throws IOException {
        event(out, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"" + content + "\"},\"finish_reason\":"
                + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}");
    }

    private static void done(OutputStream out) throws IOException {
        event(out, "[DONE]");
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
