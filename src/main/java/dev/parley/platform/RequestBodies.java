package dev.parley.platform;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Set;

/**
 * Validates request bodies against their Bean Validation constraints.
 *
 * <p>Called explicitly rather than through {@code @Valid} on resource
 * parameters, and request bodies are classes with annotated fields rather than
 * records: Payara's OpenAPI generator fails on constraint annotations placed on
 * any method or constructor parameter (it takes each for a path parameter).
 */
public final class RequestBodies {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    private RequestBodies() {
    }

    /** {@code body} when present and valid; otherwise 400 naming the first offending field. */
    public static <T> T requireValid(T body) {
        if (body == null) {
            throw ApiException.badRequest("validation_failed", "body: a JSON object is required");
        }
        Set<ConstraintViolation<T>> violations = VALIDATOR.validate(body);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return body;
    }
}
