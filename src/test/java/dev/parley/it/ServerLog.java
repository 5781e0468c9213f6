package dev.parley.it;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the suite's Payara Micro logged: Arquillian prints the server's output to this JVM's
 * {@code System.out}, which {@link #capture} also copies to {@code target/it/server.log}, so that tests
 * can read what the server wrote (and what it must never write).
 */
public final class ServerLog {

    private static volatile Path file;

    private ServerLog() {
    }

    /** From now on, everything printed to {@code System.out} is also appended to {@code log}. */
    static void capture(Path log) throws IOException {
        OutputStream copy = new FileOutputStream(log.toFile(), true);
        PrintStream console = System.out;
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                console.write(b);
                copy.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                console.write(bytes, offset, length);
                copy.write(bytes, offset, length);
            }

            @Override
            public void flush() throws IOException {
                console.flush();
                copy.flush();
            }
        }, true, StandardCharsets.UTF_8));
        file = log;
    }

    private static Path file() {
        Path log = file != null ? file : Path.of(System.getProperty("parley.it.work-dir", "target/it"), "server.log");
        if (!Files.exists(log)) {
            throw new IllegalStateException(log + " does not exist: TestEnvironment captures the server's output");
        }
        return log;
    }

    /** Where the log ends now. */
    public static long mark() {
        try {
            return Files.size(file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything logged since {@code mark}. */
    public static String since(long mark) {
        try {
            byte[] all = Files.readAllBytes(file());
            return new String(all, (int) Math.min(mark, all.length), (int) Math.max(0, all.length - mark),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code text} was logged after {@code mark} (the server's output reaches the file with a lag). */
    public static String awaitSince(long mark, String text, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            String logged = since(mark);
            if (logged.contains(text)) {
                return logged;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server did not log \"" + text + "\" within " + limit);
            }
            Thread.sleep(50);
        }
    }
}
