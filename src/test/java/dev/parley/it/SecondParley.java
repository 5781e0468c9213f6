package dev.parley.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Another Parley on Payara Micro beside the suite's, with the same WAR, database, keys and settings, on a
 * port of its own: a process the fault tests may kill ({@code kill -9}) and start again on the same data,
 * which they cannot do to the suite's own server. Several of them form a cluster of their own
 * ({@link #startCluster}); the suite's server runs without the grid.
 */
public final class SecondParley implements AutoCloseable {

    /**
     * HTTP/1.1: the default client upgrades to HTTP/2 (h2c) and sends every later request on that one
     * connection, so a connection that stalls while the server starts would stall every readiness probe.
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** The ones started and not closed: killed when the test JVM exits, however it exits. */
    private static final Set<SecondParley> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(SecondParley::close), "second-parley-reaper"));
    }

    private final List<String> command;
    private final int port;
    private final Path work;
    private Process process;
    private int starts;

    private SecondParley(List<String> command, int port, Path work) {
        this.command = command;
        this.port = port;
        this.work = work;
    }

    /** Starts it and waits until it is ready. */
    public static SecondParley start(String name) throws IOException, InterruptedException {
        return start(name, List.of());
    }

    /** Starts it with JVM options of its own ({@code -Dparley.…} settings) and waits until it is ready. */
    public static SecondParley start(String name, List<String> jvmOptions) throws IOException, InterruptedException {
        return start(name, jvmOptions, micro -> { });
    }

    /** Starts it with JVM options of its own and Payara Micro's options changed by {@code microOptions}. */
    public static SecondParley start(String name, List<String> jvmOptions,
                                     Consumer<List<String>> microOptions)
            throws IOException, InterruptedException {
        SecondParley parley = create(name, jvmOptions, List.of(), microOptions);
        parley.startProcess();
        try {
            parley.awaitReady();
        } catch (IOException | InterruptedException | RuntimeException e) {
            parley.close();
            throw e;
        }
        return parley;
    }

    /** Starts it with JVM options of its own, without waiting: {@link #awaitReady()} waits. */
    public static SecondParley launch(String name, List<String> jvmOptions) throws IOException {
        SecondParley parley = create(name, jvmOptions, List.of(), micro -> { });
        parley.startProcess();
        return parley;
    }

    /**
     * Starts {@code size} Parleys at once as one cluster on the Domain Data Grid, a Hazelcast group of their
     * own on loopback (TCP/IP member list, no host-aware grouping: they share one host), and waits until each
     * is ready and sees all the others.
     */
    public static List<SecondParley> startCluster(String name, int size) throws IOException, InterruptedException {
        List<Integer> gridPorts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            gridPorts.add(freePort());
        }
        String members = String.join(",", gridPorts.stream().map(port -> "127.0.0.1:" + port).toList());
        String group = name + "-" + Long.toHexString(System.nanoTime());
        List<SecondParley> cluster = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            SecondParley parley = create(name + "-" + (char) ('a' + i),
                    List.of("-Dhazelcast.socket.bind.any=false", "-Dhazelcast.phone.home.enabled=false",
                            // Instances that started apart merge in seconds, not Hazelcast's default 5 minutes.
                            "-Dhazelcast.merge.first.run.delay.seconds=5", "-Dhazelcast.merge.next.run.delay.seconds=5"),
                    List.of("--clustername", group, "--clustermode", "tcpip:" + members,
                            "--startport", Integer.toString(gridPorts.get(i)), "--interfaces", "127.0.0.1",
                            "--nohostaware", "--name", name + "-" + (char) ('a' + i)), micro -> { });
            parley.startProcess();
            cluster.add(parley);
        }
        try {
            for (SecondParley parley : cluster) {
                parley.awaitReady();
            }
            for (SecondParley parley : cluster) {
                parley.awaitInstances(size);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.forEach(SecondParley::close); // nobody else holds them yet
            throw e;
        }
        return cluster;
    }

    private static SecondParley create(String name, List<String> jvmOptions, List<String> gridOptions,
                                       Consumer<List<String>> microOptions) throws IOException {
        Path work = Path.of(System.getProperty("parley.it.work-dir", "target/it")).toAbsolutePath().resolve(name);
        Files.createDirectories(work.resolve("tmp"));
        int port = freePort();
        List<String> micro = new ArrayList<>(Arrays.asList(System.getProperty("parley.it.micro-options").split(" ")));
        micro.set(micro.indexOf("--port") + 1, Integer.toString(port));
        if (!gridOptions.isEmpty()) {
            micro.remove("--nohazelcast");
            micro.addAll(gridOptions);
        }
        microOptions.accept(micro);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : System.getProperty("parley.it.cmd-options").split(" ")) {
            command.add(option.startsWith("-Djava.io.tmpdir=") ? "-Djava.io.tmpdir=" + work.resolve("tmp") : option);
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", Path.of(System.getProperty("parley.it.payara-micro")).toAbsolutePath().toString(),
                "--deploy", Path.of(System.getProperty("parley.it.war")).toAbsolutePath().toString()));
        command.addAll(micro);
        return new SecondParley(List.copyOf(command), port, work);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void startProcess() throws IOException {
        // A fresh Payara folder each time: in the old one Payara would find the WAR deployed already, deploy
        // it a second time, and undeploy the first while clients are connecting. The data is in PostgreSQL.
        List<String> line = new ArrayList<>(command);
        line.addAll(List.of("--rootdir", work.resolve("payara-" + ++starts).toString()));
        Path log = work.resolve("server.log");
        process = new ProcessBuilder(line).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        LIVE.add(this);
    }


    /** Waits until {@code /health/ready} answers 200, at most 3 minutes. */
    public void awaitReady() throws IOException, InterruptedException {
        awaitHealth("ready");
    }

    /** Waits until {@code /health/live} answers 200 (deployed), at most 3 minutes. */
    public void awaitLive() throws IOException, InterruptedException {
        awaitHealth("live");
    }

    private void awaitHealth(String check) throws IOException, InterruptedException {
        Path log = work.resolve("server.log");
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("The second Parley exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/health/" + check))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return;
                }
                last = answer.statusCode() + " " + answer.body();
            } catch (IOException notYet) {
                last = notYet.toString(); // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IOException("The second Parley was not " + check + " within 3 minutes (last answer: " + last
                + "); see " + log);
    }

    /** Its log: what it wrote on standard output and error, across its starts. */
    public Path log() {
        return work.resolve("server.log");
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Kills it outright (SIGKILL): no shutdown hook, no close frame, nothing flushed. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.onExit().join();
    }

    /** Starts it again, on the same port, database and settings. */
    public void restart() throws IOException, InterruptedException {
        startProcess();
        awaitReady();
    }

    /** The instances it sees on the grid, from its readiness check. */
    public int instances() {
        try {
            HttpResponse<String> ready = HTTP.send(
                    HttpRequest.newBuilder(URI.create(base() + "/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            var matcher = java.util.regex.Pattern.compile("\"instances\":(\\d+)").matcher(ready.body());
            return matcher.find() ? Integer.parseInt(matcher.group(1)) : 1;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Waits until it sees {@code size} instances on the grid. */
    public void awaitInstances(int size) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (instances() != size) {
            if (System.nanoTime() > deadline) {
                throw new IOException(base() + " sees " + instances() + " instances, not " + size + ", after 60 s; see "
                        + work.resolve("server.log"));
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        LIVE.remove(this);
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
