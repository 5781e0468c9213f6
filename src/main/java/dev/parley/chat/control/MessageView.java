package dev.parley.chat.control;

import dev.parley.chat.entity.Message;
import java.time.Instant;
import java.util.List;

/**
 * A message as every client sees it, over REST and in WebSocket frames.
 *
 * <pre>{"id":101,"chat_id":1,"seq":7,"sender_type":"user","sender_id":456,"sender_user_id":456,
 *  "sender_name":"Ada","message_type":"text","content":"Hi","media_url":null,"thumbnail_url":null,
 *  "reply_to_message_id":null,"entity_ref":{"type":"appointment","id":"42"},"client_message_id":"c-1",
 *  "created_at":"2026-11-22T12:00:00.123Z","updated_at":null,"is_edited":false,"is_deleted":false,
 *  "read_receipts":[{"reader_type":"customer","reader_id":123,"read_at":"2026-11-22T12:00:05Z"}]}</pre>
 */
public record MessageView(long id, long chatId, long seq, String senderType, long senderId, Long senderUserId,
                          String senderName, String messageType, String content, String mediaUrl,
                          String thumbnailUrl, Long replyToMessageId, EntityRef entityRef, String clientMessageId,
                          Instant createdAt, Instant updatedAt, boolean isEdited, boolean isDeleted,
                          List<ReadReceipt> readReceipts) {

    /** What a message refers to in the tenant's own domain: {@code {"type":"appointment","id":"42"}}. */
    public record EntityRef(String type, String id) {
    }

    /** {@code {"reader_type":"customer","reader_id":123,"read_at":"…"}} */
    public record ReadReceipt(String readerType, long readerId, Instant readAt) {
    }

    public static MessageView of(Message m, List<ReadReceipt> receipts) {
        return new MessageView(m.getId(), m.getChatId(), m.getSeq(), m.getSenderType(), m.getSenderId(),
                "user".equals(m.getSenderType()) ? m.getSenderId() : null, m.getSenderName(),
                m.getMessageType().name(), m.getContent(), m.getMediaUrl(), m.getThumbnailUrl(),
                m.getReplyToMessageId(),
                m.getEntityRefType() == null ? null : new EntityRef(m.getEntityRefType(), m.getEntityRefId()),
                m.getClientMessageId(), m.getCreatedAt(), m.getUpdatedAt(), m.isEdited(), m.isDeleted(), receipts);
    }
}
