package dev.parley.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads a JWT's parts without verifying it (the server verifies; tests look at what it issued). */
public final class Tokens {

    private Tokens() {
    }

    public static JsonObject claims(String jwt) {
        return part(jwt, 1);
    }

    public static JsonObject header(String jwt) {
        return part(jwt, 0);
    }

    private static JsonObject part(String jwt, int index) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new AssertionError("Not a compact JWS: " + jwt);
        }
        String json = new String(Base64.getUrlDecoder().decode(parts[index]), StandardCharsets.UTF_8);
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
