package dev.parley.platform;

/**
 * The body of every error answer.
 *
 * <pre>{"error":"validation_failed","message":"owner.email: must be a well-formed email address"}</pre>
 */
public record ErrorBody(String error, String message) {
}
