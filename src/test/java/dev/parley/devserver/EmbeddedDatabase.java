package dev.parley.devserver;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real PostgreSQL 15 server from the binaries on Maven Central (zonky), for
 * the dev server and the integration tests: nothing to install, runs as root.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "parley";
    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    /** How the server (the postmaster) was started: what {@link #restart()} runs again. */
    private final List<String> command;
    /** The server process since the last {@link #restart()}. */
    private volatile Process restarted;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) throws IOException {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        ProcessHandle.Info started = postmaster().info();
        List<String> line = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            // PostgreSQL refuses to run as root; zonky runs it in a user namespace of its own, and so do we.
            line.addAll(List.of("unshare", "-U"));
        }
        started.command().ifPresent(line::add);
        started.arguments().ifPresent(arguments -> line.addAll(List.of(arguments)));
        this.command = List.copyOf(line);
    }

    /** The running server, as its pid file names it (zonky's own process handle is pg_ctl's, long gone). */
    public ProcessHandle postmaster() throws IOException {
        long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip());
        return ProcessHandle.of(pid).orElseThrow(() -> new IOException("PostgreSQL (pid " + pid + ") is not running"));
    }

    /**
     * How much a commit survives. Either way a commit is in PostgreSQL's log before it is acknowledged
     * ({@code synchronous_commit=on}, where the embedded server's default is off), so killing PostgreSQL
     * loses nothing acknowledged.
     */
    public enum Durability {
        /** Also flushed to disk ({@code fsync=on}): survives the machine's crash too. The dev server, the benchmark. */
        DISK,
        /** Left to the operating system to write ({@code fsync=off}): survives PostgreSQL's crash, not the machine's. Tests. */
        PROCESS
    }

    /**
     * Starts PostgreSQL on {@code dataDirectory}: kept as it is when it holds a
     * database already (so data survives restarts), initialised when empty or
     * when {@code clean}. Creates the {@value #DATABASE} database if missing.
     */
    public static EmbeddedDatabase start(Path dataDirectory, int port, boolean clean, Durability durability)
            throws IOException, SQLException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(clean)
                .setPort(port)
                .setServerConfig("max_connections", "200")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", durability == Durability.DISK ? "on" : "off")
                .setServerConfig("full_page_writes", durability == Durability.DISK ? "on" : "off")
                .start();
        EmbeddedDatabase database = new EmbeddedDatabase(postgres, dataDirectory);
        database.createDatabase(DATABASE);
        return database;
    }

    /** Creates database {@code name} unless it exists. */
    public void createDatabase(String name) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery(
                    "SELECT 1 FROM pg_database WHERE datname = '" + name.replace("'", "''") + "'")) {
                if (exists.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE \"" + name.replace("\"", "") + "\"");
        }
    }

    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl(USER, database).replaceFirst("\\?.*$", "");
    }

    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public int port() {
        return postgres.getPort();
    }

    /** Kills the server outright (SIGKILL, as a crash would), for the fault tests. */
    public void kill() throws IOException, InterruptedException {
        ProcessHandle server = postmaster();
        server.destroyForcibly();
        server.onExit().join();
    }

    /**
     * Starts the server again on the same data and port, as it was first started (after {@link #kill()}),
     * and returns once it accepts connections. A killed server's sessions take a moment to go, and until
     * they have, a new one refuses to start: it is tried again.
     */
    public void restart() throws IOException, InterruptedException {
        if (command.isEmpty()) {
            throw new IllegalStateException("How PostgreSQL was started is unknown on this platform");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            restarted = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            while (restarted.isAlive() && System.nanoTime() < deadline) {
                try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
                    return;
                } catch (SQLException notYet) {
                    Thread.sleep(100);
                }
            }
            if (System.nanoTime() >= deadline) {
                throw new IOException("PostgreSQL did not start again within a minute: " + command);
            }
            Thread.sleep(200); // it exited: the old server's sessions are still there
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
