package dev.parley.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The suite's Payara Micro as an operating-system process: for what only the process shows (threads, memory). */
final class SuiteServer {

    private SuiteServer() {
    }

    static ProcessHandle process() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("payara-micro.jar"))
                .findFirst().orElseThrow(() -> new IllegalStateException("the suite's Payara Micro is not a child of this JVM"));
    }

    /** The names of the server's threads, as Linux keeps them (at most 15 characters). */
    static List<String> threadNames() throws IOException {
        List<String> names = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(process().pid()), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    names.add(Files.readString(task.resolve("comm")).strip());
                } catch (IOException ended) {
                    // the thread ended meanwhile
                }
            }
        }
        return names;
    }
}
