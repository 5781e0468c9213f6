package dev.parley.chat.control;

import dev.parley.chat.entity.Message;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A message as every client sees it, over REST and in WebSocket frames.
 * {@code role} says which side of a conversation the sender is on, as the
 * widget guides read it: {@code user} (visitor or customer), {@code agent}
 * (staff), {@code assistant} or {@code system}. Assistant replies carry
 * {@code metadata}: {@code sources}, {@code finish_reason}, {@code processing_time_ms}.
 *
 * <pre>{"id":101,"chat_id":1,"seq":7,"sender_type":"user","sender_id":456,"sender_user_id":456,
 *  "sender_name":"Ada","role":"agent","message_type":"text","content":"Hi","media_url":null,"thumbnail_url":null,
 *  "reply_to_message_id":null,"entity_ref":{"type":"appointment","id":"42"},"client_message_id":"c-1",
 *  "created_at":"2026-11-22T12:00:00.123Z","updated_at":null,"is_edited":false,"is_deleted":false,
 *  "read_receipts":[{"reader_type":"customer","reader_id":123,"read_at":"2026-11-22T12:00:05Z"}],
 *  "metadata":null,"file_name":null,"file_type":null,"file_size":null}</pre>
 * A media message's {@code media_url} and {@code thumbnail_url} are Parley paths ({@code /api/v1/media/…}),
 * served only to its tenant; {@code file_name}, {@code file_type} and {@code file_size} describe the file.
 */
public record MessageView(long id, ChatRef chatId, long seq, String senderType, long senderId, Long senderUserId,
                          String senderName, String role, String messageType, String content, String mediaUrl,
                          String thumbnailUrl, Long replyToMessageId, EntityRef entityRef, String clientMessageId,
                          Instant createdAt, Instant updatedAt, boolean isEdited, boolean isDeleted,
                          List<ReadReceipt> readReceipts, JsonObject metadata, String fileName, String fileType,
                          Long fileSize) {

    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    /** What a message refers to in the tenant's own domain: {@code {"type":"appointment","id":"42"}}. */
    public record EntityRef(String type, String id) {
    }

    /** {@code {"reader_type":"customer","reader_id":123,"read_at":"…"}} */
    public record ReadReceipt(String readerType, long readerId, Instant readAt) {
    }

    public static MessageView of(Message m, ChatRef chat, List<ReadReceipt> receipts) {
        return new MessageView(m.getId(), chat, m.getSeq(), m.getSenderType(), m.getSenderId(),
                "user".equals(m.getSenderType()) ? m.getSenderId() : null, m.getSenderName(),
                roleOf(m.getSenderType()), m.getMessageType().name(), m.getContent(), m.getMediaUrl(),
                m.getThumbnailUrl(), m.getReplyToMessageId(),
                m.getEntityRefType() == null ? null : new EntityRef(m.getEntityRefType(), m.getEntityRefId()),
                m.getClientMessageId(), m.getCreatedAt(), m.getUpdatedAt(), m.isEdited(), m.isDeleted(), receipts,
                parse(m.getMetadata()), m.getFileName(), m.getFileType(), m.getFileSize());
    }

    /** A message just stored from {@code draft}: not edited, not read by anyone yet. */
    static MessageView posted(long id, ChatRef chat, long seq, Actor sender, Message.Draft draft, Instant at) {
        String type = sender.type().name();
        Message.Attachment file = draft.attachment();
        return new MessageView(id, chat, seq, type, sender.id(), "user".equals(type) ? sender.id() : null,
                sender.name(), roleOf(type), draft.messageType().name(), draft.content(), draft.mediaUrl(),
                draft.thumbnailUrl(), draft.replyToMessageId(),
                draft.entityRefType() == null ? null : new EntityRef(draft.entityRefType(), draft.entityRefId()),
                draft.clientMessageId(), at, null, false, false, List.of(), parse(draft.metadata()),
                file == null ? null : file.fileName(), file == null ? null : file.fileType(),
                file == null ? null : file.fileSize());
    }

    static String roleOf(String senderType) {
        return switch (senderType) {
            case "visitor", "customer" -> "user";
            case "user" -> "agent";
            default -> senderType; // assistant, system
        };
    }

    private static JsonObject parse(String json) {
        if (json == null) {
            return null;
        }
        try (var reader = READERS.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    /** The assistant's finish reason, or null for other messages. */
    public String finishReason() {
        return metadata == null ? null : metadata.getString("finish_reason", null);
    }
}
