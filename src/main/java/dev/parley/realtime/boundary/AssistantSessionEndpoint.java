package dev.parley.realtime.boundary;

import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
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
public class AssistantSessionEndpoint {

    @Inject
    ChatSocket socket;

    @OnOpen
    public void open(Session session, @PathParam("sessionId") String sessionId) {
        socket.openedSession(session, sessionId);
    }

    @OnMessage
    public void message(Session session, String text) {
        socket.received(session, text);
    }

    @OnMessage
    public void pong(Session session, PongMessage pong) {
        socket.ponged(session);
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        socket.closed(session, reason);
    }

    @OnError
    public void error(Session session, Throwable failure) {
        socket.failed(session, failure);
    }
}
