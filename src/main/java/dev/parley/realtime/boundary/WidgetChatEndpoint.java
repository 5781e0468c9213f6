package dev.parley.realtime.boundary;

import jakarta.websocket.server.ServerEndpoint;

/** {@code /api/v1/ws/chat}: the widget guide's second URL, the same as {@link WidgetEndpoint}. */
@ServerEndpoint("/api/v1/ws/chat")
public class WidgetChatEndpoint extends WidgetEndpoint {
}
