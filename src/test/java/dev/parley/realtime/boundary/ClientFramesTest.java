package dev.parley.realtime.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.control.ChatRef;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClientFramesTest {

    @Test
    void chatsAreNamedByNumberOrByKey() throws Exception {
        UUID key = UUID.randomUUID();
        var byKey = (ClientFrame.SendMessage) ClientFrames.parse(
                "{\"type\":\"send_message\",\"chat_id\":\"" + key + "\",\"content\":\"Hi\"}");
        assertEquals(ChatRef.keyed(key), byKey.chat());
        var byNumber = (ClientFrame.JoinChat) ClientFrames.parse("{\"type\":\"join_chat\",\"chat_id\":7}");
        assertEquals(ChatRef.numbered(7), byNumber.chat());
        ClientFrames.Invalid invalid = assertThrows(ClientFrames.Invalid.class,
                () -> ClientFrames.parse("{\"type\":\"join_chat\",\"chat_id\":\"seven\"}"));
        assertTrue(invalid.getMessage().contains("chat_id"), invalid.getMessage());
    }

    @Test
    void theWidgetsAuthFrameNamesItsTenantAndSession() throws Exception {
        var auth = (ClientFrame.Auth) ClientFrames.parse("{\"type\":\"auth\",\"data\":{\"tenant_id\":\"miptech-company\","
                + "\"session_id\":\"s-1\",\"user_agent\":\"Mozilla\",\"page_url\":\"https://x.test/\"}}");
        assertNull(auth.token());
        assertEquals("miptech-company", auth.tenant());
        assertEquals("s-1", auth.sessionId());
        var withToken = (ClientFrame.Auth) ClientFrames.parse("{\"type\":\"authenticate\",\"token\":\"eyJ\"}");
        assertEquals("eyJ", withToken.token());
        assertThrows(ClientFrames.Invalid.class, () -> ClientFrames.parse("{\"type\":\"auth\",\"data\":{}}"));
    }

    @Test
    void theAssistantsFramesParse() throws Exception {
        UUID key = UUID.randomUUID();
        assertEquals(new ClientFrame.StopGeneration(ChatRef.keyed(key)),
                ClientFrames.parse("{\"type\":\"stop_generation\",\"chat_id\":\"" + key + "\"}"));
        assertEquals(new ClientFrame.RequestHuman(ChatRef.keyed(key)),
                ClientFrames.parse("{\"type\":\"request_human\",\"chat_id\":\"" + key + "\"}"));
    }

    @Test
    void everyFrameTypeIsALeafTheDispatchKnows() {
        var types = FrameDispatch.frameTypes();
        assertTrue(types.contains(ClientFrame.StopGeneration.class));
        assertTrue(types.contains(ClientFrame.Ping.class));
        assertEquals(13, types.size(), types::toString);
    }
}
