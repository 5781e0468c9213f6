package dev.parley.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The error page for answers that never reach JAX-RS: unknown paths outside
 * {@code /api}, and the 401 that Payara's MicroProfile JWT gives a bad token
 * before the application runs. Same JSON shape as every other error.
 */
@WebServlet("/error")
public class ErrorPageServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        if (status == 501) {
            // A method the servlet or page does not know (PATCH on /health, say): the client's mistake.
            status = 405;
        }
        String message = ErrorResponses.messageFor(status);
        if (status == 401) {
            message = "Authentication failed: the bearer token is invalid or expired";
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        ErrorResponses.send(response, new ApiException(status, ErrorResponses.codeFor(status), message));
    }
}
