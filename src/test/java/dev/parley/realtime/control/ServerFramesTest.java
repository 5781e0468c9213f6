package dev.parley.realtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.chat.control.ChatRef;
import org.junit.jupiter.api.Test;

class ServerFramesTest {

    @Test
    void errorFramesLeaveOutWhatTheRefusedFrameDidNotHave() {
        assertEquals("{\"error\":\"invalid_json\",\"message\":\"Not JSON\",\"type\":\"error\"}",
                ServerFrames.error("invalid_json", "Not JSON", null).text());
        assertEquals("{\"chat_id\":7,\"client_message_id\":\"c-1\",\"error\":\"not_found\",\"message\":\"Chat not found\","
                        + "\"request_type\":\"send_message\",\"type\":\"error\"}",
                ServerFrames.error("not_found", "Chat not found", "send_message", ChatRef.parse("7"), "c-1").text());
    }
}
