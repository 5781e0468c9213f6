package dev.parley.devserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Payara Micro command line shared by the dev server and the integration
 * tests: the project's own {@code server-config/} boot commands, plus the
 * lines that keep a local server on the loopback interface.
 */
public final class PayaraBoot {

    private PayaraBoot() {
    }

    /**
     * Writes {@code server-config/pre-boot-commands.asadmin} followed by a
     * binding of the HTTP listener to {@code address} into {@code target}.
     */
    public static Path writePreBootCommands(Path serverConfig, Path target, String address) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(serverConfig.resolve("pre-boot-commands.asadmin")));
        lines.add("# Local server: listen on " + address + " only");
        lines.add("set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address="
                + address);
        Files.createDirectories(target.getParent());
        Files.write(target, lines);
        return target;
    }

    /** System properties that configure Parley itself, as {@code -Dkey=value} options. */
    public static List<String> parleyProperties(String jdbcUrl, String user, String password, SigningKeys keys) {
        List<String> options = new ArrayList<>();
        if (jdbcUrl != null) {
            options.add("-Dparley.db.url=" + jdbcUrl);
            options.add("-Dparley.db.user=" + user);
            options.add("-Dparley.db.password=" + password);
        }
        if (keys != null) {
            options.add("-Dparley.jwt.signing-key.location=" + keys.privateKey().toAbsolutePath());
            options.add("-Dmp.jwt.verify.publickey.location=" + keys.publicKey().toAbsolutePath().toUri());
        }
        return options;
    }
}
