package dev.parley.devserver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code mvn -Prun}: runs Parley on Payara Micro at http://localhost:8080/
 * with a working database. Without {@code PARLEY_DB_URL} it starts an
 * embedded PostgreSQL whose data stays in {@code data/postgres}; without
 * configured keys it makes a signing key pair once, in {@code data/keys}.
 * It announces the URLs only when Parley answers as ready.
 *
 * <p>{@code -Dparley.instances=3} starts three instances instead, on ports
 * 8080, 8081 and 8082, as one cluster on the Domain Data Grid (Hazelcast on
 * 127.0.0.1:6900 and up, a TCP/IP member list), sharing the database.
 */
public final class DevServer {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    /** The first instance's Domain Data Grid port when several run. */
    private static final int GRID_PORT = 6900;
    /** Deploying takes about 15 s here, and several times that on a busy 2-core machine. */
    private static final Duration DEPLOY_GRACE = Duration.ofSeconds(120);

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(System.getProperty("parley.data.dir", "data")).toAbsolutePath();
        Path war = Path.of(System.getProperty("parley.war", "target/parley.war"));
        Path payaraJar = Path.of(System.getProperty("parley.payara-micro", "target/payara-micro.jar"));
        Path serverConfig = Path.of(System.getProperty("parley.server-config", "server-config"));
        int port = Integer.parseInt(env("PARLEY_HTTP_PORT").orElse("8080"));
        int instances = Integer.parseInt(System.getProperty("parley.instances", "1"));
        String address = env("PARLEY_HTTP_ADDRESS").orElse("127.0.0.1");

        EmbeddedDatabase database = null;
        String jdbcUrl = null;
        if (env("PARLEY_DB_URL").isEmpty()) {
            int dbPort = Integer.parseInt(env("PARLEY_EMBEDDED_DB_PORT").orElse("15432"));
            database = EmbeddedDatabase.start(dataDir.resolve("postgres"), dbPort, false, EmbeddedDatabase.Durability.DISK);
            jdbcUrl = database.jdbcUrl();
        }
        SigningKeys keys = env("PARLEY_JWT_SIGNING_KEY_LOCATION").isPresent()
                || env("MP_JWT_VERIFY_PUBLICKEY_LOCATION").isPresent()
                ? null : SigningKeys.ensure(dataDir.resolve("keys"));

        Path work = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        Files.createDirectories(work);
        List<String> gridMembers = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            gridMembers.add("127.0.0.1:" + (GRID_PORT + i));
        }
        List<Process> payaras = new ArrayList<>();
        EmbeddedDatabase db = database;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(payaras, db)));
        for (int i = 0; i < instances; i++) {
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.add("-Djava.io.tmpdir=" + work);
            command.addAll(PayaraBoot.parleyProperties(jdbcUrl, EmbeddedDatabase.USER, "", keys));
            if (System.getenv("PARLEY_MEDIA_DIRECTORY") == null) {
                command.add("-Dparley.media.directory=" + dataDir.resolve("media")); // uploads beside the database
            }
            if (instances > 1) {
                command.add("-Dhazelcast.socket.bind.any=false"); // the grid stays on loopback
            }
            command.addAll(List.of("-jar", payaraJar.toString(),
                    "--deploy", war.toString(),
                    "--contextroot", "/",
                    "--port", Integer.toString(port + i),
                    "--prebootcommandfile",
                    PayaraBoot.writePreBootCommands(serverConfig, work.resolve("pre-boot-commands.asadmin"), address)
                            .toString(),
                    "--postbootcommandfile", serverConfig.resolve("post-boot-commands.asadmin").toString()));
            if (instances == 1) {
                command.add("--nohazelcast");
            } else {
                // One host: a TCP/IP member list on loopback, and no host-aware grouping (it would keep no backups).
                command.addAll(List.of("--clustername", "parley-dev", "--clustermode", "tcpip:" + String.join(",", gridMembers),
                        "--startport", Integer.toString(GRID_PORT + i), "--interfaces", "127.0.0.1", "--nohostaware",
                        "--name", "parley-" + (i + 1), "--rootdir", work.resolve("instance-" + (i + 1)).toString()));
            }
            payaras.add(new ProcessBuilder(command).inheritIO().start());
        }

        String base = "http://localhost:" + port;
        Instant started = Instant.now();
        for (int i = 0; i < instances; i++) {
            if (!awaitReady("http://localhost:" + (port + i) + "/health/ready", payaras.get(i))) {
                System.err.println("Parley did not become ready; see the server log above.");
                stop(payaras, db);
                System.exit(1);
            }
        }
        long seconds = Duration.between(started, Instant.now()).toSeconds();
        if (instances > 1) {
            System.out.printf("%nA cluster of %d instances on one grid: %s%n", instances, String.join(", ",
                    java.util.stream.IntStream.range(0, instances).mapToObj(i -> "http://localhost:" + (port + i) + "/")
                            .toList()));
        }
        System.out.printf("""

                Parley is ready (%d s): %s/
                  Console:    %s/console/   (client SDK: %s/parley.js)
                  API docs:   %s/docs/   (OpenAPI: %s/openapi)
                  Health:     %s/health   readiness: %s/health/ready
                  Database:   %s
                  Keys:       %s
                Press Ctrl+C to stop.

                """, seconds, base, base, base, base, base, base, base,
                database != null ? database.jdbcUrl() + " (embedded, data in " + dataDir.resolve("postgres") + ")"
                        : "PARLEY_DB_URL",
                keys != null ? keys.privateKey().getParent() : "as configured");
        System.exit(payaras.get(0).waitFor());
    }

    private static boolean awaitReady(String url, Process payara) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        Instant firstNotFound = null;
        while (Instant.now().isBefore(deadline) && payara.isAlive()) {
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return true;
                }
                // Payara answers 404 for a while between its start and Parley's; if that lasts, the deployment failed.
                if (response.statusCode() == 404) {
                    firstNotFound = firstNotFound == null ? Instant.now() : firstNotFound;
                    if (Duration.between(firstNotFound, Instant.now()).compareTo(DEPLOY_GRACE) > 0) {
                        return false;
                    }
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        return false;
    }

    private static void stop(List<Process> payaras, EmbeddedDatabase database) {
        payaras.forEach(Process::destroy);
        try {
            for (Process payara : payaras) {
                payara.waitFor();
            }
            if (database != null) {
                database.close();
            }
        } catch (InterruptedException | IOException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(s -> !s.isBlank());
    }
}
