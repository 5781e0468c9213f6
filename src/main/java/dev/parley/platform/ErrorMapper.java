package dev.parley.platform;

import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.System.Logger.Level;

/** Turns every exception that leaves a resource into the error shape of {@link ErrorBody}. */
@Provider
public class ErrorMapper implements ExceptionMapper<Throwable> {

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
        if (failure instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            return ErrorResponses.of(status, ErrorResponses.messageFor(status));
        }
        if (failure instanceof ProcessingException || failure instanceof JsonbException) {
            return ErrorResponses.of(ApiException.badRequest("invalid_json", describeJsonProblem(failure)));
        }
        LOG.log(Level.ERROR, "Unexpected failure answering a request", failure);
        return ErrorResponses.of(500, ErrorResponses.messageFor(500));
    }

    private static String describeJsonProblem(Throwable failure) {
        if (find(failure, JsonParsingException.class) != null) {
            return "The body is not valid JSON";
        }
        // Yasson names the property and the expected type in its innermost JsonbException.
        Throwable innermost = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JsonbException && t.getMessage() != null) {
                innermost = t;
            }
        }
        return innermost == null
                ? "The body is not valid JSON for this request"
                : "The body does not match this request: " + innermost.getMessage();
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
