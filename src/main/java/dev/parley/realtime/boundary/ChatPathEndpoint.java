package dev.parley.realtime.boundary;

import dev.parley.identity.entity.ParticipantType;
import dev.parley.realtime.control.Connection;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;

/**
 * {@code /api/v1/chat/ws/chat/user} and {@code .../customer} (seed 004's URLs):
 * the same protocol as {@code /ws}; the path's participant type must be the token's.
 */
@ServerEndpoint("/api/v1/chat/ws/chat/{participant}")
public class ChatPathEndpoint extends SocketEndpointBase {

    @OnOpen
    public void open(Session session, @PathParam("participant") String participant) {
        ParticipantType type = "user".equals(participant) ? ParticipantType.user
                : "customer".equals(participant) ? ParticipantType.customer : null;
        if (type == null) {
            Connection.refuse(session, new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "unknown participant type"));
            return;
        }
        socket.opened(session, type, false);
    }
}
