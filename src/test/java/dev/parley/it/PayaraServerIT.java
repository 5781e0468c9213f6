package dev.parley.it;

import static dev.parley.it.Api.bearer;
import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.devserver.EmbeddedDatabase;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same WAR, unchanged, on a real Payara Server 6 domain, set up as docs/operations.md ("Payara Server")
 * tells an operator to: a domain of its own, {@code server-config/payara-server.asadmin} at every start, the
 * connection pool defined in the server ({@code server-config/jdbc-pool.asadmin}, the PostgreSQL driver in
 * the domain's {@code lib}), Parley's settings in the environment, and {@code asadmin deploy}. Then a smoke
 * set over the wire: readiness, sign-up, login, a chat message over WebSocket, a notification and
 * {@code /metrics}; then undeploy and stop, both checked.
 */
class PayaraServerIT {

    private static final String DOMAIN = "parley-it";
    private static final String POOL_NAME = "parley-server-pool";
    private static Path domains;
    private static Path log;
    private static int adminPort;
    private static String base;
    private static boolean started;

    @BeforeAll
    static void startDomain() throws Exception {
        Path work = Path.of(System.getProperty("parley.it.work-dir", "target/it")).toAbsolutePath();
        Path serverConfig = Path.of(System.getProperty("parley.it.server-config", "server-config")).toAbsolutePath();
        domains = work.resolve("payara-server");
        log = work.resolve("payara-server-asadmin.log");
        int portBase = freePortBase();
        adminPort = portBase + 48;
        base = "http://127.0.0.1:" + (portBase + 80);

        asadmin(Map.of(), "create-domain", "--domaindir", domains.toString(), "--portbase", Integer.toString(portBase),
                "--nopassword=true", DOMAIN);
        // The server-defined pool needs the driver in the server's class path: the domain's lib folder.
        Path driver = Path.of(System.getProperty("parley.it.postgresql-driver"));
        Files.copy(driver, domains.resolve(DOMAIN).resolve("lib").resolve(driver.getFileName()));
        // The test's own lines: loopback only, and no Domain Data Grid (the suite's servers have none either).
        Path preBoot = work.resolve("payara-server-pre-boot.asadmin");
        Files.writeString(preBoot, Files.readString(serverConfig.resolve("payara-server.asadmin")) + """

                set configs.config.server-config.network-config.network-listeners.network-listener.http-listener-1.address=127.0.0.1
                set configs.config.server-config.network-config.network-listeners.network-listener.http-listener-2.address=127.0.0.1
                set configs.config.server-config.network-config.network-listeners.network-listener.admin-listener.address=127.0.0.1
                set configs.config.server-config.hazelcast-config-specific-configuration.enabled=false
                """);
        EmbeddedDatabase database = TestEnvironment.database();
        Path keys = work.resolve("keys");
        Map<String, String> settings = Map.of(
                "PARLEY_DB_URL", database.jdbcUrl(), "PARLEY_DB_USER", EmbeddedDatabase.USER,
                "PARLEY_DB_PASSWORD", "unused", // the embedded PostgreSQL trusts loopback
                "PARLEY_DATASOURCE", "jdbc/parley",
                "PARLEY_JWT_SIGNING_KEY_LOCATION", keys.resolve("jwt-private.pem").toString(),
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.resolve("jwt-public.pem").toUri().toString(),
                "PARLEY_MEDIA_DIRECTORY", work.resolve("payara-server-media").toString());
        started = true;
        asadmin(settings, "start-domain", "--domaindir", domains.toString(), "--prebootcommandfile", preBoot.toString(),
                "--postbootcommandfile", serverConfig.resolve("post-boot-commands.asadmin").toString(), DOMAIN);
        asadmin(Map.of(), "--port", Integer.toString(adminPort), "multimode", "--file",
                serverConfig.resolve("jdbc-pool.asadmin").toString());
        // Named, so that the test can see in PostgreSQL that Parley's connections come from this pool.
        asadmin(Map.of(), "--port", Integer.toString(adminPort), "set",
                "resources.jdbc-connection-pool.parley-pool.property.ApplicationName=" + POOL_NAME);
        asadmin(Map.of(), "--port", Integer.toString(adminPort), "ping-connection-pool", "parley-pool");
        asadmin(Map.of(), "--port", Integer.toString(adminPort), "deploy", "--contextroot", "/", "--name", "parley",
                Path.of(System.getProperty("parley.it.war")).toAbsolutePath().toString());
    }

    @AfterAll
    static void stopDomain() throws Exception {
        if (started) {
            asadmin(Map.of(), "stop-domain", "--domaindir", domains.toString(), "--kill=true", DOMAIN);
        }
    }

    @Test
    void theWarServesOnPayaraServerThenUndeploys() throws Exception {
        await(() -> Api.get(base + "/health/ready").status() == 200, "readiness");
        JsonObject ready = Api.get(base + "/health/ready").json();
        assertEquals("UP", ready.getString("status"), ready::toString);

        String unique = UUID.randomUUID().toString().substring(0, 8);
        String email = "owner-" + unique + "@example.test";
        Api.Reply signUp = Api.post(base + "/api/v1/tenants", obj("name", "Server " + unique, "slug", "s-" + unique,
                "owner", obj("name", "Owner", "email", email, "password", TestTenant.PASSWORD)));
        assertEquals(201, signUp.status(), signUp::toString);
        assertTrue(signUp.headers().firstValue("X-Powered-By").isEmpty(), "no server version in answers");
        Api.Reply login = Api.post(base + "/api/v1/auth/login",
                obj("email", email, "password", TestTenant.PASSWORD, "tenant", "s-" + unique));
        assertEquals(200, login.status(), login::toString);
        String owner = login.json().getString("access_token");

        String customerEmail = "customer-" + unique + "@example.test";
        Api.Reply customer = Api.post(base + "/api/v1/customers",
                obj("name", "Customer", "email", customerEmail, "password", TestTenant.PASSWORD), bearer(owner));
        assertEquals(201, customer.status(), customer::toString);
        JsonObject customerLogin = Api.post(base + "/api/v1/customer-auth/login", obj("tenant", "s-" + unique,
                "email", customerEmail, "password", TestTenant.PASSWORD)).json();
        long customerId = customerLogin.getJsonObject("customer").getJsonNumber("id").longValue();
        String customerToken = customerLogin.getString("access_token");
        long chatId = Api.post(base + "/api/v1/chat/chats", obj("customer_id", customerId, "title", "On Payara Server"),
                bearer(owner)).json().getJsonNumber("id").longValue();

        try (WsClient staff = WsClient.connectAs(base, "user", owner);
             WsClient client = WsClient.connectAs(base, "customer", customerToken)) {
            for (WsClient socket : List.of(staff, client)) {
                socket.send(obj("type", "join_chat", "chat_id", chatId));
                socket.next("chat_joined");
            }
            client.send(obj("type", "send_message", "chat_id", chatId, "client_message_id", "s-1",
                    "content", "Hello from Payara Server"));
            client.next("message_ack");
            assertEquals("Hello from Payara Server", staff.next("message").getJsonObject("message").getString("content"));

            Api.Reply published = Api.post(base + "/api/v1/notifications", obj("event", "order.shipped",
                    "data", obj("order", 1)), bearer(owner));
            assertEquals(202, published.status(), published::toString);
            assertEquals(2, published.json().getInt("delivered"));
            staff.next("order.shipped");
            client.next("order.shipped");
        }

        await(() -> MetricsAndLogsIT.scrape(base).getOrDefault("parley_ready", 0.0) == 1, "parley_ready");
        Map<String, Double> metrics = MetricsAndLogsIT.scrape(base);
        assertEquals(1, metrics.get("parley_messages_stored_total"), "the one message, stored on this server");
        assertEquals(1, metrics.get("parley_notifications_published_total"));
        assertTrue(metrics.get("parley_db_connection_wait_seconds_count") > 0, "connections from the server's pool counted");
        assertFalse(metrics.containsKey("parley_db_connections_max"), "the server's pool size is the server's to report");

        try (var db = DriverManager.getConnection(TestEnvironment.database().jdbcUrl(), EmbeddedDatabase.USER, "");
             var connections = db.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            connections.setString(1, POOL_NAME);
            try (var count = connections.executeQuery()) {
                count.next();
                assertTrue(count.getInt(1) > 0, "Parley uses the pool defined in the server");
            }
        }

        String serverLog = Files.readString(domains.resolve(DOMAIN).resolve("logs").resolve("server.log"));
        assertTrue(serverLog.contains(ConnectionChurnIT.ENFORCED), "the server clears a reused request's streams here too");

        asadmin(Map.of(), "--port", Integer.toString(adminPort), "undeploy", "parley");
        assertEquals(404, Api.get(base + "/health/ready").status(), "undeployed");
        asadmin(Map.of(), "stop-domain", "--domaindir", domains.toString(), DOMAIN);
        started = false;
        assertFalse(reachable(), "stopped");
    }

    /** Runs an asadmin command, its output appended to the test's log; fails on a non-zero exit. */
    private static void asadmin(Map<String, String> environment, String... arguments) throws Exception {
        Path home = Path.of(System.getProperty("parley.it.payara-server")).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/asadmin").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("AS_JAVA", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        Files.writeString(log, "$ asadmin " + String.join(" ", arguments) + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        Process process = builder.start();
        if (!process.waitFor(4, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("asadmin " + arguments[0] + " did not finish in 4 minutes; see " + log);
        }
        assertEquals(0, process.exitValue(), "asadmin " + String.join(" ", arguments) + "; see " + log);
    }

    private static boolean reachable() {
        try {
            Api.get(base + "/health");
            return true;
        } catch (IllegalStateException refused) {
            return false;
        }
    }

    /**
     * A port base whose ports (admin +48, HTTP +80 and +81, and the server's others) are all free, below the
     * ephemeral range (from 32768 on Linux): there, the other tests' client connections could take one of them
     * between this check and the domain's start.
     */
    private static int freePortBase() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(100, 320) * 100;
            boolean free = true;
            for (int offset : new int[] {9, 37, 38, 39, 48, 66, 76, 80, 81, 86}) {
                try (ServerSocket socket = new ServerSocket(candidate + offset)) {
                    socket.setReuseAddress(true);
                } catch (IOException taken) {
                    free = false;
                    break;
                }
            }
            if (free) {
                return candidate;
            }
        }
        throw new IOException("No free port base for a Payara Server domain");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what + "; see " + log + " and " + domains);
            }
            Thread.sleep(500);
        }
    }
}
