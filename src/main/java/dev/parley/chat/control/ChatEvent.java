package dev.parley.chat.control;

import dev.parley.identity.entity.ParticipantType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What happened in a chat, fired inside the transaction that made it happen
 * and observed after commit ({@code AFTER_SUCCESS}) by the real-time
 * delivery. Each carries its tenant: observers run without a request.
 */
public sealed interface ChatEvent {

    UUID tenantId();

    long chatId();

    /** A new chat, announced to its participants so that their open clients can list it at once. */
    record ChatOpened(UUID tenantId, long chatId, String title, List<Participant> participants) implements ChatEvent {

        public record Participant(ParticipantType type, long id) {
        }
    }

    record MessagePosted(UUID tenantId, long chatId, MessageView message) implements ChatEvent {
    }

    record MessageUpdated(UUID tenantId, long chatId, MessageView message) implements ChatEvent {
    }

    record MessageDeleted(UUID tenantId, long chatId, long messageId, long seq) implements ChatEvent {
    }

    /** {@code reader} read everything up to {@code messageId} (seq {@code seq}), which {@code sender} sent. */
    record MessagesRead(UUID tenantId, long chatId, long messageId, long seq, String readerType, long readerId,
                        Instant readAt, String senderType, long senderId) implements ChatEvent {
    }
}
