package dev.parley.realtime.boundary;

import dev.parley.chat.control.ChatRef;
import dev.parley.platform.Text;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Map;

/** Reads a client's text frame into a {@link ClientFrame}, or says exactly what is wrong with it. */
public final class ClientFrames {

    private ClientFrames() {
    }

    /** A frame that cannot be read; answered with an {@code error} frame, the connection stays. */
    public static final class Invalid extends Exception {
        private final String code;
        private final String requestType;
        private ChatRef chatId;
        private String clientMessageId;

        Invalid(String code, String message, String requestType) {
            super(message, null, false, false);
            this.code = code;
            this.requestType = requestType;
        }

        /** Notes the refused frame's chat and client message id, where it has them in the right types. */
        Invalid about(JsonObject frame) {
            Long number = exactLong(frame.get("chat_id"));
            if (number != null) {
                chatId = ChatRef.numbered(number);
            } else if (frame.get("chat_id") instanceof JsonString key) {
                chatId = ChatRef.parse(key.getString());
            }
            if (frame.get("client_message_id") instanceof JsonString id) {
                clientMessageId = id.getString();
            }
            return this;
        }

        public String code() { return code; }
        public String requestType() { return requestType; }
        public ChatRef chatId() { return chatId; }
        public String clientMessageId() { return clientMessageId; }
    }

