package dev.parley.realtime.boundary;

import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;

/**
 * What every Parley WebSocket endpoint does after it opened: its frames, pongs, close and errors go to
 * {@link ChatSocket}. Each endpoint adds only its path and how it opens.
 */
public abstract class SocketEndpointBase {

    @Inject
    protected ChatSocket socket;

    @OnMessage
    public void message(Session session, String text) {
        socket.received(session, text);
    }

    /** The answer to Parley's protocol ping (clients that never ping are pinged): the client is alive. */
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
