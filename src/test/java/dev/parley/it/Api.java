package dev.parley.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** A plain HTTP client for the deployed Parley, as any frontend or backend would talk to it. */
public final class Api {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private static volatile boolean ready;

    private Api() {
    }

    /** The server's base URL, once it reports ready (Payara's banner alone proves nothing). */
    public static String base() {
        String base = System.getProperty("parley.it.base-url");
        if (!ready) {
            awaitReady(base);
        }
        return base;
    }

    private static synchronized void awaitReady(String base) {
        Instant deadline = Instant.now().plusSeconds(120);
        while (!ready && Instant.now().isBefore(deadline)) {
            try {
                if (CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    ready = true;
                    return;
                }
                Thread.sleep(250);
            } catch (IOException notYet) {
                sleep();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (!ready) {
            throw new IllegalStateException("Parley did not become ready at " + base);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static Reply get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    public static Reply post(String path, Object body, String... headers) {
        return send("POST", path, body, headers);
    }

    public static Reply patch(String path, Object body, String... headers) {
        return send("PATCH", path, body, headers);
    }

    public static Reply delete(String path, String... headers) {
        return send("DELETE", path, null, headers);
    }

    /**
     * Sends {@code body} (a JSON value, or a string sent as it is) with JSON
     * content type unless a header says otherwise; {@code headers} are name,
     * value pairs. A {@code path} with a scheme names another server (an instance of a cluster).
     */
    public static Reply send(String method, String path, Object body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        boolean contentType = false;
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            contentType |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body != null && !contentType) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A JSON object from name, value pairs; values may be strings, numbers, booleans, null or JSON values. */
    public static JsonObject obj(Object... namesAndValues) {
        JsonObjectBuilder builder = Json.createObjectBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = (String) namesAndValues[i];
            Object value = namesAndValues[i + 1];
            if (value == null) {
                builder.addNull(name);
            } else if (value instanceof JsonValue json) {
                builder.add(name, json);
            } else if (value instanceof Boolean b) {
                builder.add(name, b);
            } else if (value instanceof Integer n) {
                builder.add(name, n);
            } else if (value instanceof Long n) {
                builder.add(name, n);
            } else if (value instanceof Map<?, ?> map) {
                builder.add(name, Json.createObjectBuilder(castMap(map)));
            } else {
                builder.add(name, value.toString());
            }
        }
        return builder.build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    public static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    /** An HTTP answer. */
    public record Reply(int status, HttpHeaders headers, String body) {

        public JsonObject json() {
            try (var reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            } catch (RuntimeException e) {
                throw new AssertionError("Not a JSON object (status " + status + "): " + body, e);
            }
        }

        public JsonArray array() {
            try (var reader = Json.createReader(new StringReader(body))) {
                return reader.readArray();
            } catch (RuntimeException e) {
                throw new AssertionError("Not a JSON array (status " + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** The {@code error} code of an error answer. */
        public String error() {
            return json().getString("error");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
