package dev.parley.platform;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Builds error answers in the one shape clients parse. Every error answer over HTTP is built here, so
 * here it is counted by its code ({@link #countWith}: Parley's metrics).
 */
public final class ErrorResponses {

    private static volatile Consumer<String> counter = code -> { };

    private ErrorResponses() {
    }

    /** Hands every error code answered from now on to {@code counter} (which must not block). */
    public static void countWith(Consumer<String> counter) {
        ErrorResponses.counter = counter;
    }

    public static Response of(ApiException e) {
        counter.accept(e.code());
        Response.ResponseBuilder answer = Response.status(e.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(e.code(), e.getMessage()));
        if (e.retryAfterSeconds() != null) {
            answer.header("Retry-After", e.retryAfterSeconds());
        }
        return answer.build();
    }

    /** Writes {@code e} from a servlet filter, where JAX-RS does not answer. */
    public static void send(HttpServletResponse response, ApiException e) throws IOException {
        counter.accept(e.code());
        response.setStatus(e.status());
        if (e.retryAfterSeconds() != null) {
            response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        response.setContentType(MediaType.APPLICATION_JSON);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(Json.write(new ErrorBody(e.code(), e.getMessage())));
    }

    public static Response of(int status, String message) {
        return of(new ApiException(status, codeFor(status), message));
    }

    /** The error code for an HTTP status when nothing more specific is known. */
    public static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 409 -> "conflict";
            case 411 -> "length_required";
            case 412 -> "precondition_failed";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 416 -> "range_not_satisfiable";
            case 429 -> "rate_limited";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal_error" : "error";
        };
    }

    /** The message for an HTTP status when nothing more specific is known. */
    public static String messageFor(int status) {
        return switch (status) {
            case 400 -> "The request is not valid";
            case 401 -> "Authentication required: send a valid bearer token";
            case 403 -> "Not allowed";
            case 404 -> "No such resource";
            case 405 -> "Method not allowed on this resource";
            case 406 -> "This resource answers JSON";
            case 411 -> "Send the body with a Content-Length";
            case 413 -> "The request body is too large";
            case 415 -> "Send the body as application/json";
            case 416 -> "The range lies outside the resource";
            case 503 -> "Parley is not ready; try again shortly";
            default -> status >= 500 ? "Internal error" : "Request failed";
        };
    }
}
