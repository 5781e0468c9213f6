package dev.parley.platform;

import jakarta.servlet.http.HttpServletRequest;

/** Facts about WebSocket handshakes that the HTTP filters need. */
public final class WebSockets {

    private WebSockets() {
    }

    public static boolean isUpgrade(HttpServletRequest request) {
        return "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
    }
}
