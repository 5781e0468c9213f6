package dev.parley.realtime.boundary;

import dev.parley.platform.ApiException;
import dev.parley.platform.CorsPolicy;
import dev.parley.platform.ErrorResponses;
import dev.parley.platform.WebSockets;
import dev.parley.realtime.control.RealtimeSettings;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * WebSocket handshakes from browser pages are accepted only from the origins
 * REST accepts ({@link CorsPolicy}): a page elsewhere cannot open a socket
 * with a user's token. Refused with {@code 403} before the upgrade.
 *
 * <p>It also shrinks the upgraded response's buffer: every frame Parley sends goes through it, and
 * Grizzly allocates a fresh buffer of that size for each write from outside its own threads (8 KB by
 * default, for frames of a few hundred bytes). A frame larger than the buffer is written without it
 * ({@code parley.ws.frame-buffer-bytes}).
 */
public class HandshakeFilter extends HttpFilter {

    @Inject
    CorsPolicy policy;

    @Inject
    RealtimeSettings settings;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        boolean upgrade = WebSockets.isUpgrade(request);
        if (upgrade && !policy.allows(request.getHeader("Origin"), request.getHeader("Host"))) {
            ErrorResponses.send(response, ApiException.forbidden("origin_not_allowed",
                    "WebSocket connections from " + request.getHeader("Origin") + " are not allowed"));
            return;
        }
        if (upgrade && settings.frameBufferBytes() > 0) {
            response.setBufferSize(settings.frameBufferBytes());
        }
        chain.doFilter(request, response);
    }
}
