package dev.parley.bench.minimal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The smallest WAR that wakes the containers Parley's requests use (JAX-RS, CDI, WebSocket): the start-up
 * scenario's second baseline, to tell the platform's share of a start from Parley's own.
 */
public final class MinimalWar {

    /** Answered once the application is up. */
    public static final String READY_PATH = "/api/hello";

    private MinimalWar() {
    }

    /** Writes the WAR: these classes under {@code WEB-INF/classes} and an annotated-discovery beans.xml. */
    public static java.nio.file.Path write(java.nio.file.Path war) throws IOException {
        try (OutputStream file = Files.newOutputStream(war); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (Class<?> type : new Class<?>[] {MinimalWar.class, Rest.class, Hello.class, Greeter.class, Echo.class}) {
                String name = type.getName().replace('.', '/') + ".class";
                zip.putNextEntry(new ZipEntry("WEB-INF/classes/" + name));
                try (InputStream bytes = MinimalWar.class.getClassLoader().getResourceAsStream(name)) {
                    bytes.transferTo(zip);
                }
            }
            zip.putNextEntry(new ZipEntry("WEB-INF/beans.xml"));
            zip.write(("<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"4.0\""
                    + " bean-discovery-mode=\"annotated\"/>").getBytes(StandardCharsets.UTF_8));
        }
        return war;
    }

    @ApplicationPath("/api")
    public static class Rest extends Application {
    }

    @Path("hello")
    @RequestScoped
    public static class Hello {
        @Inject
        Greeter greeter;

        @GET
        public String hello() {
            return greeter.greeting();
        }
    }

    @ApplicationScoped
    public static class Greeter {
        String greeting() {
            return "hello";
        }
    }

    @ServerEndpoint("/echo")
    public static class Echo {
        @OnMessage
        public String echo(String message) {
            return message;
        }
    }
}
