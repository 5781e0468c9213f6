package dev.parley.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonTest {

    public record Sample(long chatId, String mediaUrl, Instant createdAt) {
    }

    @Test
    void writesSnakeCaseNullsAndIsoUtcTimes() {
        String json = Json.write(new Sample(7, null, Instant.parse("2026-11-22T12:00:00.123Z")));
        assertTrue(json.contains("\"chat_id\":7"), json);
        assertTrue(json.contains("\"media_url\":null"), json);
        assertTrue(json.contains("\"created_at\":\"2026-11-22T12:00:00.123Z\""), json);
    }

    @Test
    void snakeCaseOfJavaNames() {
        assertEquals("refresh_token", Json.snakeCase("refreshToken"));
        assertEquals("email", Json.snakeCase("email"));
    }

    @Test
    void errorBodyShape() {
        assertEquals("{\"error\":\"not_found\",\"message\":\"Chat not found\"}",
                Json.write(new ErrorBody("not_found", "Chat not found")));
    }
}
