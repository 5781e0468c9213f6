package dev.parley.bench;

import dev.parley.bench.minimal.MinimalWar;
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
 * {@code mvn -Pbench}: runs Parley (with PostgreSQL), the Socket.IO + PostgreSQL
 * peer and the bare Node.js baseline side by side on this machine, drives them
 * with the same {@link LoadGenerator}, and writes {@code docs/benchmarks.md} and
 * {@code target/bench/results.csv}. Loopback only; everything it starts is stopped.
 *
 * <p>{@code -Dbench.scenarios=persisted,fanout} runs some scenarios only (startup, fanout,
 * sustained, persisted, idle, cluster); {@code -Dbench.before-war=old.war} also runs another build of
 * Parley, for before/after rows of one run, with {@code -Dbench.before-options="-Dparley.x=y ..."}
 * if it needs other settings; {@code -Dbench.options=...} passes JVM options to this build's Parley;
 * {@code -Dbench.servers=parley} runs some servers only (parley, peer, baseline);
 * {@code -Dbench.startups=5} starts each server that many times for the start-up row (3).
 */
public final class Benchmark {

    static final int FAN_OUT_RECEIVERS = Integer.getInteger("bench.fanout.receivers", 1000);
    static final int FAN_OUT_MESSAGES = Integer.getInteger("bench.fanout.messages", 50);
    /** Sustained fan-out: room size, then the publish rates (messages/s) tried one after another. */
    static final int[] SMALL_ROOM_RATES = {25, 50, 100, 200, 400, 800, 1000, 1600, 3200};
    static final int LARGE_ROOM = Integer.getInteger("bench.sustained.large-room", 1000);
    static final int[] LARGE_ROOM_RATES = {1, 2, 5, 10, 20, 40, 80, 160};
    /** The rooms the sustained scenario runs ({@code -Dbench.sustained.rooms=10} for the small one only). */
    static final java.util.Set<Integer> SUSTAINED_ROOMS = java.util.Arrays.stream(System.getProperty(
            "bench.sustained.rooms", "10," + LARGE_ROOM).split(",")).map(Integer::valueOf)
            .collect(java.util.stream.Collectors.toSet());
    static final Duration STEP = Duration.ofSeconds(Integer.getInteger("bench.sustained.seconds", 5));
    /** Persisted throughput: 2-person chats, each with one sender keeping WINDOW messages in flight. */
    static final int CHATS = Integer.getInteger("bench.persisted.chats", 32);
    static final int WINDOW = Integer.getInteger("bench.persisted.window", 8);
    static final Duration PERSISTED = Duration.ofSeconds(Integer.getInteger("bench.persisted.seconds", 10));
    /** Idle connections held, cumulative; one server process may hold at most 20,000 open files here. */
    static final int[] IDLE_LEVELS = java.util.Arrays.stream(System.getProperty("bench.idle.levels",
            "1000,5000,10000,19000").split(",")).mapToInt(Integer::parseInt).toArray();
    static final Duration IDLE_HOLD = Duration.ofSeconds(Integer.getInteger("bench.idle.seconds", 10));
    static final Duration IDLE_HOLD_LAST = Duration.ofSeconds(Integer.getInteger("bench.idle.last-seconds", 60));

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final List<String[]> rows = new ArrayList<>();
    static final String BEFORE = "Parley before";
    static final String PARLEY = "Parley";
    static final String BATCHED = "Parley, ?batch=1";
    static final String PEER = "Socket.IO + pg peer";
    static final String BASELINE = "bare ws baseline";
    /** A second start-up baseline: Payara Micro with the smallest WAR that uses Parley's containers. */
    static final String MINIMAL = "Payara Micro + minimal WAR";
    static final List<String> TARGETS = List.of(BEFORE, PARLEY, BATCHED, PEER, BASELINE);
    static final java.util.Set<String> SCENARIOS = java.util.Set.of(System.getProperty("bench.scenarios",
            "startup,fanout,sustained,persisted,idle,cluster").split(","));
    static final java.util.Set<String> SERVERS = java.util.Set.of(System.getProperty("bench.servers",
            "parley,peer,baseline").split(","));
    /** The PostgreSQL all servers of the run store in, for CPU figures. */
    private EmbeddedDatabase database;

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
        try (EmbeddedDatabase db = EmbeddedDatabase.start(work.resolve("postgres"), freePort(), true, EmbeddedDatabase.Durability.DISK)) {
            database = db;
            SigningKeys keys = SigningKeys.ensure(work.resolve("keys"));
            String before = System.getProperty("bench.before-war", "");
            if (SCENARIOS.contains("startup")) {
                startUps(war, before.isBlank() ? null : Path.of(before), payaraJar, serverConfig, work, db, keys);
            }
            if (!before.isBlank()) { // another build of Parley, for before/after rows of the same run
                try (Server parley = startParley(Path.of(before), payaraJar, serverConfig, work, db, keys, "before",
                        System.getProperty("bench.before-options", ""), List.of())) {
                    runParley(BEFORE, parley, false);
                }
            }
            if (SERVERS.contains("parley")) {
                try (Server parley = startParley(war, payaraJar, serverConfig, work, db, keys, "parley",
                        System.getProperty("bench.options", ""), List.of())) {
                    runParley(PARLEY, parley, true);
                }
                if (SCENARIOS.contains("cluster")) {
                    cluster(war, payaraJar, serverConfig, work, db, keys);
                }
            }
            installNodeModules();
            if (SERVERS.contains("peer")) {
                db.createDatabase("peer");
                try (Server peer = startNode("peer.mjs", "postgresql://" + EmbeddedDatabase.USER + "@127.0.0.1:"
                        + db.port() + "/peer")) {
                    runNode(PEER, peer, peer.ws() + "/socket.io/?EIO=4&transport=websocket", false);
                }
            }
            if (SERVERS.contains("baseline")) {
                try (Server node = startNode("baseline.mjs")) {
                    runNode(BASELINE, node, node.ws() + "/", true);
                }
            }
        }
        write();
    }

    /** The scenarios against one Parley; {@code batched} adds the ?batch=1 rows. */
    private void runParley(String target, Server parley, boolean batched) throws Exception {
        Setup setup = Setup.create(parley.http(), CHATS);
        String receivers = setup.receivers(parley);
        if (SCENARIOS.contains("fanout")) {
            fanOut(target, receivers, setup.sender(parley), setup.chatId);
            if (batched) {
                fanOut(BATCHED, receivers + "&batch=1", setup.sender(parley), setup.chatId);
            }
        }
        if (SCENARIOS.contains("sustained")) {
            for (int room : new int[] {10, LARGE_ROOM}) {
                if (!SUSTAINED_ROOMS.contains(room)) {
                    continue;
                }
                int[] rates = room < 100 ? SMALL_ROOM_RATES : LARGE_ROOM_RATES;
                sustained(target, receivers, setup.sender(parley), setup.chatId, room, rates);
                if (batched) {
                    sustained(BATCHED, receivers + "&batch=1", setup.sender(parley), setup.chatId, room, rates);
                }
            }
        }
        if (SCENARIOS.contains("persisted")) {
            persisted(target, parley, setup.persistedSenders(parley), setup.persistedChats);
        }
        if (SCENARIOS.contains("idle") && batched) {
            idle(target, parley, "/ws?token=" + setup.ownerToken);
        }
    }

    /** The scenarios against a Node.js server; its chats are plain numbers. The peer's Socket.IO idles differently. */
    private void runNode(String target, Server node, String url, boolean idle) throws Exception {
        if (SCENARIOS.contains("fanout")) {
            fanOut(target, url, url, 1);
        }
        if (SCENARIOS.contains("sustained")) {
            if (SUSTAINED_ROOMS.contains(10)) {
                sustained(target, url, url, 2, 10, SMALL_ROOM_RATES);
            }
            if (SUSTAINED_ROOMS.contains(LARGE_ROOM)) {
                sustained(target, url, url, 3, LARGE_ROOM, LARGE_ROOM_RATES);
            }
        }
        if (SCENARIOS.contains("persisted")) {
            List<Long> chats = java.util.stream.LongStream.range(100, 100 + CHATS).boxed().toList();
            persisted(target, node, java.util.Collections.nCopies(CHATS, url), chats);
        }
        if (SCENARIOS.contains("idle") && idle) {
            idle(target, node, "/");
        }
    }

    /** A server process the benchmark started: its port and pid, stopped on close. */
    record Server(Process process, int port, double startSeconds) implements AutoCloseable {
        String http() { return "http://127.0.0.1:" + port; }
        String ws() { return "ws://127.0.0.1:" + port; }
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private Server startParley(Path war, Path payaraJar, Path serverConfig, Path work, EmbeddedDatabase db,
                               SigningKeys keys, String name, String options, List<String> grid) throws Exception {
        return startParley(war, payaraJar, serverConfig, work, db.jdbcUrl(), keys, name, options, grid);
    }

    private Server startParley(Path war, Path payaraJar, Path serverConfig, Path work, String jdbcUrl,
                               SigningKeys keys, String name, String options, List<String> grid) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx1g", "-Djava.io.tmpdir=" + work.resolve("tmp"),
                // A load generator is one trusted client sending at full speed, not a flood to stop.
                "-Dparley.ws.rate-limit.frames-per-second=1000000", "-Dparley.ws.rate-limit.burst=1000000",
                // One token per run, and its connections outlive the default 15 minutes' lifetime.
                "-Dparley.jwt.access-token-seconds=7200"));
        for (String option : options.trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        if (Boolean.getBoolean("bench.jfr")) {
            // A profile of the run (it slows the server: figures of a profiled run are not comparable).
            command.add("-XX:StartFlightRecording=settings=profile,filename=" + work.resolve(name + ".jfr"));
        }
        command.addAll(PayaraBoot.parleyProperties(jdbcUrl, EmbeddedDatabase.USER, "", keys));
        command.addAll(List.of("-jar", payaraJar.toString(), "--deploy", war.toString(), "--contextroot", "/",
                "--port", Integer.toString(port), "--prebootcommandfile",
                PayaraBoot.writePreBootCommands(serverConfig, work.resolve("pre-boot.asadmin"), "127.0.0.1").toString()));
        if (grid.isEmpty()) {
            command.add("--nohazelcast");
        } else {
            command.addAll(grid);
        }
        Instant launched = Instant.now();
        Process payara = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile()).start();
        awaitAnswer("http://127.0.0.1:" + port + "/health/ready", true);
        return new Server(payara, port, Duration.between(launched, Instant.now()).toMillis() / 1000.0);
    }

    /**
     * Two Parleys as one cluster on the Domain Data Grid: the fan-out with the sender and the receivers on one
     * instance, then with the sender on one and the receivers on the other (every frame crosses the grid).
     */
    private void cluster(Path war, Path payaraJar, Path serverConfig, Path work, EmbeddedDatabase db, SigningKeys keys)
            throws Exception {
        int[] gridPorts = {freePort(), freePort()};
        String members = "tcpip:127.0.0.1:" + gridPorts[0] + ",127.0.0.1:" + gridPorts[1];
        String group = "parley-bench-" + Long.toHexString(System.nanoTime());
        List<Server> started = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                started.add(startParley(war, payaraJar, serverConfig, work, db, keys, "cluster-" + (i + 1),
                        System.getProperty("bench.options", "") + " -Dhazelcast.socket.bind.any=false",
                        List.of("--clustername", group, "--clustermode", members, "--startport",
                                Integer.toString(gridPorts[i]), "--interfaces", "127.0.0.1", "--nohostaware",
                                "--rootdir", work.resolve("cluster-" + (i + 1)).toString())));
            }
            Server a = started.get(0);
            Server b = started.get(1);
            for (Server server : started) {
                awaitAnswer(server.http() + "/health/ready", "\"instances\":2");
            }
            Setup setup = Setup.create(a.http(), CHATS);
            fanOut("Parley x2, one instance", "2 instances, sender and receivers on one: fan-out to "
                    + FAN_OUT_RECEIVERS, setup.receivers(a), setup.sender(a), setup.chatId);
            fanOut("Parley x2, across", "2 instances, sender on one, receivers on the other: fan-out to "
                    + FAN_OUT_RECEIVERS, setup.receivers(b), setup.sender(a), setup.chatId);
        } finally {
            for (Server server : started) {
                server.close();
            }
        }
    }

    /**
     * Start-up and idle memory: bare Payara Micro (nothing deployed), the build before if given, and Parley,
     * started in turn {@code bench.startups} times (3), each Parley on an empty database of its own so that
     * every start runs all migrations. The medians are reported: one start on this machine varies by seconds.
     */
    private void startUps(Path war, Path beforeWar, Path payaraJar, Path serverConfig, Path work, EmbeddedDatabase db,
                          SigningKeys keys) throws Exception {
        int rounds = Integer.getInteger("bench.startups", 3);
        Path minimalWar = MinimalWar.write(work.resolve("minimal.war"));
        java.util.Map<String, List<double[]>> starts = new java.util.LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            try (Server bare = startBare(payaraJar, work, null)) {
                starts.computeIfAbsent(BASELINE, t -> new ArrayList<>()).add(settledStart(bare));
            }
            try (Server minimal = startBare(payaraJar, work, minimalWar)) {
                starts.computeIfAbsent(MINIMAL, t -> new ArrayList<>()).add(settledStart(minimal));
            }
            if (beforeWar != null) {
                db.createDatabase("startup_before_" + round);
                try (Server before = startParley(beforeWar, payaraJar, serverConfig, work,
                        db.jdbcUrl("startup_before_" + round), keys, "startup-before",
                        System.getProperty("bench.before-options", ""), List.of())) {
                    starts.computeIfAbsent(BEFORE, t -> new ArrayList<>()).add(settledStart(before));
                }
            }
            if (SERVERS.contains("parley")) {
                db.createDatabase("startup_parley_" + round);
                try (Server parley = startParley(war, payaraJar, serverConfig, work, db.jdbcUrl("startup_parley_" + round),
                        keys, "startup-parley", System.getProperty("bench.options", ""), List.of())) {
                    starts.computeIfAbsent(PARLEY, t -> new ArrayList<>()).add(settledStart(parley));
                }
            }
        }
        starts.forEach((target, figures) -> {
            double seconds = median(figures.stream().mapToDouble(f -> f[0]).toArray());
            double rssMiB = median(figures.stream().mapToDouble(f -> f[1]).toArray());
            String who = target.equals(BASELINE) ? "bare Payara Micro" : target;
            String notes = switch (target) {
                case BASELINE -> "nothing deployed, no database";
                case MINIMAL -> "one JAX-RS resource, one CDI bean, one WebSocket endpoint; no database";
                default -> "to /health/ready 200, migrations included";
            };
            String each = figures.stream().map(f -> fmt(f[0])).collect(java.util.stream.Collectors.joining(", "));
            if (!target.equals(MINIMAL)) {
                headline("start-up: s from launch to first answer (baseline: bare Payara Micro)", target, seconds);
                headline("start-up: RSS when idle, MiB (baseline: bare Payara Micro)", target, rssMiB);
            }
            row("start-up", who, fmt(seconds) + " s to first answer (median of " + each + ")",
                    "RSS idle " + fmt(rssMiB) + " MiB", notes);
        });
    }

    /** Payara Micro with nothing deployed, or with {@code war} at the root, to its first answer. */
    private Server startBare(Path payaraJar, Path work, Path war) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g",
                "-Djava.io.tmpdir=" + work.resolve("tmp"), "-jar", payaraJar.toString(), "--port", Integer.toString(port),
                "--nohazelcast"));
        if (war != null) {
            command.addAll(List.of("--deploy", war.toString(), "--contextroot", "/"));
        }
        Instant launched = Instant.now();
        Process payara = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(war == null ? "payara-bare.log" : "payara-minimal.log").toFile()).start();
        if (war == null) {
            awaitAnswer("http://127.0.0.1:" + port + "/", false);
        } else {
            awaitAnswer("http://127.0.0.1:" + port + MinimalWar.READY_PATH, true);
        }
        return new Server(payara, port, Duration.between(launched, Instant.now()).toMillis() / 1000.0);
    }

    /** Seconds to the first answer, and the resident memory once start-up work has settled. */
    private static double[] settledStart(Server server) throws Exception {
        Thread.sleep(5000);
        return new double[] {server.startSeconds, ProcessMemory.rssKiB(server.process.pid()) / 1024.0};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private void fanOut(String target, String receiverUrl, String senderUrl, long chatId) throws Exception {
        fanOut(target, "fan-out to " + FAN_OUT_RECEIVERS, receiverUrl, senderUrl, chatId);
    }

    /** {@code figure} names the headline rows, which go in the {@code target}'s column (Parley's for a cluster). */
    private void fanOut(String target, String figure, String receiverUrl, String senderUrl, long chatId)
            throws Exception {
        String column = TARGETS.contains(target) ? target : PARLEY;
        try (LoadGenerator generator = new LoadGenerator(FAN_OUT_RECEIVERS * FAN_OUT_MESSAGES)) {
            generator.openReceivers(receiverUrl, FAN_OUT_RECEIVERS, chatId);
            WebSocket sender = generator.openSender(senderUrl);
            List<Double> allReceived = new ArrayList<>();
            int lost = 0;
            long cpu = LoadGenerator.cpuNanos();
            long started = System.nanoTime();
            for (int i = 0; i < FAN_OUT_MESSAGES; i++) {
                generator.expect(FAN_OUT_RECEIVERS, i);
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
            headline(figure + ": all received, p50 ms", column, pct(allReceived, 50));
            headline(figure + ": all received, p99 ms", column, pct(allReceived, 99));
            headline(figure + ": per recipient, p50 ms", column, generator.latencies().percentileMs(50));
            headline(figure + ": messages lost", column, lost);
            row("fan-out " + FAN_OUT_RECEIVERS, target, "all received p50 " + fmt(pct(allReceived, 50)) + " ms, p99 "
                            + fmt(pct(allReceived, 99)) + " ms",
                    "per recipient p50 " + fmt(generator.latencies().percentileMs(50)) + " ms, p99 "
                            + fmt(generator.latencies().percentileMs(99)) + " ms",
                    "lost " + lost + ", connect failures " + generator.failures() + ", generator CPU "
                            + fmt(generatorCpu) + "%");
        }
    }

    private void sustained(String target, String receiverUrl, String senderUrl, long chatId, int room, int[] rates)
            throws Exception {
        String within30 = "sustained, room of " + room + ": highest msg/s with p99 <= 30 ms";
        String within100 = "sustained, room of " + room + ": highest msg/s with p99 <= 100 ms";
        headline(within30, target, 0);
        headline(within100, target, 0);
        // Unmeasured, as the persisted scenario's warm-up: the JIT's first minutes are not the figure.
        sustainedStep(receiverUrl, senderUrl, chatId, room, rates[2]);
        for (int rate : rates) {
            Step step = sustainedStep(receiverUrl, senderUrl, chatId, room, rate);
            row("sustained room " + room + " @ " + rate + " msg/s", target,
                    "p50 " + fmt(step.p50) + " ms, p99 " + fmt(step.p99) + " ms",
                    fmt(step.received / step.seconds) + " deliveries/s",
                    "lost " + step.lost + ", generator CPU " + fmt(step.generatorCpu) + "%");
            if (step.lost == 0 && step.p99 <= 30) {
                headline(within30, target, rate);
            }
            if (step.lost == 0 && step.p99 <= 100) {
                headline(within100, target, rate);
            }
            if (step.p99 > 100 || step.lost > 0) {
                return;
            }
        }
    }

    /** One rate of the sustained scenario: per-recipient latency, deliveries, generator CPU in %. */
    record Step(double p50, double p99, long received, long lost, double seconds, double generatorCpu) {
    }

    private Step sustainedStep(String receiverUrl, String senderUrl, long chatId, int room, int rate) throws Exception {
        int expected = (int) (rate * STEP.toSeconds()) * room;
        try (LoadGenerator generator = new LoadGenerator(expected)) {
            generator.openReceivers(receiverUrl, room, chatId);
            WebSocket sender = generator.openSender(senderUrl);
            generator.expect(expected);
            long cpu = LoadGenerator.cpuNanos();
            long start = System.nanoTime();
            long intervalNanos = 1_000_000_000L / rate;
            int messages = (int) (rate * STEP.toSeconds());
            for (int i = 0; i < messages; i++) {
                LoadGenerator.waitUntil(start + i * intervalNanos);
                LoadGenerator.send(sender, chatId, i);
            }
            generator.awaitDeliveries(Duration.ofSeconds(10));
            double wall = (System.nanoTime() - start) / 1e9;
            return new Step(generator.latencies().percentileMs(50), generator.latencies().percentileMs(99),
                    generator.received(), expected - generator.received(), wall,
                    (LoadGenerator.cpuNanos() - cpu) / 1e9 / wall * 100);
        }
    }

    /**
     * Many 2-person chats, one sender each with WINDOW messages in flight: acks per second, ack latency, and
     * CPU time per acknowledged message of the server and of PostgreSQL.
     */
    private void persisted(String target, Server server, List<String> senderUrls, List<Long> chatIds) throws Exception {
        try (LoadGenerator warmUp = new LoadGenerator(2_000_000)) { // the JIT's first minutes are not the figure
            warmUp.sendWithAcks(senderUrls, chatIds, WINDOW, Duration.ofSeconds(5));
        }
        try (LoadGenerator generator = new LoadGenerator(2_000_000)) {
            long cpu = LoadGenerator.cpuNanos();
            long[] serverCpu = new long[1];
            long[] databaseCpu = new long[1];
            ProcessHandle postgres = database.postmaster();
            long acked = generator.sendWithAcks(senderUrls, chatIds, WINDOW, PERSISTED, () -> {
                serverCpu[0] = ProcessMemory.cpuNanos(server.process().pid()) - serverCpu[0];
                databaseCpu[0] = ProcessMemory.treeCpuNanos(postgres) - databaseCpu[0];
            });
            double seconds = PERSISTED.toMillis() / 1000.0;
            double perSecond = acked / seconds;
            double p99 = generator.acks().percentileMs(99);
            double serverMs = serverCpu[0] / 1e6 / Math.max(1, acked);
            double databaseMs = databaseCpu[0] / 1e6 / Math.max(1, acked);
            String name = "persisted, " + chatIds.size() + " chats: ";
            headline(name + "acked msg/s", target, perSecond);
            headline(name + "p99 ack ms", target, p99);
            headline(name + "server CPU ms per acked message", target, serverMs);
            if (!target.equals(BASELINE)) {
                headline(name + "PostgreSQL CPU ms per acked message", target, databaseMs);
            }
            row("persisted " + chatIds.size() + " chats x " + WINDOW + " in flight", target, fmt(perSecond) + " acked msg/s",
                    "ack p50 " + fmt(generator.acks().percentileMs(50)) + " ms, p99 " + fmt(p99) + " ms",
                    "server CPU " + fmt3(serverMs) + " ms/msg" + (target.equals(BASELINE) ? ", nothing stored"
                            : ", PostgreSQL CPU " + fmt3(databaseMs) + " ms/msg") + "; generator CPU "
                            + fmt((LoadGenerator.cpuNanos() - cpu) / 1e9 / seconds * 100) + "%");
        }
    }

    private static String fmt3(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /**
     * Idle connections, cumulative up to the largest level, each step from a separate generator process on its
     * own loopback source address; after each hold, the server's RSS, heap (after a full GC) and threads.
     */
    private void idle(String target, Server server, String pathAndQuery) throws Exception {
        long pid = server.process().pid();
        boolean jvm = !target.equals(BASELINE);
        long heap0 = jvm ? ProcessMemory.heapUsedAfterGcKiB(pid) : 0; // first: a full GC may shrink the RSS
        long rss0 = ProcessMemory.rssKiB(pid);
        List<IdleGenerator> generators = new ArrayList<>();
        try {
            int held = 0;
            for (int i = 0; i < IDLE_LEVELS.length; i++) {
                int level = IDLE_LEVELS[i];
                int opened = level - held;
                boolean last = i == IDLE_LEVELS.length - 1;
                Duration hold = last ? IDLE_HOLD_LAST : IDLE_HOLD;
                IdleGenerator generator = IdleGenerator.start(server.port(), pathAndQuery, opened, "127.0.0." + (2 + i));
                generators.add(generator);
                long opening = System.nanoTime();
                int failed = generator.awaitReady(Duration.ofSeconds(180))[1];
                double openSeconds = (System.nanoTime() - opening) / 1e9;
                held = level;
                Thread.sleep(hold.toMillis());
                int open = 0;
                for (IdleGenerator g : generators) {
                    open += g.stillOpen();
                }
                long rss = ProcessMemory.rssKiB(pid);
                long heap = jvm ? ProcessMemory.heapUsedAfterGcKiB(pid) : 0;
                int threads = ProcessMemory.threads(pid);
                double rssPerConnection = (rss - rss0) * 1024.0 / Math.max(1, open);
                double heapPerConnection = (heap - heap0) * 1024.0 / Math.max(1, open);
                if (last && jvm) { // what each connection keeps, by class: docs/benchmarks.md
                    ProcessMemory.classHistogram(pid, Path.of("target/bench", "histogram-idle-" + level + ".txt"));
                }
                if (last) {
                    String name = "idle " + level + ": ";
                    headline(name + "connections still open after " + hold.toSeconds() + " s", target, open);
                    headline(name + "server RSS, MiB", target, rss / 1024.0);
                    headline(name + "RSS bytes per connection", target, rssPerConnection);
                    if (jvm) {
                        headline(name + "heap bytes per connection (after full GC)", target, heapPerConnection);
                    }
                    headline(name + "server threads", target, threads);
                }
                row("idle " + level, target, open + " open after " + hold.toSeconds() + " s, RSS " + fmt(rss / 1024.0)
                                + " MiB (" + fmt(rssPerConnection) + " B/conn)",
                        (jvm ? "heap " + fmt(heap / 1024.0) + " MiB (" + fmt(heapPerConnection) + " B/conn), " : "")
                                + threads + " threads",
                        "opened " + opened + " in " + fmt(openSeconds) + " s, failed " + failed);
            }
        } finally {
            for (IdleGenerator generator : generators) {
                generator.close();
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
                + " | Parley / peer | Parley / baseline | before / Parley |\n|---|---|---|---|---|---|---|---|---|\n");
        for (var entry : headline.entrySet()) {
            java.util.Map<String, Double> by = entry.getValue();
            double parley = by.getOrDefault(PARLEY, Double.NaN);
            summary.append("| ").append(entry.getKey());
            for (String target : TARGETS) {
                summary.append(" | ").append(fmt(by.getOrDefault(target, Double.NaN)));
            }
            summary.append(" | ").append(ratio(parley, by.getOrDefault(PEER, Double.NaN)))
                    .append(" | ").append(ratio(parley, by.getOrDefault(BASELINE, Double.NaN)))
                    .append(" | ").append(ratio(by.getOrDefault(BEFORE, Double.NaN), parley)).append(" |\n");
        }
        StringBuilder table = new StringBuilder("| scenario | server | figure | detail | notes |\n|---|---|---|---|---|\n");
        for (String[] r : rows) {
            csv.append(String.join(",", List.of(r).stream().map(v -> "\"" + v + "\"").toList())).append('\n');
            table.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        Files.writeString(Path.of("target/bench/results.csv"), csv);
        String results = summary + "\nEvery row of the run:\n\n" + table;
        if (System.getProperty("bench.scenarios") != null) {
            // A partial run: its tables go to target/bench, the documented run stays as it is.
            Files.writeString(Path.of("target/bench/results.md"), results);
            System.out.println(results);
            return;
        }
        String machine = Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch");
        String commit = git("rev-parse", "--short", "HEAD");
        Path doc = Path.of("docs/benchmarks.md");
        String previous = Files.exists(doc) ? Files.readString(doc) : "";
        String marker = "<!-- results -->";
        String head = previous.contains(marker) ? previous.substring(0, previous.indexOf(marker)) : "# Benchmarks\n\n";
        Files.writeString(doc, head + marker + "\n\nRun " + LocalDate.now() + " on " + machine + ", commit " + commit
                + ", Payara Micro 6.2025.10, PostgreSQL 15 (embedded, fsync and synchronous_commit on), Node.js "
                + nodeVersion() + " (ws 8.18.3; Socket.IO 4.8.4 and pg 8.23.1 for the peer).\n\n" + results);
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

    private static final Path NODE_DIR = Path.of("src/bench/node");

    /** The peer's and the baseline's packages, from npm, as the lock file pins them. */
    private static void installNodeModules() throws Exception {
        for (String module : List.of("ws", "socket.io", "pg")) {
            if (!Files.exists(NODE_DIR.resolve("node_modules").resolve(module))) {
                new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(NODE_DIR.toFile()).inheritIO()
                        .start().waitFor();
                return;
            }
        }
    }

    /** One of the Node.js servers in src/bench/node, on a free port, once it accepts connections. */
    private static Server startNode(String script, String... arguments) throws Exception {
        int port = freePort();
        Instant launched = Instant.now();
        List<String> command = new ArrayList<>(List.of("node", script, Integer.toString(port)));
        command.addAll(List.of(arguments));
        Process node = new ProcessBuilder(command).directory(NODE_DIR.toFile()).redirectErrorStream(true)
                .redirectOutput(Path.of("target/bench/" + script.replace(".mjs", ".log")).toFile()).start();
        for (int i = 0; i < 100; i++) {
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                return new Server(node, port, Duration.between(launched, Instant.now()).toMillis() / 1000.0);
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        node.destroy();
        throw new IllegalStateException(script + " did not start");
    }

    /** Waits until {@code url} answers (with 200 when {@code ok} is set, otherwise with any HTTP status). */
    private static void awaitAnswer(String url, boolean ok) throws Exception {
        for (int i = 0; i < 2400; i++) {
            try {
                int status = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (!ok || status == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(url + " did not answer");
    }

    /** Waits until {@code url} answers 200 with {@code bodyContains} in its body. */
    private static void awaitAnswer(String url, String bodyContains) throws Exception {
        for (int i = 0; i < 1200; i++) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200 && answer.body().contains(bodyContains)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(url + " never answered with " + bodyContains);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double pct(List<Double> sorted, double p) {
        return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.max(0, Math.ceil(p / 100 * sorted.size()) - 1));
    }

    /** {@code a / b} as "1.5x", or a dash when either is missing or zero. */
    static String ratio(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b) || a == 0 || b == 0) {
            return "–";
        }
        double r = a / b;
        return (r < 1 ? String.format(Locale.ROOT, "%.2g", r) : fmt(r)) + "x";
    }

    static String fmt(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e9) {
            return Long.toString((long) value);
        }
        // Small figures (CPU milliseconds per message) keep three decimals, the rest at most one.
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : Math.abs(value) < 1 ? "%.3f" : "%.1f", value);
    }

    /**
     * A tenant with an owner (receivers), a customer (sender) and a chat between them, plus {@code chats}
     * more customers, each with its own chat with the owner, for persisted throughput.
     */
    record Setup(String ownerToken, String customerToken, long chatId, List<String> persistedTokens,
                 List<Long> persistedChats) {

        static Setup create(String base, int chats) throws Exception {
            String suffix = Long.toString(System.nanoTime(), 36);
            String signUp = post(base + "/api/v1/tenants", "{\"name\":\"Bench " + suffix + "\",\"owner\":{\"name\":\"Owner\","
                    + "\"email\":\"owner-" + suffix + "@bench.test\",\"password\":\"bench password\"}}", null);
            String owner = field(signUp, "access_token");
            String slug = field(signUp, "slug");
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<String[]>> customers = new ArrayList<>();
                for (int i = 0; i <= chats; i++) {
                    String email = "c" + i + "-" + suffix + "@bench.test";
                    customers.add(pool.submit(() -> customerWithChat(base, owner, slug, email)));
                }
                List<String> tokens = new ArrayList<>();
                List<Long> chatIds = new ArrayList<>();
                for (var customer : customers) {
                    tokens.add(customer.get()[0]);
                    chatIds.add(Long.parseLong(customer.get()[1]));
                }
                return new Setup(owner, tokens.get(0), chatIds.get(0), tokens.subList(1, tokens.size()),
                        chatIds.subList(1, chatIds.size()));
            } finally {
                pool.shutdown();
            }
        }

        /** A customer who signs in for a token, and a chat between the owner and that customer: token, chat id. */
        private static String[] customerWithChat(String base, String owner, String slug, String email) throws Exception {
            String customer = post(base + "/api/v1/customers", "{\"name\":\"Customer\",\"email\":\"" + email
                    + "\",\"password\":\"bench password\"}", owner);
            String login = post(base + "/api/v1/customer-auth/login", "{\"tenant\":\"" + slug + "\",\"email\":\""
                    + email + "\",\"password\":\"bench password\"}", null);
            String chat = post(base + "/api/v1/chat/chats", "{\"customer_id\":" + field(customer, "id") + "}", owner);
            return new String[] {field(login, "access_token"), field(chat, "id")};
        }

        String receivers(Server server) {
            return server.ws() + "/ws?token=" + ownerToken;
        }

        String sender(Server server) {
            return server.ws() + "/ws?token=" + customerToken;
        }

        List<String> persistedSenders(Server server) {
            return persistedTokens.stream().map(token -> server.ws() + "/ws?token=" + token).toList();
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
