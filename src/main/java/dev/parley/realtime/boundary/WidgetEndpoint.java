package dev.parley.realtime.boundary;

import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/**
 * {@code /api/v1/ws}: seed 002's website widget. Visitors connect with
 * {@code ?tenant_id=&session_id=} (or an {@code auth} frame naming them), and
 * receive their chats' messages as {@code chat_message} frames without joining.
 */
@ServerEndpoint("/api/v1/ws")
public class WidgetEndpoint {

    @Inject
    ChatSocket socket;

    @OnOpen
    public void open(Session session) {
        socket.opened(session, null, true);
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
