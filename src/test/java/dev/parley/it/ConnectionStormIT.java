package dev.parley.it;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Thousands of connects and disconnects in a few seconds, beside clients that stop reading: other
 * connections keep being served, and nothing leaks. Two storms in a row: the second must leave no more
 * connections, threads or heap (after a full GC) behind than the first, so whatever the first one grew
 * (pools warming up) is not counted as a leak, and whatever every storm leaves behind would be.
 */
@ExtendWith(ArquillianExtension.class)
class ConnectionStormIT {

    private static final int CONNECTIONS_PER_STORM = 2000;

    /** What the server process holds: its live connections (of this tenant), threads, and heap after a full GC. */
    private record Footprint(int connections, int threads, long heapAfterGc) {
    }

    @Test
    void stormsOfConnectsLeaveOthersServedAndNothingBehind() throws Exception {
        ChatFixture f = ChatFixture.create();
        ProcessHandle server = SuiteServer.process();
        try (WsClient staff = f.staffSocket(); WsClient customer = f.customerSocket()) {
            f.join(staff);
            f.join(customer);
            storm(f, staff, customer);
            Footprint afterFirst = settle(f, server);
            storm(f, staff, customer);
            Footprint afterSecond = settle(f, server);
            System.out.println("Connection storms of " + CONNECTIONS_PER_STORM + ": after the first " + afterFirst
                    + ", after the second " + afterSecond);
            assertEquals(2, afterSecond.connections(), "only the two steady connections are left");
            assertTrue(afterSecond.threads() <= afterFirst.threads() + 8,
                    "threads grew from " + afterFirst.threads() + " to " + afterSecond.threads());
            assertTrue(afterSecond.heapAfterGc() <= afterFirst.heapAfterGc() + 24L * 1024 * 1024,
                    "heap after GC grew from " + afterFirst.heapAfterGc() + " to " + afterSecond.heapAfterGc());
        }
    }

    /**
     * {@value #CONNECTIONS_PER_STORM} connections opened and closed by 8 clients at once, beside 4 sockets
     * that joined the chat and then never read; meanwhile the steady pair keeps exchanging messages, each
     * of which must arrive (WsClient waits at most 10 s).
     */
    private static void storm(ChatFixture f, WsClient staff, WsClient customer) throws Exception {
        List<StalledSocket> stalled = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            StalledSocket socket = StalledSocket.open("/ws?token=" + f.customerToken());
            socket.send("{\"type\":\"join_chat\",\"chat_id\":" + f.chatId() + "}");
            stalled.add(socket); // never read from again
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService workers = Executors.newFixedThreadPool(8);
        AtomicInteger opened = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        String url = Api.base().replace("http", "ws") + "/ws?token=" + f.staffToken();
        for (int w = 0; w < 8; w++) {
            running.add(workers.submit(() -> {
                while (opened.incrementAndGet() <= CONNECTIONS_PER_STORM) {
                    try {
                        ConnectionChurnIT.openAndClose(client, url, true);
                    } catch (Exception refusedOrDropped) {
                        // part of a storm
                    }
                }
                return null;
            }));
        }
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long lastPing = 0;
        try {
            while (running.stream().anyMatch(r -> !r.isDone())) {
                Thread.sleep(100); // a chat's pace: ten messages a second stay within the frame rate limit
                long sent = System.nanoTime();
                staff.send(obj("type", "send_message", "chat_id", f.chatId(), "content", "steady"));
                customer.next("message"); // fails the test if it takes longer than 10 s
                latencies.add((System.nanoTime() - sent) / 1_000_000);
                staff.next("message_ack");
                if (System.nanoTime() - lastPing > 1_000_000_000L) { // a live client's heartbeat: it is never idle
                    lastPing = System.nanoTime();
                    customer.send(obj("type", "ping"));
                    customer.next("pong");
                }
            }
            for (Future<?> worker : running) {
                worker.get(120, TimeUnit.SECONDS);
            }
        } finally {
            workers.shutdownNow();
            for (StalledSocket socket : stalled) {
                socket.close();
            }
        }
        Collections.sort(latencies);
        System.out.println("During a storm: " + latencies.size() + " steady messages, median "
                + latencies.get(latencies.size() / 2) + " ms, slowest " + latencies.get(latencies.size() - 1) + " ms");
        assertTrue(latencies.size() >= 5, "the steady pair kept talking: " + latencies.size());
    }

    /** Waits until the tenant's connections are back to the steady pair, then measures the server process. */
    private static Footprint settle(ChatFixture f, ProcessHandle server) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int connections;
        while ((connections = Api.get("/api/v1/admin/connections", f.tenant().owner()).json().getInt("connections")) > 2
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(1000); // closing sockets finish on the container's threads
        return new Footprint(connections, threads(server), heapAfterGc(server));
    }

    /** The suite's Payara Micro: this JVM's child process running payara-micro.jar. */
    private static int threads(ProcessHandle server) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(server.pid()), "status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring("Threads:".length()).strip());
            }
        }
        throw new IllegalStateException("no thread count for " + server.pid());
    }

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private static long heapAfterGc(ProcessHandle server) throws Exception {
        jcmd(server, "GC.run");
        String info = jcmd(server, "GC.heap_info");
        Matcher used = HEAP_USED.matcher(info);
        if (!used.find()) {
            throw new IllegalStateException("no heap figure in: " + info);
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    private static String jcmd(ProcessHandle server, String command) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(server.pid()), command)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + output);
        }
        return output;
    }
}
