package dev.parley.platform;

import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.NoContentException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glassfish.jersey.server.ParamException;

/** Turns every exception that leaves a resource into the error shape of {@link ErrorBody}. */
@Provider
public class ErrorMapper implements ExceptionMapper<Throwable> {

    /** PostgreSQL's SQLSTATE for a unique index refusing a row. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final System.Logger LOG = System.getLogger(ErrorMapper.class.getName());

    @Override
    public Response toResponse(Throwable failure) {
        ApiException known = find(failure, ApiException.class);
        if (known != null) {
            return ErrorResponses.of(known);
        }
        BodySizeLimit.TooLarge tooLarge = find(failure, BodySizeLimit.TooLarge.class);
        if (tooLarge != null) {
            return ErrorResponses.of(413, tooLarge.getMessage());
        }
        ApiException database = DatabaseFailures.refusalFor(failure);
        if (database != null) {
            return ErrorResponses.of(database);
        }
        SQLException sql = find(failure, SQLException.class);
        if (sql != null && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
            // Two requests raced past the application's own uniqueness check.
            return ErrorResponses.of(ApiException.conflict("conflict", "This already exists"));
        }
        ParamException param = find(failure, ParamException.class);
        if (param != null && param.getParameterName() != null) {
            // JAX-RS answers 404 for a query or path parameter that does not convert: it is the client's mistake.
            boolean number = find(failure, NumberFormatException.class) != null;
            return ErrorResponses.of(ApiException.invalidField(Json.snakeCase(param.getParameterName()),
                    number ? "must be a whole number" : "has the wrong format"));
        }
        if (find(failure, NoContentException.class) != null) {
            return ErrorResponses.of(ApiException.badRequest("validation_failed", "body: a JSON object is required"));
        }
        if (failure instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            return ErrorResponses.of(status, ErrorResponses.messageFor(status));
        }
        if (failure instanceof ProcessingException || failure instanceof JsonbException
                || find(failure, JsonException.class) != null || isParserLimit(failure)) {
            return ErrorResponses.of(ApiException.badRequest("invalid_json", describeJsonProblem(failure)));
        }
        LOG.log(Level.ERROR, "Unexpected failure answering a request", failure);
        return ErrorResponses.of(500, ErrorResponses.messageFor(500));
    }

    /**
     * What the JSON parser throws past its limits (nesting depth, number length or exponent): bodies bound by
     * JAX-RS are checked first ({@link JsonBodyCheck}), the bulk sync push parses its stream itself.
     */
    private static boolean isParserLimit(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof NumberFormatException || message.contains("too deeply nested")
                    || (t instanceof UnsupportedOperationException && message.contains("BigDecimal"))) {
                return true;
            }
        }
        return false;
    }

    private static final Pattern PROPERTY = Pattern.compile("property '?([A-Za-z0-9_]+)'?");
    private static final Pattern JAVA_TYPE = Pattern.compile("(class )?([a-z][a-z0-9_]*\\.)+([A-Za-z0-9_]+\\$)*");

    private static String describeJsonProblem(Throwable failure) {
        if (find(failure, JsonParsingException.class) != null) {
            return "The body is not valid JSON";
        }
        // Yasson names the property in one of the nested JsonbExceptions; clients see its JSON name.
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Matcher property = t.getMessage() == null ? null : PROPERTY.matcher(t.getMessage());
            if (t instanceof JsonbException && property != null && property.find()) {
                return Json.snakeCase(property.group(1)) + ": has the wrong type";
            }
        }
        Throwable innermost = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JsonbException && t.getMessage() != null) {
                innermost = t;
            }
        }
        String detail = innermost.getMessage() == null ? "" : JAVA_TYPE.matcher(innermost.getMessage()).replaceAll("");
        return "The body does not match this request" + (detail.isBlank() ? "" : ": " + detail);
    }

    static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
