package dev.parley.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.media.control.DirectoryStore;
import dev.parley.media.control.MediaStore;
import dev.parley.media.control.S3Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both media stores keep the same promises: the directory, and the S3-compatible store against the
 * real S3 server of the test run (the suite's Parley stores its uploads there too).
 */
class MediaStoreIT {

    private static final Path WORK = Path.of(System.getProperty("parley.it.work-dir", "target/it")).toAbsolutePath();

    static S3Store.Settings s3(String bucket, String prefix, String secret) {
        return new S3Store.Settings(bucket, System.getProperty("parley.it.s3-endpoint"), S3Server.REGION, true,
                S3Server.ACCESS_KEY, secret, prefix);
    }

    static Stream<MediaStore> stores() throws IOException {
        return Stream.of(new DirectoryStore(Files.createDirectories(WORK.resolve("store-contract"))),
                S3Store.connect(s3("store-contract", "", S3Server.SECRET_KEY)));
    }

    private static Path file(byte[] content) throws IOException {
        Path file = Files.createTempFile("parley-store-", ".bin");
        Files.write(file, content);
        return file;
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static byte[] read(MediaStore store, String key, long offset) throws IOException {
        try (InputStream in = store.open(key, offset)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void storesReadsFromAnOffsetAndRemoves(MediaStore store) throws IOException {
        byte[] content = random(3 * 1024 * 1024 + 17); // more than one buffer, and not a round size
        String key = UUID.randomUUID().toString();
        store.put(key, file(content));
        assertArrayEquals(content, read(store, key, 0));
        assertArrayEquals(Arrays.copyOfRange(content, 1_000_000, content.length), read(store, key, 1_000_000),
                "a read from an offset (a Range request) starts there");
        store.delete(key);
        assertThrows(NoSuchFileException.class, () -> read(store, key, 0), "removed");
        store.delete(key); // a second removal is no error: the sweep may meet a file already gone
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aMissingFileIsNoSuchFileAndOnlyUuidsAreKeys(MediaStore store) {
        assertThrows(NoSuchFileException.class, () -> store.open(UUID.randomUUID().toString(), 0));
        for (String bad : new String[] {"../../etc/passwd", "a/b", "", "0a/../x"}) {
            assertThrows(IllegalArgumentException.class, () -> store.open(bad, 0), bad);
        }
    }

    @Test
    void thePrefixSeparatesDeploymentsInOneBucket() throws IOException {
        try (S3Store first = S3Store.connect(s3("shared-bucket", "first/", S3Server.SECRET_KEY));
             S3Store second = S3Store.connect(s3("shared-bucket", "second", S3Server.SECRET_KEY))) {
            String key = UUID.randomUUID().toString();
            first.put(key, file("first".getBytes()));
            assertArrayEquals("first".getBytes(), read(first, key, 0));
            assertThrows(NoSuchFileException.class, () -> read(second, key, 0));
        }
    }

    @Test
    void aStoreThatRefusesOrCannotBeReachedIsAnIoErrorNotAMissingFile() throws IOException {
        String key = UUID.randomUUID().toString();
        try (S3Store wrongSecret = S3Store.connect(s3("store-contract", "", "not-the-secret"))) {
            IOException refused = assertThrows(IOException.class, () -> wrongSecret.put(key, file(new byte[] {1})));
            assertFalse(refused instanceof NoSuchFileException, refused.toString());
            IOException unreadable = assertThrows(IOException.class, () -> read(wrongSecret, key, 0));
            assertFalse(unreadable instanceof NoSuchFileException, unreadable.toString());
        }
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (S3Store unreachable = S3Store.connect(new S3Store.Settings("store-contract",
                "http://127.0.0.1:" + closedPort, S3Server.REGION, true, S3Server.ACCESS_KEY, S3Server.SECRET_KEY, ""))) {
            IOException down = assertThrows(IOException.class, () -> unreachable.put(key, file(new byte[] {1})));
            assertTrue(down.getMessage().contains("failed"), down.getMessage());
        }
    }
}
