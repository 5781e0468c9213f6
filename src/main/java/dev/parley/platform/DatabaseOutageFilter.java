package dev.parley.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Whatever part of a request meets a database outage (the caller filter looking up the tenant, a
 * servlet, a resource), the client gets the same clear answer: {@code 503 database_unavailable} with
 * {@code Retry-After}, not the container's error page.
 */
public class DatabaseOutageFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException | ServletException failure) {
            if (!DatabaseFailures.isOutage(failure) || response.isCommitted()) {
                throw failure;
            }
            response.resetBuffer(); // the headers already set (CORS) stay: a browser must read this answer
            ErrorResponses.send(response, DatabaseFailures.outage());
        }
    }
}
