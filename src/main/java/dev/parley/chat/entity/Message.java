package dev.parley.chat.entity;

import dev.parley.tenant.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A message in a chat, numbered by {@code seq} within it. Deleting keeps the row and hides its content. */
@Entity
@Table(name = "messages")
@DynamicUpdate
@NamedQuery(name = Message.NEWEST_FIRST,
        query = "select m from Message m where m.chatId = :chatId order by m.seq desc")
@NamedQuery(name = Message.AFTER_SEQ,
        query = "select m from Message m where m.chatId = :chatId and m.seq > :seq order by m.seq")
@NamedQuery(name = Message.COUNT,
        query = "select count(m) from Message m where m.chatId = :chatId")
@NamedQuery(name = Message.UNREAD_COUNT,
        query = "select count(m) from Message m where m.chatId = :chatId and m.seq > :afterSeq "
                + "and m.deleted = false and not (m.senderType = :readerType and m.senderId = :readerId)")
public class Message extends TenantOwned {

    public static final String NEWEST_FIRST = "Message.newestFirst";
    public static final String AFTER_SEQ = "Message.afterSeq";
    public static final String COUNT = "Message.count";
    public static final String UNREAD_COUNT = "Message.unreadCount";

    @Column(name = "chat_id", nullable = false, updatable = false)
    private long chatId;

    @Column(nullable = false, updatable = false)
    private long seq;

    /** {@code user}, {@code customer}, {@code visitor}, {@code assistant} or {@code system}. */
    @Column(name = "sender_type", nullable = false, updatable = false)
    private String senderType;

    @Column(name = "sender_id", nullable = false, updatable = false)
    private long senderId;

    @Column(name = "sender_name", updatable = false)
    private String senderName;

    @Enumerated(EnumType.STRING)
    @Column(name = "message_type", nullable = false, updatable = false)
    private MessageType messageType;

    private String content;

    @Column(name = "media_url", updatable = false)
    private String mediaUrl;

    @Column(name = "thumbnail_url", updatable = false)
    private String thumbnailUrl;

    @Column(name = "reply_to_message_id", updatable = false)
    private Long replyToMessageId;

    @Column(name = "entity_ref_type", updatable = false)
    private String entityRefType;

    @Column(name = "entity_ref_id", updatable = false)
    private String entityRefId;

    @Column(name = "client_message_id", updatable = false)
    private String clientMessageId;

    @Column(name = "is_edited", nullable = false)
    private boolean edited;

    @Column(name = "is_deleted", nullable = false)
    private boolean deleted;

    @Column(name = "updated_at")
    private Instant updatedAt;

    /** An assistant reply's sources, finish reason and timing, as JSON. */
    @Column(updatable = false)
    private String metadata;

    @Column(name = "file_name", updatable = false)
    private String fileName;

    @Column(name = "file_type", updatable = false)
    private String fileType;

    @Column(name = "file_size", updatable = false)
    private Long fileSize;

    protected Message() {
    }

    public Message(long chatId, long seq, String senderType, long senderId, String senderName, Draft draft) {
        this.chatId = chatId;
        this.seq = seq;
        this.senderType = senderType;
        this.senderId = senderId;
        this.senderName = senderName;
        this.messageType = draft.messageType();
        this.content = draft.content();
        this.mediaUrl = draft.mediaUrl();
        this.thumbnailUrl = draft.thumbnailUrl();
        this.replyToMessageId = draft.replyToMessageId();
        this.entityRefType = draft.entityRefType();
        this.entityRefId = draft.entityRefId();
        this.clientMessageId = draft.clientMessageId();
        this.metadata = draft.metadata();
        if (draft.attachment() != null) {
            this.fileName = draft.attachment().fileName();
            this.fileType = draft.attachment().fileType();
            this.fileSize = draft.attachment().fileSize();
        }
    }

    /** What a sender asks to post, already validated; {@code metadata} (JSON) is Parley's own, never a client's. */
    public record Draft(MessageType messageType, String content, String mediaUrl, String thumbnailUrl,
                        Long replyToMessageId, String entityRefType, String entityRefId, String clientMessageId,
                        String metadata, Attachment attachment) {

        public Draft(MessageType messageType, String content, String mediaUrl, String thumbnailUrl,
                     Long replyToMessageId, String entityRefType, String entityRefId, String clientMessageId) {
            this(messageType, content, mediaUrl, thumbnailUrl, replyToMessageId, entityRefType, entityRefId,
                    clientMessageId, null, null);
        }

        /** The same draft, naming the uploaded file it carries (its canonical URLs, name, type and size). */
        public Draft withAttachment(String canonicalUrl, String canonicalThumbnail, Attachment file) {
            return new Draft(messageType, content, canonicalUrl, canonicalThumbnail, replyToMessageId, entityRefType,
                    entityRefId, clientMessageId, metadata, file);
        }

        /** Plain text with metadata: what the assistant and Parley itself post. */
        public static Draft text(MessageType type, String content, String metadata) {
            return new Draft(type, content, null, null, null, null, null, null, metadata, null);
        }
    }

    /** The uploaded file a media message carries. */
    public record Attachment(String fileName, String fileType, long fileSize) {
    }

    public void edit(String newContent) {
        content = newContent;
        edited = true;
        updatedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    public void delete() {
        deleted = true;
        content = null;
        updatedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    public boolean isSentBy(String type, long id) {
        return senderType.equals(type) && senderId == id;
    }

    public long getChatId() { return chatId; }
    public long getSeq() { return seq; }
    public String getSenderType() { return senderType; }
    public long getSenderId() { return senderId; }
    public String getSenderName() { return senderName; }
    public MessageType getMessageType() { return messageType; }
    public String getContent() { return content; }
    public String getMediaUrl() { return mediaUrl; }
    public String getThumbnailUrl() { return thumbnailUrl; }
    public Long getReplyToMessageId() { return replyToMessageId; }
    public String getEntityRefType() { return entityRefType; }
    public String getEntityRefId() { return entityRefId; }
    public String getClientMessageId() { return clientMessageId; }
    public boolean isEdited() { return edited; }
    public boolean isDeleted() { return deleted; }
    public Instant getUpdatedAt() { return updatedAt; }
    public String getMetadata() { return metadata; }
    public String getFileName() { return fileName; }
    public String getFileType() { return fileType; }
    public Long getFileSize() { return fileSize; }
}
