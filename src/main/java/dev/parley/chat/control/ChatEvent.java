package dev.parley.chat.control;

import dev.parley.identity.entity.ParticipantType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What happened in a chat, fired inside the transaction that made it happen
 * and observed after commit ({@code AFTER_SUCCESS}) by the real-time
 * delivery and the assistant. Each carries its tenant: observers run without
 * a request.
 */
public sealed interface ChatEvent {

    UUID tenantId();

    /** The chat, resolved: its number and, for visitor and assistant chats, its key. */
    ChatRef chat();

    default long chatId() {
        return chat().number();
    }

    /** A new chat, announced to its participants so that their open clients can list it at once. */
    record ChatOpened(UUID tenantId, ChatRef chat, String chatType, String title, List<Participant> participants)
            implements ChatEvent {

        public record Participant(ParticipantType type, long id) {
        }
    }

    /**
     * {@code visitor}: the visitor taking part in the chat, if any (its widget connections hear of the
     * message); {@code returnedToSender}: the message reaches its asker in a REST response (an assistant
     * reply to a message posted over REST), so the asker's widget is not told again.
     */
    record MessagePosted(UUID tenantId, ChatRef chat, String chatType, MessageView message, Long visitor,
                         boolean returnedToSender) implements ChatEvent {
    }

    record MessageUpdated(UUID tenantId, ChatRef chat, MessageView message) implements ChatEvent {
    }

    record MessageDeleted(UUID tenantId, ChatRef chat, long messageId, long seq) implements ChatEvent {
    }

    /** {@code reader} read everything up to {@code messageId} (seq {@code seq}), which {@code sender} sent. */
    record MessagesRead(UUID tenantId, ChatRef chat, long messageId, long seq, String readerType, long readerId,
                        Instant readAt, String senderType, long senderId) implements ChatEvent {
    }

    /** A visitor or assistant chat changed hands; {@code by} is who did it, null for Parley itself. */
    record HandedOver(UUID tenantId, ChatRef chat, String handledBy, Actor by, Long visitor) implements ChatEvent {
    }
}
