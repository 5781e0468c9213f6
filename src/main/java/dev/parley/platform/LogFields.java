package dev.parley.platform;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fields of a log line for machines: passed as the last parameter of a log call (one that no {@code {n}}
 * of the message names), they become fields of their own in Payara's JSON log format
 * (docs/operations.md, "Logs"), beside the message; other formats ignore them.
 */
public final class LogFields {

    private LogFields() {
    }

    /** {@code "tenant", tenantId, "connection", connectionId, ...}; null values are left out. */
    public static Map<String, String> of(Object... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                fields.put(String.valueOf(namesAndValues[i]), String.valueOf(namesAndValues[i + 1]));
            }
        }
        return fields;
    }
}
