package dev.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.platform.SchemaMigrator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The changelog applied to empty databases of the suite's real PostgreSQL, as
 * instances starting together would: through {@link SchemaMigrator}, the code
 * Parley runs at start-up.
 */
class MigrationIT {

    static final List<String> TENANT_TABLES = List.of("users", "customers", "refresh_tokens", "api_keys", "chats",
            "chat_participants", "messages", "message_reads", "end_users", "interactions", "visitors",
            "knowledge_entries", "prompt_templates");

    @Test
    void emptyDatabaseGetsTheWholeSchemaAndIndexesStartWithTenant() throws Exception {
        String url = freshDatabase();
        try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
            SchemaMigrator.migrate(connection);
            for (String table : TENANT_TABLES) {
                assertTrue(columns(connection, table).contains("tenant_id"), table + " carries tenant_id");
                // The exceptions are global on purpose: secrets and session ids are unique across tenants,
                // and full-text GIN indexes (search) cannot lead with tenant_id without btree_gin.
                for (String index : secondaryIndexes(connection, table)) {
                    assertTrue(index.matches(
                                    "(?s).*\\((tenant_id|token_hash|prefix|session_id|search|lower\\(\\(email\\)::text\\))[,)].*"),
                            table + ": " + index);
                }
            }
            long tenantLed = TENANT_TABLES.stream().mapToLong(t -> secondaryIndexes(connection, t).stream()
                    .filter(i -> i.contains("(tenant_id")).count()).sum();
            assertTrue(tenantLed >= 5, "tenant-scoped look-ups are indexed by tenant first");
            assertEquals(changeSetsInChangelog(), (long) changeSets(connection), "every changeset applied");
        }
    }

    @Test
    void instancesStartingAtOnceMigrateOnceAndAStaleLockDoesNotBlock() throws Exception {
        String url = freshDatabase();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Callable<Void>> instances = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                instances.add(() -> {
                    try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
                        SchemaMigrator.migrate(connection);
                    }
                    return null;
                });
            }
            for (Future<Void> started : pool.invokeAll(instances, 2, TimeUnit.MINUTES)) {
                started.get();
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
            int applied = changeSets(connection);
            assertEquals(changeSetsInChangelog(), (long) applied, "every changeset applied once");

            // An instance killed mid-migration leaves Liquibase's lock taken.
            try (Statement statement = connection.createStatement()) {
                statement.execute("UPDATE databasechangeloglock SET locked = true, lockedby = 'killed instance'");
            }
            SchemaMigrator.migrate(connection);
            assertEquals(applied, changeSets(connection), "nothing applied twice");
            try (Statement statement = connection.createStatement();
                 ResultSet lock = statement.executeQuery("SELECT bool_or(locked) FROM databasechangeloglock")) {
                assertTrue(lock.next());
                assertEquals(false, lock.getBoolean(1), "the stale lock was cleared");
            }
        }
    }

    private static String freshDatabase() throws SQLException {
        String admin = System.getProperty("parley.it.db-admin-url");
        String name = "migration_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = DriverManager.getConnection(admin, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return admin.replaceFirst("/postgres$", "/" + name);
    }

    /** The changesets the repository's changelog files declare. */
    private static long changeSetsInChangelog() throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("parley.it.changelog-dir", "liquibase"));
        try (var files = java.nio.file.Files.list(dir)) {
            long count = 0;
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                count += java.nio.file.Files.readAllLines(file).stream().filter(l -> l.startsWith("--changeset")).count();
            }
            return count;
        }
    }

    private static int changeSets(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM databasechangelog")) {
            count.next();
            return count.getInt(1);
        }
    }

    private static List<String> columns(Connection connection, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet columns = connection.getMetaData().getColumns(null, "public", table, null)) {
            while (columns.next()) {
                names.add(columns.getString("COLUMN_NAME"));
            }
        }
        return names;
    }

    /** Definitions of the table's indexes other than its primary key. */
    private static List<String> secondaryIndexes(Connection connection, String table) {
        List<String> definitions = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet indexes = statement.executeQuery(
                     "SELECT indexdef FROM pg_indexes WHERE tablename = '" + table + "' AND indexname NOT LIKE '%_pkey'")) {
            while (indexes.next()) {
                definitions.add(indexes.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return definitions;
    }
}
