package dev.parley.chat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.parley.platform.Json;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChatRefTest {

    public record Frame(String type, ChatRef chatId) {
    }

    @Test
    void numberedChatsAreNumbersAndKeyedChatsOnlyTheirKey() {
        UUID key = UUID.fromString("7f1c1f5e-8d5b-4a77-9d5e-3f0e9a1b2c3d");
        assertEquals("{\"chat_id\":12,\"type\":\"message\"}", Json.write(new Frame("message", ChatRef.numbered(12))));
        assertEquals("{\"chat_id\":\"" + key + "\",\"type\":\"message\"}",
                Json.write(new Frame("message", new ChatRef(99L, key))), "the number of a keyed chat never leaks");
    }

    @Test
    void parsesWhatClientsWrite() {
        assertEquals(ChatRef.numbered(42), ChatRef.parse("42"));
        UUID key = UUID.randomUUID();
        assertEquals(ChatRef.keyed(key), ChatRef.parse(key.toString()));
        assertNull(ChatRef.parse("abc"));
        assertNull(ChatRef.parse("-1"));
        assertNull(ChatRef.parse("99999999999999999999999"));
        assertNull(ChatRef.parse(""));
    }
}
