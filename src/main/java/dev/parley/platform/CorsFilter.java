package dev.parley.platform;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * CORS for browser frontends on other origins. Mapped in web.xml for the
 * REQUEST and ERROR dispatches: Payara's MicroProfile JWT answers a bad token
 * with 401 before any application filter runs, and that answer reaches the
 * browser through the error page, where this filter adds the headers so the
 * page sees the real error instead of a CORS failure.
 */
public class CorsFilter extends HttpFilter {

    @Inject
    CorsPolicy policy;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            chain.doFilter(request, response);
            return;
        }
        boolean allowed = policy.allows(origin, request.getHeader("Host"));
        boolean preflight = "OPTIONS".equals(request.getMethod())
                && request.getHeader("Access-Control-Request-Method") != null;
        if (preflight) {
            answerPreflight(request, response, origin, allowed);
            return;
        }
        if (allowed) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Allow-Credentials", "true");
            response.setHeader("Access-Control-Expose-Headers", CorsPolicy.EXPOSED_HEADERS);
        }
        response.addHeader("Vary", "Origin");
        chain.doFilter(request, response);
    }

    private void answerPreflight(HttpServletRequest request, HttpServletResponse response, String origin,
                                 boolean allowed) throws IOException {
        response.addHeader("Vary", "Origin");
        String headers = policy.grantHeaders(request.getHeader("Access-Control-Request-Headers"));
        if (!allowed || headers == null) {
            ErrorResponses.send(response, ApiException.forbidden("cors_rejected", !allowed
                    ? "Origin " + origin + " is not allowed (parley.cors.allowed-origins)"
                    : "A requested header is not allowed (parley.cors.allowed-headers)"));
            return;
        }
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        response.setHeader("Access-Control-Allow-Origin", origin);
        response.setHeader("Access-Control-Allow-Credentials", "true");
        response.setHeader("Access-Control-Allow-Methods", CorsPolicy.ALLOWED_METHODS);
        response.setHeader("Access-Control-Allow-Headers", headers);
        response.setHeader("Access-Control-Max-Age", CorsPolicy.MAX_AGE_SECONDS);
    }
}
