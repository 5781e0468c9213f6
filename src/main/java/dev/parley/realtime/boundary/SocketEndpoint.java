package dev.parley.realtime.boundary;

import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/** {@code /ws}: the chat protocol for any participant type (the token says which). */
@ServerEndpoint("/ws")
public class SocketEndpoint extends SocketEndpointBase {

    @OnOpen
    public void open(Session session) {
        socket.opened(session, null, false);
    }
}
