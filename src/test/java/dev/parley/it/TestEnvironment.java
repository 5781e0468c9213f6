package dev.parley.it;

import dev.parley.devserver.EmbeddedDatabase;
import dev.parley.devserver.PayaraBoot;
import dev.parley.devserver.SigningKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Prepares what the integration suite's Payara Micro needs before Arquillian
 * reads {@code arquillian.xml}: a fresh embedded PostgreSQL (an empty database,
 * so every run also proves the migrations from scratch), a signing key pair
 * and a free HTTP port. Active only in the failsafe run, which sets
 * {@code parley.it.war}.
 */
public class TestEnvironment implements LauncherSessionListener {

    /** The platform operator key of the test server. */
    public static final String OPERATOR_KEY = "test-operator-key-0123456789";

    /** The bucket of the test server's uploads (Parley creates it at start), under the prefix {@code media/}. */
    public static final String S3_BUCKET = "parley-media";

    /** The suite's PostgreSQL: static, so that the fault tests (in this JVM) can kill and restart it. */
    private static EmbeddedDatabase database;
    private FakeModel model;
    private S3Server s3;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (System.getProperty("parley.it.war") == null || database != null) {
            return;
        }
        try {
            Path work = Path.of(System.getProperty("parley.it.work-dir", "target/it")).toAbsolutePath();
            deleteRecursively(work);
            Files.createDirectories(work);
            ServerLog.capture(work.resolve("server.log"));
            Path serverConfig = Path.of(System.getProperty("parley.it.server-config", "server-config"));
            database = EmbeddedDatabase.start(work.resolve("postgres"), freePort(), true, EmbeddedDatabase.Durability.PROCESS);
            SigningKeys keys = SigningKeys.ensure(work.resolve("keys"));
            int port = freePort();
            // The browser tests' website (WidgetBrowserIT serves the guide's widget there): an origin of its own.
            int widgetPort = freePort();
            model = FakeModel.start(freePort());
            s3 = S3Server.start(Path.of(System.getProperty("parley.it.s3proxy", "target/s3proxy.jar")),
                    Files.createDirectories(work.resolve("s3")), freePort());

            // Every test logs in from 127.0.0.1: the per-address login limit would couple unrelated tests.
            List<String> jvm = new ArrayList<>(List.of("-Xmx768m", "-Djava.io.tmpdir=" + work.resolve("tmp"),
                    "-Dparley.login.max-failures-per-address=100000",
                    // Shorter WebSocket windows, so tests of the auth window and idle close run in seconds.
                    "-Dparley.ws.auth-timeout-ms=3000", "-Dparley.ws.idle-timeout-ms=8000",
                    // A short outgoing queue, so the slow-client test overflows it with few messages.
                    "-Dparley.ws.outgoing-queue-bytes=80000",
                    "-Dparley.platform.operator-key=" + OPERATOR_KEY,
                    // The default origins, and the test website's.
                    "-Dparley.cors.allowed-origins=http://localhost:3000,http://127.0.0.1:3000,http://localhost:5173,"
                            + "http://127.0.0.1:" + widgetPort,
                    // The remote assistant's model: a fake OpenAI-compatible server in this JVM, and a short
                    // timeout so that the slow model's test runs in seconds.
                    "-Dparley.assistant.base-url=" + model.baseUrl(), "-Dparley.assistant.timeout-ms=3000",
                    // Tests name their client address with X-Forwarded-For (from loopback, a trusted proxy here),
                    // so that the per-address limit on new visitor chats couples no two tests.
                    "-Dparley.http.trusted-proxies=127.0.0.1", "-Dparley.visitor.chats-per-address-per-hour=5",
                    // Uploads in a real S3-compatible store (what a cluster uses; MediaStoreIT covers the
                    // directory store too); a small limit, so the over-limit test sends little.
                    "-Dparley.media.store=s3", "-Dparley.media.s3.endpoint=" + s3.endpoint(),
                    "-Dparley.media.s3.path-style=true", "-Dparley.media.s3.bucket=" + S3_BUCKET,
                    "-Dparley.media.s3.region=" + S3Server.REGION, "-Dparley.media.s3.prefix=media/",
                    "-Dparley.media.s3.access-key=" + S3Server.ACCESS_KEY,
                    "-Dparley.media.s3.secret-key=" + S3Server.SECRET_KEY, "-Dparley.media.max-bytes=2097152",
                    "-Dparley.media.uploads-per-hour=40",
                    // Unsent uploads go after 20 s, swept every 2 s: long enough for every test that sends one.
                    "-Dparley.media.unsent-retention-seconds=20", "-Dparley.media.sweep-seconds=2"));
            jvm.addAll(PayaraBoot.parleyProperties(database.jdbcUrl(), EmbeddedDatabase.USER, "", keys));
            Files.createDirectories(work.resolve("tmp"));
            String micro = String.join(" ", "--port", Integer.toString(port), "--nohazelcast", "--contextroot", "/",
                    "--prebootcommandfile",
                    PayaraBoot.writePreBootCommands(serverConfig, work.resolve("pre-boot-commands.asadmin"), "127.0.0.1")
                            .toString(),
                    "--postbootcommandfile", serverConfig.resolve("post-boot-commands.asadmin").toAbsolutePath().toString());

            System.setProperty("parley.it.cmd-options", String.join(" ", jvm));
            System.setProperty("parley.it.micro-options", micro);
            System.setProperty("parley.it.base-url", "http://127.0.0.1:" + port);
            System.setProperty("parley.it.widget-port", Integer.toString(widgetPort));
            System.setProperty("parley.it.s3-endpoint", s3.endpoint());
            System.setProperty("parley.it.db-admin-url", database.jdbcUrl("postgres"));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot prepare the integration test environment", e);
        }
    }

    /** The suite's PostgreSQL, for tests that kill and restart it. */
    public static EmbeddedDatabase database() {
        if (database == null) {
            throw new IllegalStateException("No suite database: TestEnvironment runs in the failsafe run only");
        }
        return database;
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (model != null) {
            model.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (database != null) {
            try {
                database.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
