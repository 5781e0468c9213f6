package dev.parley.realtime.boundary;

import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/** {@code /ws}: the chat protocol for any participant type (the token says which). */
@ServerEndpoint("/ws")
public class SocketEndpoint {

    @Inject
    ChatSocket socket;

    @OnOpen
    public void open(Session session) {
        socket.opened(session, null, false);
    }

    @OnMessage
    public void message(Session session, String text) {
        socket.received(session, text);
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
