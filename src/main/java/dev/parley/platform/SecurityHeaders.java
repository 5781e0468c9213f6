package dev.parley.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Headers every answer carries: {@code nosniff}, so that no browser runs an answer as something it is
 * not; no framing by any site ({@code X-Frame-Options} and {@code frame-ancestors}), against clickjacking;
 * and a Content-Security-Policy. The console may run only its own scripts and connect only to its own
 * origin: it shows what anonymous visitors and models wrote, so a slip in escaping must not become script.
 * The API docs (Swagger UI) likewise, with the inline styles Swagger UI sets. Everything else (JSON,
 * files, the start page) may load nothing but its own styles and images.
 */
public class SecurityHeaders extends HttpFilter {

    static final String CONSOLE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    static final String DOCS_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    static final String DEFAULT_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", policyFor(request.getRequestURI()
                .substring(request.getContextPath().length())));
        chain.doFilter(request, response);
    }

    static String policyFor(String path) {
        if (path.startsWith("/console/") || path.equals("/console")) {
            return CONSOLE_POLICY;
        }
        if (path.startsWith("/docs/") || path.equals("/docs") || path.startsWith("/webjars/")) {
            return DOCS_POLICY;
        }
        return DEFAULT_POLICY;
    }
}
