package dev.parley.devserver;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL 15 server from the binaries on Maven Central (zonky), for
 * the dev server and the integration tests: nothing to install, runs as root.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "parley";
    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
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
        EmbeddedDatabase database = new EmbeddedDatabase(postgres);
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

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
