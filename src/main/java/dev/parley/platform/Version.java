package dev.parley.platform;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Parley's version, as built by Maven. */
public final class Version {

    public static final String CURRENT = load();

    private Version() {
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/parley-version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
