package dev.parley.notification.control;

import dev.parley.platform.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A tenant backend's bulk push of its end users and interactions (seed 001):
 * read as a stream, validated record by record (bad ones reported by index,
 * good ones kept), and upserted by {@code external_id} in batches, so a push of
 * any size is never held in memory whole. Upserts only write rows whose values
 * changed: the same push twice changes nothing.
 */
@ApplicationScoped
public class SyncPush {

    static final int BATCH = 500;
    static final int MAX_ERRORS = 1000;

    @Inject
    DataSource dataSource;

    /** What a push did. */
    public record Result(int endUsers, int interactions, List<Map<String, Object>> errors) {
    }

    /** Made once: {@code Json.createParser} looks the JSON provider up through a ServiceLoader scan on every call. */
    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

    public Result push(UUID tenantId, InputStream body) {
        Batches batches = new Batches(tenantId);
        try (JsonParser parser = PARSERS.createParser(body); Connection connection = dataSource.getConnection()) {
            batches.connection = connection;
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw ApiException.badRequest("invalid_json", "The body must be a JSON object");
            }
            while (parser.next() == JsonParser.Event.KEY_NAME) {
                String key = parser.getString();
                JsonParser.Event value = parser.next();
                if ((key.equals("end_users") || key.equals("interactions")) && value == JsonParser.Event.START_ARRAY) {
                    readArray(parser, key, batches);
                } else if (key.equals("end_users") || key.equals("interactions")) {
                    throw ApiException.invalidField(key, "must be an array");
                } else if (value == JsonParser.Event.START_ARRAY) {
                    parser.skipArray();
                } else if (value == JsonParser.Event.START_OBJECT) {
                    parser.skipObject();
                }
            }
            batches.flush();
        } catch (JsonException | NumberFormatException | UnsupportedOperationException e) {
            // Not JSON (too short to tell its encoding, broken, nested or numbered beyond what the parser
            // reads): the client's mistake. Records before it were kept.
            throw ApiException.badRequest("invalid_json", "The body is not valid JSON (records before the error were kept)");
        } catch (SQLException e) {
            throw new IllegalStateException("Sync push failed: " + e.getMessage(), e);
        }
        return new Result(batches.endUsers, batches.interactions, batches.errors);
    }

    private static void readArray(JsonParser parser, String kind, Batches batches) throws SQLException {
        String singular = kind.equals("end_users") ? "end_user" : "interaction";
        int index = 0;
        JsonParser.Event event;
        while ((event = parser.next()) != JsonParser.Event.END_ARRAY) {
            if (event != JsonParser.Event.START_OBJECT) {
                batches.error(index++, singular, "must be an object");
                if (event == JsonParser.Event.START_ARRAY) {
                    parser.skipArray();
                }
                continue;
            }
            JsonObject record = parser.getObject();
            String problem = kind.equals("end_users") ? batches.addEndUser(record) : batches.addInteraction(record);
            if (problem != null) {
                batches.error(index, singular, problem);
            }
            index++;
        }
    }

    /** Records waiting to be written, and what was written. */
    private static final class Batches {
        final UUID tenantId;
        Connection connection;
        final List<Object[]> endUserRows = new ArrayList<>();
        final List<Object[]> interactionRows = new ArrayList<>();
        final List<Map<String, Object>> errors = new ArrayList<>();
        int endUsers;
        int interactions;

        Batches(UUID tenantId) {
            this.tenantId = tenantId;
        }

        void error(int index, String kind, String error) {
            if (errors.size() < MAX_ERRORS) {
                errors.add(Map.of("index", index, "kind", kind, "error", error));
            }
        }

        String addEndUser(JsonObject record) throws SQLException {
            Fields fields = new Fields(record);
            String externalId = fields.text("external_id", 128, true);
            String name = fields.text("name", 200, true);
            String email = fields.text("email", 320, false);
            String phone = fields.text("phone", 32, false);
            if (fields.problem != null) {
                return fields.problem;
            }
            endUserRows.add(new Object[] {externalId, name, email, phone});
            if (endUserRows.size() >= BATCH) {
                flush();
            }
            return null;
        }

        String addInteraction(JsonObject record) throws SQLException {
            Fields fields = new Fields(record);
            String externalId = fields.text("external_id", 128, true);
            String endUser = fields.text("end_user_external_id", 128, true);
            String type = fields.text("type", 64, true);
            String occurredAt = fields.text("occurred_at", 64, true);
            if (fields.problem != null) {
                return fields.problem;
            }
            Timestamp at;
            try {
                at = Timestamp.from(OffsetDateTime.parse(occurredAt).toInstant());
            } catch (DateTimeParseException e) {
                return "occurred_at: must be an ISO-8601 time with offset, e.g. 2026-11-22T12:00:00Z";
            }
            JsonValue data = record.get("data");
            if (data != null && data != JsonValue.NULL && data.getValueType() != JsonValue.ValueType.OBJECT) {
                return "data: must be an object";
            }
            interactionRows.add(new Object[] {externalId, endUser, type, at,
                    data == null || data == JsonValue.NULL ? null : data.toString()});
            if (interactionRows.size() >= BATCH) {
                flush();
            }
            return null;
        }

        void flush() throws SQLException {
            endUsers += write("""
                    INSERT INTO end_users (tenant_id, external_id, name, email, phone) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (tenant_id, external_id) DO UPDATE
                    SET name = EXCLUDED.name, email = EXCLUDED.email, phone = EXCLUDED.phone, updated_at = now()
                    WHERE (end_users.name, end_users.email, end_users.phone)
                          IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.email, EXCLUDED.phone)""", endUserRows);
            interactions += write("""
                    INSERT INTO interactions (tenant_id, external_id, end_user_external_id, type, occurred_at, data)
                    VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb))
                    ON CONFLICT (tenant_id, external_id) DO UPDATE
                    SET end_user_external_id = EXCLUDED.end_user_external_id, type = EXCLUDED.type,
                        occurred_at = EXCLUDED.occurred_at, data = EXCLUDED.data, updated_at = now()
                    WHERE (interactions.end_user_external_id, interactions.type, interactions.occurred_at, interactions.data)
                          IS DISTINCT FROM (EXCLUDED.end_user_external_id, EXCLUDED.type, EXCLUDED.occurred_at, EXCLUDED.data)""",
                    interactionRows);
        }

        /** Writes the rows as one batch in one transaction; answers how many records it covered. */
        private int write(String sql, List<Object[]> rows) throws SQLException {
            if (rows.isEmpty()) {
                return 0;
            }
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (Object[] row : rows) {
                    statement.setObject(1, tenantId); // native SQL: the tenant is set by hand
                    for (int i = 0; i < row.length; i++) {
                        if (row[i] == null) {
                            statement.setNull(i + 2, Types.VARCHAR);
                        } else {
                            statement.setObject(i + 2, row[i]);
                        }
                    }
                    statement.addBatch();
                }
                statement.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
            int written = rows.size();
            rows.clear();
            return written;
        }
    }

    /** Reads a record's text fields, keeping the first problem found. */
    private static final class Fields {
        final JsonObject record;
        String problem;

        Fields(JsonObject record) {
            this.record = record;
        }

        /** The trimmed text, or null when absent (or blank) and optional; records a problem otherwise. */
        String text(String name, int max, boolean required) {
            JsonValue value = record.get(name);
            String text = value instanceof JsonString string ? string.getString().trim() : null;
            if (value != null && value != JsonValue.NULL && text == null) {
                fail(name + ": must be a string");
            } else if (required && (text == null || text.isEmpty())) {
                fail(name + ": required");
            } else if (text != null && text.length() > max) {
                fail(name + ": at most " + max + " characters");
            }
            return text == null || text.isEmpty() ? null : text;
        }

        private void fail(String message) {
            if (problem == null) {
                problem = message;
            }
        }
    }
}
