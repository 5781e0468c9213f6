package dev.parley.chat.control;

import jakarta.json.bind.annotation.JsonbTypeSerializer;
import jakarta.json.bind.serializer.JsonbSerializer;
import jakarta.json.bind.serializer.SerializationContext;
import jakarta.json.stream.JsonGenerator;
import java.util.UUID;

/**
 * How a chat is named to clients: staff and customer chats by their number,
 * visitor and assistant chats by their unguessable key only (a number could
 * be guessed). In JSON a {@code chat_id} is the key as a string where the chat
 * has one, otherwise the number. What a client names is resolved by
 * {@link Chats#resolve}; inside Parley a resolved chat always carries its number.
 */
@JsonbTypeSerializer(ChatRef.AsJson.class)
public record ChatRef(Long id, UUID key) {

    public static ChatRef numbered(long id) {
        return new ChatRef(id, null);
    }

    public static ChatRef keyed(UUID key) {
        return new ChatRef(null, key);
    }

    /** What a client wrote in a path or a frame: a number, or a key; null when it is neither. */
    public static ChatRef parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.chars().allMatch(Character::isDigit) && text.length() <= 18) {
            return numbered(Long.parseLong(text));
        }
        try {
            return text.length() == 36 ? keyed(UUID.fromString(text)) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Whether a client may name the chat numbered {@code id} (with {@code key}, if it has one) this way:
     * a keyed chat by its key only, never by its number.
     */
    public boolean names(long id, UUID key) {
        return this.key == null ? key == null && this.id != null && this.id == id
                : this.key.equals(key) && (this.id == null || this.id == id);
    }

    /** The chat's number, once resolved. */
    public long number() {
        if (id == null) {
            throw new IllegalStateException("Unresolved chat " + key);
        }
        return id;
    }

    /** What clients see. */
    @Override
    public String toString() {
        return key != null ? key.toString() : String.valueOf(id);
    }

    /** Writes a ChatRef as clients name the chat.  */
    public static final class AsJson implements JsonbSerializer<ChatRef> {
        @Override
        public void serialize(ChatRef chat, JsonGenerator generator, SerializationContext context) {
            if (chat.key() != null) {
                generator.write(chat.key().toString());
            } else {
                generator.write(chat.id());
            }
        }
    }
}
