package dev.parley.devserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PostgreSQL that Parley starts for itself acknowledges only what it has logged (and, for the dev server, flushed). */
class EmbeddedDatabaseTest {

    @TempDir
    Path work;

    private static String setting(EmbeddedDatabase db, String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.USER, "");
             ResultSet rs = c.createStatement().executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void theDevServersDatabaseIsDurableAndTheTestsCommitsSurviveAKill() throws Exception {
        try (EmbeddedDatabase disk = EmbeddedDatabase.start(work.resolve("disk"), freePort(), true,
                EmbeddedDatabase.Durability.DISK)) {
            assertEquals("on", setting(disk, "synchronous_commit"));
            assertEquals("on", setting(disk, "fsync"));
            assertEquals("on", setting(disk, "full_page_writes"));
        }
        try (EmbeddedDatabase process = EmbeddedDatabase.start(work.resolve("process"), freePort(), true,
                EmbeddedDatabase.Durability.PROCESS)) {
            assertEquals("on", setting(process, "synchronous_commit"), "a killed PostgreSQL loses nothing acknowledged");
        }
    }
}
