package dev.parley.realtime.boundary;

import jakarta.websocket.server.ServerEndpoint;

/** {@code /ws/chat/{sessionId}/}: the URL seed 003's client uses, with its trailing slash. */
@ServerEndpoint("/ws/chat/{sessionId}/")
public class AssistantSessionSlashEndpoint extends AssistantSessionEndpoint {
}
