package dev.parley.platform;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Comparator;
import java.util.StringJoiner;

/**
 * Bean Validation failures of a request body as {@code 400 validation_failed},
 * naming the offending JSON field ({@code owner.email}) rather than the Java path.
 */
@Provider
public class ValidationErrorMapper implements ExceptionMapper<ConstraintViolationException> {

    @Override
    public Response toResponse(ConstraintViolationException failure) {
        ConstraintViolation<?> first = failure.getConstraintViolations().stream()
                .min(Comparator.comparing(v -> fieldOf(v.getPropertyPath())))
                .orElse(null);
        if (first == null) {
            return ErrorResponses.of(ApiException.badRequest("validation_failed", "The request is not valid"));
        }
        String field = fieldOf(first.getPropertyPath());
        return ErrorResponses.of(field.isEmpty()
                ? ApiException.badRequest("validation_failed", "body: " + first.getMessage())
                : ApiException.invalidField(field, first.getMessage()));
    }

    /** The JSON path of a violation: the nodes after the method parameter, in snake_case. */
    static String fieldOf(Path path) {
        StringJoiner field = new StringJoiner(".");
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
                field.add(Json.snakeCase(node.getName()));
            }
        }
        return field.toString();
    }
}
