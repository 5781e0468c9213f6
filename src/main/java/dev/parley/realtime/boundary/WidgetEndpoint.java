package dev.parley.realtime.boundary;

import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/**
 * {@code /api/v1/ws}: seed 002's website widget. Visitors connect with
 * {@code ?tenant_id=&session_id=} (or an {@code auth} frame naming them), and
 * receive their chats' messages as {@code chat_message} frames without joining.
 */
@ServerEndpoint("/api/v1/ws")
public class WidgetEndpoint extends SocketEndpointBase {

    @OnOpen
    public void open(Session session) {
        socket.opened(session, null, true);
    }
}
