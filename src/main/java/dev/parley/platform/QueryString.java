package dev.parley.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parameters of the query string alone. {@code getParameter} would read (and use up) a form or
 * multipart body to find them, which a filter or an upload must never do.
 */
public final class QueryString {

    private QueryString() {
    }

    /** Every non-blank value of {@code name} in the query string, trimmed, in order. */
    public static List<String> values(HttpServletRequest request, String name) {
        List<String> values = new ArrayList<>();
        String query = request.getQueryString();
        if (query == null) {
            return values;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).trim();
                if (!value.isEmpty()) {
                    values.add(value);
                }
            }
        }
        return values;
    }

    /** The first non-blank value of {@code name}, or null. */
    public static String first(HttpServletRequest request, String name) {
        List<String> values = values(request, name);
        return values.isEmpty() ? null : values.get(0);
    }
}