    /**
     * Made once: {@code Json.createReader} looks the JSON provider up through a ServiceLoader scan of the
     * application's jars on every call, which showed up as 7% of the server's CPU under load.
     */
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    public static ClientFrame parse(String text) throws Invalid {
        JsonObject frame;
        try (var reader = READERS.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new Invalid("invalid_frame", "A frame is a JSON object with a \"type\"", null);
            }
            frame = value.asJsonObject();
        } catch (RuntimeException e) { // JsonException, and whatever the parser throws past its limits
            // Parsing errors, and what the parser refuses to read: nesting past its depth limit, numbers
            // past its length limit or with an exponent past an int.
            throw new Invalid("invalid_json", "The frame is not valid JSON, or nested or numbered beyond what "
                    + "Parley reads", null);
        }
        String type = optionalString(frame, "type", null);
        if (type == null) {
            throw new Invalid("invalid_frame", "type: required", null);
        }
        try {
            return frame(frame, type);
        } catch (Invalid invalid) {
            throw invalid.about(frame);
        }
    }

    private static ClientFrame frame(JsonObject frame, String type) throws Invalid {
        return switch (type) {
            case "auth", "authenticate" -> auth(frame, type);
            case "join_chat" -> new ClientFrame.JoinChat(chat(frame, type), optionalLong(frame, "since_seq", type));
            case "leave_chat" -> new ClientFrame.LeaveChat(chat(frame, type));
            case "send_message" -> sendMessage(frame, type);
            case "typing" -> new ClientFrame.Typing(chat(frame, type), requiredBoolean(frame, "is_typing", type));
            case "read_message" -> new ClientFrame.ReadMessage(chat(frame, type),
                    requiredLong(frame, "message_id", type));
            case "stop_generation" -> new ClientFrame.StopGeneration(chat(frame, type));
            case "request_human" -> new ClientFrame.RequestHuman(chat(frame, type));
            case "chat_message" -> new ClientFrame.ChatMessage(optionalString(frame, "content", type),
                    optionalId(frame, "message_id", type));
            case "save_conversation_as_template" -> new ClientFrame.SaveConversationAsTemplate(
                    optionalString(frame, "title", type), optionalString(frame, "category", type),
                    optionalBoolean(frame, "include_ai_responses", type), optionalString(frame, "description", type));
            case "optimize_prompt" -> new ClientFrame.OptimizePrompt(optionalId(frame, "message_id", type),
                    optionalString(frame, "content", type));
            case "ping" -> new ClientFrame.Ping();
            case "refresh_token" -> new ClientFrame.RefreshToken(token(frame, type));
            default -> throw new Invalid("unknown_type", "Unknown frame type \"" + type + "\"", type);
        };
    }

    private static ClientFrame sendMessage(JsonObject frame, String type) throws Invalid {
        String refType = null;
        String refId = null;
        JsonValue ref = frame.get("entity_ref");
        if (ref != null && ref != JsonValue.NULL) {
            if (ref.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new Invalid("validation_failed", "entity_ref: must be an object {type, id}", type);
            }
            refType = optionalString(ref.asJsonObject(), "type", type);
            JsonValue id = ref.asJsonObject().get("id");
            refId = id == null || id == JsonValue.NULL ? null
                    : id instanceof JsonString s ? s.getString() : id.toString();
        }
        return new ClientFrame.SendMessage(chat(frame, type),
                optionalString(frame, "content", type), optionalString(frame, "message_type", type),
                optionalString(frame, "media_url", type), optionalString(frame, "thumbnail_url", type),
                optionalLong(frame, "reply_to_message_id", type), refType, refId,
                optionalString(frame, "client_message_id", type));
    }

    /** {@code chat_id}: a chat's number, or a visitor chat's key (a string). */
    private static ChatRef chat(JsonObject frame, String type) throws Invalid {
        JsonValue value = frame.get("chat_id");
        if (value == null || value == JsonValue.NULL) {
            throw new Invalid("validation_failed", "chat_id: required", type);
        }
        Long number = exactLong(value);
        ChatRef chat = number != null && number > 0 ? ChatRef.numbered(number)
                : value instanceof JsonString key ? ChatRef.parse(key.getString()) : null;
        if (chat == null) {
            throw new Invalid("validation_failed", "chat_id: must be a chat's number or key", type);
        }
        return chat;
    }

    /** A token, or a visitor's tenant and session: at the top level or inside {@code data} (seed 002/003). */
    private static ClientFrame auth(JsonObject frame, String type) throws Invalid {
        JsonObject data = frame.get("data") instanceof JsonObject nested ? nested : JsonValue.EMPTY_JSON_OBJECT;
        String token = optionalString(frame, "token", type);
        if (token == null) {
            token = optionalString(data, "token", type);
        }
        if (token != null && !token.isBlank()) {
            return new ClientFrame.Auth(token, null, null);
        }
        String tenant = optionalString(data, "tenant_id", type);
        String session = optionalString(data, "session_id", type);
        if (tenant == null || session == null) {
            throw new Invalid("validation_failed", "token: required (or data.tenant_id and data.session_id)", type);
        }
        return new ClientFrame.Auth(null, tenant, session);
    }

    /** The token at the top level, or inside {@code data} (seed 002/003 clients). */
    private static String token(JsonObject frame, String type) throws Invalid {
        String token = optionalString(frame, "token", type);
        JsonValue data = frame.get("data");
        if (token == null && data instanceof JsonObject nested) {
            token = optionalString(nested, "token", type);
        }
        if (token == null || token.isBlank()) {
            throw new Invalid("validation_failed", "token: required", type);
        }
        return token;
    }

    private static long requiredLong(JsonObject frame, String name, String type) throws Invalid {
        Long value = optionalLong(frame, name, type);
        if (value == null) {
            throw new Invalid("validation_failed", name + ": required", type);
        }
        return value;
    }

    private static Long optionalLong(JsonObject frame, String name, String type) throws Invalid {
        JsonValue value = frame.get(name);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        Long number = exactLong(value);
        if (number == null) {
            throw new Invalid("validation_failed", name + ": must be an integer", type);
        }
        return number;
    }

    /**
     * A whole number that fits a long, exactly; null for anything else. {@code JsonNumber.longValue()}
     * would wrap 2^64 + 1 round to 1, naming a chat or message the client never meant.
     */
    private static Long exactLong(JsonValue value) {
        if (!(value instanceof JsonNumber number)) {
            return null;
        }
        try {
            return number.bigDecimalValue().longValueExact();
        } catch (ArithmeticException | NumberFormatException | UnsupportedOperationException notALong) {
            return null;
        }
    }

    private static Boolean optionalBoolean(JsonObject frame, String name, String type) throws Invalid {
        JsonValue value = frame.get(name);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        return requiredBoolean(frame, name, type);
    }

    /** A client's id for something: a string, or a number taken as its text. */
    private static String optionalId(JsonObject frame, String name, String type) throws Invalid {
        JsonValue value = frame.get(name);
        if (value instanceof JsonNumber number) {
            return number.toString();
        }
        String id = optionalString(frame, name, type);
        if (id != null && id.length() > 128) {
            throw new Invalid("validation_failed", name + ": at most 128 characters", type);
        }
        return id;
    }

    private static boolean requiredBoolean(JsonObject frame, String name, String type) throws Invalid {
        JsonValue value = frame.get(name);
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return value == JsonValue.TRUE;
        }
        throw new Invalid("validation_failed", name + (value == null ? ": required" : ": must be true or false"), type);
    }

    private static String optionalString(JsonObject frame, String name, String type) throws Invalid {
        JsonValue value = frame.get(name);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonString text)) {
            throw new Invalid("validation_failed", name + ": must be a string", type);
        }
        if (!Text.isWellFormed(text.getString())) {
            throw new Invalid("validation_failed", name + ": is not valid Unicode (a lone surrogate)", type);
        }
        return text.getString();
    }
}
