package dev.parley.bench;

import dev.parley.devserver.EmbeddedDatabase;
import dev.parley.devserver.PayaraBoot;
import dev.parley.devserver.SigningKeys;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code mvn -Pbench}: runs Parley (with PostgreSQL) and the bare Node.js
 * baseline side by side on this machine, drives both with the same
 * {@link LoadGenerator}, and writes {@code docs/benchmarks.md} and
 * {@code target/bench/results.csv}. Loopback only; everything it starts is stopped.
 */
public final class Benchmark {

    static final int FAN_OUT_RECEIVERS = Integer.getInteger("bench.fanout.receivers", 1000);
    static final int FAN_OUT_MESSAGES = Integer.getInteger("bench.fanout.messages", 50);
    static final int ROOM = Integer.getInteger("bench.sustained.room", 100);
    static final int[] RATES = {50, 100, 200, 400, 800};
    static final Duration STEP = Duration.ofSeconds(Integer.getInteger("bench.sustained.seconds", 5));

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final List<String[]> rows = new ArrayList<>();
    static final String BEFORE = "Parley, per-send fix off";
    static final String PARLEY = "Parley";
    static final String BATCHED = "Parley, ?batch=1";
    static final String BASELINE = "baseline";
    static final List<String> TARGETS = List.of(BEFORE, PARLEY, BATCHED, BASELINE);

    /** Headline figures by name, then by server. */
    private final java.util.Map<String, java.util.Map<String, Double>> headline = new java.util.LinkedHashMap<>();

    private void headline(String figure, String target, double value) {
        headline.computeIfAbsent(figure, f -> new java.util.HashMap<>()).put(target, value);
    }

    public static void main(String[] args) throws Exception {
        new Benchmark().run(Path.of(System.getProperty("parley.war", "target/parley.war")),
                Path.of(System.getProperty("parley.payara-micro", "target/payara-micro.jar")),
                Path.of(System.getProperty("parley.server-config", "server-config")));
        System.exit(0);
    }

    void run(Path war, Path payaraJar, Path serverConfig) throws Exception {
        Path work = Path.of("target/bench").toAbsolutePath();
        Files.createDirectories(work.resolve("tmp"));
        Process node = null;
        try (EmbeddedDatabase db = EmbeddedDatabase.start(work.resolve("postgres"), freePort(), true)) {
            SigningKeys keys = SigningKeys.ensure(work.resolve("keys"));
            // The same scenarios on Parley without and with the per-send fix (Connection.sendText), in one run.
            for (String target : List.of(BEFORE, PARLEY)) {
                int port = freePort();
                Process payara = startParley(war, payaraJar, serverConfig, work, db, keys, port, target.equals(PARLEY));
                try {
                    String parley = "http://127.0.0.1:" + port;
                    if (target.equals(PARLEY)) {
                        row("start-up", target, "ready in " + fmt(startSeconds) + " s", "", "launch to /health/ready 200");
                    }
                    Setup setup = Setup.create(parley);
                    String receivers = "ws://127.0.0.1:" + port + "/ws?token=" + setup.ownerToken;
                    String sender = "ws://127.0.0.1:" + port + "/ws?token=" + setup.customerToken;
                    fanOut(target, receivers, sender, setup.chatId);
                    sustained(target, receivers, sender, setup.chatId);
                    if (target.equals(PARLEY)) {
                        fanOut(BATCHED, receivers + "&batch=1", sender, setup.chatId);
                        sustained(BATCHED, receivers + "&batch=1", sender, setup.chatId);
                    }
                } finally {
                    payara.destroy();
                    payara.waitFor();
                }
            }
            int baselinePort = freePort();
            node = startBaseline(baselinePort);
            String baseline = "ws://127.0.0.1:" + baselinePort + "/";
            fanOut(BASELINE, baseline, baseline, 1);
            sustained(BASELINE, baseline, baseline, 2);
        } finally {
            if (node != null) {
                node.destroy();
            }
        }
        write();
    }

    private double startSeconds;

