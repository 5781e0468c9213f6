package dev.parley.platform;

import jakarta.json.Json;
import jakarta.json.JsonReaderFactory;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Reads a JSON request body whole and checks it parses before it is bound (JSON-B or JSON-P). JSON-B, asked to skip a
 * value that the body cuts off ({@code {"user_id":[[}), waits for input that never comes and holds a
 * worker thread; a plain parse of the same bytes ends with a clear error, answered {@code 400 invalid_json}.
 * Bodies are at most {@code parley.http.max-body-bytes} (1 MiB) here, so reading them whole is cheap;
 * resources that stream their body (bulk sync) take an {@code InputStream} and are left alone.
 */
@Provider
public class JsonBodyCheck implements ReaderInterceptor {

    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        if (context.getType() == InputStream.class || type == null
                || !(type.getSubtype().equalsIgnoreCase("json") || type.getSubtype().toLowerCase().endsWith("+json"))) {
            return context.proceed(); // not bound from JSON, or streamed by the resource itself
        }
        byte[] body = context.getInputStream().readAllBytes();
        if (body.length > 0) {
            try (var reader = READERS.createReader(new ByteArrayInputStream(body))) {
                reader.readValue();
            } catch (RuntimeException notJson) { // parsing errors, and what the parser refuses past its limits
                throw ApiException.badRequest("invalid_json", "The body is not valid JSON");
            }
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }
}
