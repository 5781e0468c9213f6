package dev.parley.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The benchmark's handle on one {@link IdleConnections} process. */
final class IdleGenerator implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final OutputStream in;

    private IdleGenerator(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        this.in = process.getOutputStream();
    }

    static IdleGenerator start(int port, String pathAndQuery, int count, String sourceAddress) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", Path.of("target/test-classes").toAbsolutePath().toString(),
                IdleConnections.class.getName(), "127.0.0.1", Integer.toString(port), pathAndQuery,
                Integer.toString(count), sourceAddress).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new IdleGenerator(process);
    }

    /** Waits for {@code ready <open> <failed>}. */
    int[] awaitReady(Duration timeout) throws Exception {
        String line = CompletableFuture.supplyAsync(this::readLine).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<String> parts = List.of(line.split(" "));
        if (!parts.get(0).equals("ready")) {
            throw new IllegalStateException("idle generator said " + line);
        }
        return new int[] {Integer.parseInt(parts.get(1)), Integer.parseInt(parts.get(2))};
    }

    /** How many of its connections are still open (not closed by the server). */
    int stillOpen() throws Exception {
        in.write('\n');
        in.flush();
        String line = CompletableFuture.supplyAsync(this::readLine).get(10, TimeUnit.SECONDS);
        return Integer.parseInt(line.substring("open ".length()));
    }

    private String readLine() {
        try {
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("idle generator exited");
            }
            return line;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
