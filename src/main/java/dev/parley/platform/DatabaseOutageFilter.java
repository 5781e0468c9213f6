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
 * {@code Retry-After}, not the container's error page. A value PostgreSQL cannot take (a NUL character
 * in a tenant named in the query) is the client's {@code 400}, wherever it met the database.
 */
public class DatabaseOutageFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException | ServletException failure) {
            ApiException refusal = DatabaseFailures.refusalFor(failure);
            if (refusal == null || response.isCommitted()) {
                throw failure;
            }
            response.resetBuffer(); // the headers already set (CORS) stay: a browser must read this answer
            ErrorResponses.send(response, refusal);
        }
    }
}