    private Process startParley(Path war, Path payaraJar, Path serverConfig, Path work, EmbeddedDatabase db,
                                SigningKeys keys, int port, boolean sendFix) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx1g", "-Djava.io.tmpdir=" + work.resolve("tmp"),
                "-Dparley.ws.send-with-platform-class-loader=" + sendFix,
                // A load generator is one trusted client sending at full speed, not a flood to stop.
                "-Dparley.ws.rate-limit.frames-per-second=1000000", "-Dparley.ws.rate-limit.burst=1000000"));
        if (Boolean.getBoolean("bench.jfr")) {
            // A profile of the run (it slows the server: figures of a profiled run are not comparable).
            command.add("-XX:StartFlightRecording=settings=profile,filename=" + work.resolve("parley-" + sendFix + ".jfr"));
        }
        command.addAll(PayaraBoot.parleyProperties(db.jdbcUrl(), EmbeddedDatabase.USER, "", keys));
        command.addAll(List.of("-jar", payaraJar.toString(), "--deploy", war.toString(), "--contextroot", "/",
                "--port", Integer.toString(port), "--nohazelcast", "--prebootcommandfile",
                PayaraBoot.writePreBootCommands(serverConfig, work.resolve("pre-boot.asadmin"), "127.0.0.1").toString()));
        Instant launched = Instant.now();
        Process payara = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("payara-" + sendFix + ".log").toFile()).start();
        awaitReady("http://127.0.0.1:" + port + "/health/ready");
        startSeconds = Duration.between(launched, Instant.now()).toMillis() / 1000.0;
        return payara;
    }

    private void fanOut(String target, String receiverUrl, String senderUrl, long chatId) throws Exception {
        try (LoadGenerator generator = new LoadGenerator(FAN_OUT_RECEIVERS * FAN_OUT_MESSAGES)) {
            generator.openReceivers(receiverUrl, FAN_OUT_RECEIVERS, chatId);
            WebSocket sender = generator.openSender(senderUrl);
            List<Double> allReceived = new ArrayList<>();
            int lost = 0;
            long cpu = LoadGenerator.cpuNanos();
            long started = System.nanoTime();
            for (int i = 0; i < FAN_OUT_MESSAGES; i++) {
                generator.expect(FAN_OUT_RECEIVERS);
                long t0 = System.nanoTime();
                LoadGenerator.send(sender, chatId, i);
                if (!generator.awaitDeliveries(Duration.ofSeconds(10))) {
                    lost++;
                }
                allReceived.add((System.nanoTime() - t0) / 1e6);
            }
            double wall = (System.nanoTime() - started) / 1e9;
            double generatorCpu = (LoadGenerator.cpuNanos() - cpu) / 1e9 / wall * 100;
            allReceived.sort(Double::compare);
            headline("fan-out to " + FAN_OUT_RECEIVERS + ": all received, p50 ms", target, pct(allReceived, 50));
            headline("fan-out to " + FAN_OUT_RECEIVERS + ": all received, p99 ms", target, pct(allReceived, 99));
            headline("fan-out to " + FAN_OUT_RECEIVERS + ": messages lost", target, lost);
            row("fan-out " + FAN_OUT_RECEIVERS, target, "all received p50 " + fmt(pct(allReceived, 50)) + " ms, p99 "
                            + fmt(pct(allReceived, 99)) + " ms",
                    "per recipient p50 " + fmt(generator.latencies().percentileMs(50)) + " ms, p99 "
                            + fmt(generator.latencies().percentileMs(99)) + " ms",
                    "lost " + lost + ", connect failures " + generator.failures() + ", generator CPU "
                            + fmt(generatorCpu) + "%");
        }
    }

    private void sustained(String target, String receiverUrl, String senderUrl, long chatId) throws Exception {
        headline("sustained, room of " + ROOM + ": highest msg/s with p99 <= 30 ms", target, 0);
        headline("sustained, room of " + ROOM + ": highest msg/s with p99 <= 100 ms", target, 0);
        for (int rate : RATES) {
            int expected = (int) (rate * STEP.toSeconds()) * ROOM;
            try (LoadGenerator generator = new LoadGenerator(expected)) {
                generator.openReceivers(receiverUrl, ROOM, chatId);
                WebSocket sender = generator.openSender(senderUrl);
                generator.expect(expected);
                long cpu = LoadGenerator.cpuNanos();
                long start = System.nanoTime();
                long intervalNanos = 1_000_000_000L / rate;
                int messages = (int) (rate * STEP.toSeconds());
                for (int i = 0; i < messages; i++) {
                    long due = start + i * intervalNanos;
                    while (System.nanoTime() < due) {
                        Thread.onSpinWait();
                    }
                    LoadGenerator.send(sender, chatId, i);
                }
                generator.awaitDeliveries(Duration.ofSeconds(10));
                double wall = (System.nanoTime() - start) / 1e9;
                double p99 = generator.latencies().percentileMs(99);
                long lost = expected - generator.received();
                row("sustained room " + ROOM + " @ " + rate + " msg/s", target,
                        "p50 " + fmt(generator.latencies().percentileMs(50)) + " ms, p99 " + fmt(p99) + " ms",
                        fmt(generator.received() / wall) + " deliveries/s",
                        "lost " + lost + ", generator CPU " + fmt((LoadGenerator.cpuNanos() - cpu) / 1e9 / wall * 100) + "%");
                if (lost == 0 && p99 <= 30) {
                    headline("sustained, room of " + ROOM + ": highest msg/s with p99 <= 30 ms", target, rate);
                }
                if (lost == 0 && p99 <= 100) {
                    headline("sustained, room of " + ROOM + ": highest msg/s with p99 <= 100 ms", target, rate);
                }
                if (p99 > 100 || lost > 0) {
                    return;
                }
            }
        }
    }

    private void row(String scenario, String target, String a, String b, String c) {
        rows.add(new String[] {scenario, target, a, b, c});
        System.out.printf("%-32s %-9s %s | %s | %s%n", scenario, target, a, b, c);
    }

    private void write() throws IOException {
        StringBuilder csv = new StringBuilder("scenario,target,figure,detail,notes\n");
        StringBuilder summary = new StringBuilder("| figure | " + String.join(" | ", TARGETS)
                + " | Parley / baseline | fix off / Parley |\n|---|---|---|---|---|---|---|\n");
        for (var entry : headline.entrySet()) {
            double before = entry.getValue().getOrDefault(BEFORE, Double.NaN);
            double parley = entry.getValue().getOrDefault(PARLEY, Double.NaN);
            double baseline = entry.getValue().getOrDefault(BASELINE, Double.NaN);
            double batched = entry.getValue().getOrDefault(BATCHED, Double.NaN);
            summary.append("| ").append(entry.getKey()).append(" | ").append(fmt(before)).append(" | ").append(fmt(parley))
                    .append(" | ").append(fmt(batched)).append(" | ").append(fmt(baseline)).append(" | ")
                    .append(baseline > 0 ? fmt(parley / baseline) + "x" : "n/a").append(" | ")
                    .append(parley > 0 ? fmt(before / parley) + "x" : "n/a").append(" |\n");
        }
        StringBuilder table = new StringBuilder("| scenario | server | figure | detail | notes |\n|---|---|---|---|---|\n");
        for (String[] r : rows) {
            csv.append(String.join(",", List.of(r).stream().map(v -> "\"" + v + "\"").toList())).append('\n');
            table.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        Files.writeString(Path.of("target/bench/results.csv"), csv);
        String machine = Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch");
        String commit = git("rev-parse", "--short", "HEAD");
        Path doc = Path.of("docs/benchmarks.md");
        String previous = Files.exists(doc) ? Files.readString(doc) : "";
        String marker = "<!-- results -->";
        String head = previous.contains(marker) ? previous.substring(0, previous.indexOf(marker)) : "# Benchmarks\n\n";
        Files.writeString(doc, head + marker + "\n\nRun " + LocalDate.now() + " on " + machine + ", commit " + commit
                + ", Payara Micro 6.2025.10, PostgreSQL 15 (embedded), Node.js " + nodeVersion() + " with ws 8.18.3.\n\n"
                + summary + "\nEvery row of the run:\n\n" + table);
    }

    private static String nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").start();
            return new String(p.getInputStream().readAllBytes()).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    private static String git(String... args) {
        try {
            List<String> command = new ArrayList<>(List.of("git"));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).start();
            return new String(p.getInputStream().readAllBytes()).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    private static Process startBaseline(int port) throws Exception {
        Path dir = Path.of("src/bench/node");
        if (!Files.exists(dir.resolve("node_modules/ws"))) {
            new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile()).inheritIO().start().waitFor();
        }
        Process node = new ProcessBuilder("node", "baseline.mjs", Integer.toString(port)).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(Path.of("target/bench/baseline.log").toFile()).start();
        for (int i = 0; i < 100; i++) {
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                return node;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("baseline did not start");
    }

    private static void awaitReady(String url) throws Exception {
        for (int i = 0; i < 600; i++) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Parley did not become ready");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double pct(List<Double> sorted, double p) {
        return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.max(0, Math.ceil(p / 100 * sorted.size()) - 1));
    }

    static String fmt(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.1f", value);
    }

    /** A tenant with an owner (receivers), a customer (sender) and a chat between them. */
    record Setup(String ownerToken, String customerToken, long chatId) {

        static Setup create(String base) throws Exception {
            String suffix = Long.toString(System.nanoTime(), 36);
            String signUp = post(base + "/api/v1/tenants", "{\"name\":\"Bench " + suffix + "\",\"owner\":{\"name\":\"Owner\","
                    + "\"email\":\"owner-" + suffix + "@bench.test\",\"password\":\"bench password\"}}", null);
            String owner = field(signUp, "access_token");
            String customer = post(base + "/api/v1/customers", "{\"name\":\"Customer\",\"email\":\"c-" + suffix
                    + "@bench.test\",\"password\":\"bench password\"}", owner);
            String slug = field(signUp, "slug");
            String customerLogin = post(base + "/api/v1/customer-auth/login", "{\"tenant\":\"" + slug + "\",\"email\":\"c-"
                    + suffix + "@bench.test\",\"password\":\"bench password\"}", null);
            String chat = post(base + "/api/v1/chat/chats", "{\"customer_id\":" + field(customer, "id") + "}", owner);
            return new Setup(owner, field(customerLogin, "access_token"), Long.parseLong(field(chat, "id")));
        }

        private static String post(String url, String json, String token) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(url + " -> " + response.statusCode() + " " + response.body());
            }
            return response.body();
        }

        private static String field(String json, String name) {
            Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]+)").matcher(json);
            if (!m.find()) {
                throw new IllegalStateException(name + " not in " + json);
            }
            return m.group(1);
        }
    }
}
