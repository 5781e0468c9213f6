package dev.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Memory, threads and CPU time of a server process, read from Linux's /proc and, for JVMs, from jcmd. */
final class ProcessMemory {

    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private ProcessMemory() {
    }

    static long rssKiB(long pid) throws IOException {
        return status(pid, "VmRSS:");
    }

    /** CPU time (user and system) the process has used so far, in nanoseconds; 0 once it is gone. */
    static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // Fields after the command name (which may hold spaces, hence from the last ')'): utime is the 12th.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /** CPU time of a process and all of its descendants (PostgreSQL's backends), in nanoseconds. */
    static long treeCpuNanos(ProcessHandle root) {
        return cpuNanos(root.pid()) + root.descendants().mapToLong(p -> cpuNanos(p.pid())).sum();
    }

    /** Linux's USER_HZ, 100 on every mainstream architecture. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    static int threads(long pid) throws IOException {
        return (int) status(pid, "Threads:");
    }

    /** Heap in use after a full collection, so what is counted is what is still referenced. */
    static long heapUsedAfterGcKiB(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        Matcher m = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
        if (!m.find()) {
            throw new IllegalStateException("no heap figure from jcmd");
        }
        return Long.parseLong(m.group(1));
    }

    private static long status(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException(field + " not in /proc/" + pid + "/status");
    }

    /** The JVM's class histogram (live objects: it runs a full GC), written to {@code file}. */
    static void classHistogram(long pid, Path file) throws IOException, InterruptedException {
        Files.writeString(file, jcmd(pid, "GC.class_histogram"));
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        Process process = new ProcessBuilder(java.resolveSibling("jcmd").toString(), Long.toString(pid), command)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return output;
    }
}
