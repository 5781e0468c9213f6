package dev.parley.realtime.boundary;

import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;

/**
 * {@code /ws/chat/{sessionId}}: an assistant session (seed 003's PromptCraft).
 * The caller authenticates as on any socket (or, where the tenant allows
 * anonymous access, names it with {@code ?tenant_id=}), and is greeted with
 * {@code connection_ack} for its session.
 */
@ServerEndpoint("/ws/chat/{sessionId}")
public class AssistantSessionEndpoint extends SocketEndpointBase {

    @OnOpen
    public void open(Session session, @PathParam("sessionId") String sessionId) {
        socket.openedSession(session, sessionId);
    }
}
