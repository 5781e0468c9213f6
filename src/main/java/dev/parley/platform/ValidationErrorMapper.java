package dev.parley.platform;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Field;
import java.util.Comparator;
import java.util.StringJoiner;

/**
 * Bean Validation failures of a request body as {@code 400 validation_failed},
 * naming the offending JSON field ({@code owner.email}, or the name a
 * {@code @JsonbProperty} gives it) rather than the Java path.
 */
@Provider
public class ValidationErrorMapper implements ExceptionMapper<ConstraintViolationException> {

    @Override
    public Response toResponse(ConstraintViolationException failure) {
        ConstraintViolation<?> first = failure.getConstraintViolations().stream()
                .min(Comparator.comparing(ValidationErrorMapper::fieldOf))
                .orElse(null);
        if (first == null) {
            return ErrorResponses.of(ApiException.badRequest("validation_failed", "The request is not valid"));
        }
        String field = fieldOf(first);
        return ErrorResponses.of(field.isEmpty()
                ? ApiException.badRequest("validation_failed", "body: " + first.getMessage())
                : ApiException.invalidField(field, first.getMessage()));
    }

    /** The JSON path of a violation: its property nodes as clients name them. */
    static String fieldOf(ConstraintViolation<?> violation) {
        StringJoiner field = new StringJoiner(".");
        Class<?> type = violation.getRootBeanClass();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() != ElementKind.PROPERTY || node.getName() == null) {
                continue;
            }
            Field declared = declaredField(type, node.getName());
            JsonbProperty renamed = declared == null ? null : declared.getAnnotation(JsonbProperty.class);
            field.add(renamed != null ? renamed.value() : Json.snakeCase(node.getName()));
            type = declared == null ? Object.class : declared.getType();
        }
        return field.toString();
    }

    private static Field declaredField(Class<?> type, String name) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // look further up
            }
        }
        return null;
    }
}
