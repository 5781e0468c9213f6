package dev.parley.platform;

import jakarta.ws.rs.core.Response.Status;

/**
 * An error a client caused or must know about, answered as
 * {@code {"error":<code>,"message":<text>}} with {@link #status()}.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Long retryAfterSeconds;

    public ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    private ApiException(int status, String code, String message, Long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() { return status; }
    public String code() { return code; }
    public Long retryAfterSeconds() { return retryAfterSeconds; }

    /** 400 for a request field that is missing or wrong; the message names the field. */
    public static ApiException invalidField(String field, String problem) {
        return new ApiException(Status.BAD_REQUEST.getStatusCode(), "validation_failed", field + ": " + problem);
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(Status.BAD_REQUEST.getStatusCode(), code, message);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(Status.UNAUTHORIZED.getStatusCode(), "unauthorized", message);
    }

    public static ApiException forbidden(String code, String message) {
        return new ApiException(Status.FORBIDDEN.getStatusCode(), code, message);
    }

    /** 404, also for what exists in another tenant: the answer never hints that it does. */
    public static ApiException notFound(String what) {
        return new ApiException(Status.NOT_FOUND.getStatusCode(), "not_found", what + " not found");
    }

    public static ApiException conflict(String code, String message) {
        return new ApiException(Status.CONFLICT.getStatusCode(), code, message);
    }

    public static ApiException tooManyRequests(String message, long retryAfterSeconds) {
        return new ApiException(429, "rate_limited", message, retryAfterSeconds);
    }

    /** A passing failure: the client may try again in a few seconds ({@code Retry-After}). */
    public static ApiException unavailable(String code, String message) {
        return new ApiException(Status.SERVICE_UNAVAILABLE.getStatusCode(), code, message, 5L);
    }
}
