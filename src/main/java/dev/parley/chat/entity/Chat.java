package dev.parley.chat.entity;

import dev.parley.tenant.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A conversation. Its row also hands out message sequence numbers: a sender
 * locks it, takes {@code lastSeq + 1}, and the lock lasts until commit, so
 * seqs are gap-free and ordered even with senders on several connections.
 */
@Entity
@Table(name = "chats")
@DynamicUpdate // a title change must never write back a stale last_seq
public class Chat extends TenantOwned {

    public static final int PREVIEW_LENGTH = 200;

    @Enumerated(EnumType.STRING)
    @Column(name = "chat_type", nullable = false, updatable = false)
    private ChatType chatType;

    private String title;

    @Column(name = "is_archived", nullable = false)
    private boolean archived;

    @Column(name = "last_seq", nullable = false)
    private long lastSeq;

    @Column(name = "last_message_at")
    private Instant lastMessageAt;

    @Column(name = "last_message_preview")
    private String lastMessagePreview;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt = now();

    /** Visitor and assistant chats only: their unguessable name, the only one clients may use. */
    @Column(name = "chat_key", updatable = false)
    private UUID key;

    @Enumerated(EnumType.STRING)
    @Column(name = "handled_by")
    private HandledBy handledBy;

    @Column(name = "needs_attention", nullable = false)
    private boolean needsAttention;

    /** The widget's description of where the chat started, as JSON. */
    @Column(updatable = false)
    private String context;

    /** Assistant sessions only: the session id their client names them by (seed 003's URL). */
    @Column(name = "session_id", updatable = false)
    private String sessionId;

    protected Chat() {
    }

    public Chat(ChatType chatType, String title) {
        this.chatType = chatType;
        this.title = title;
    }

    /** A visitor or assistant chat, answered by the assistant until a person takes over. */
    public static Chat answeredByAssistant(ChatType chatType, String title, String context) {
        Chat chat = new Chat(chatType, title);
        chat.key = UUID.randomUUID();
        chat.handledBy = HandledBy.assistant;
        chat.context = context;
        return chat;
    }

    /** An assistant session: a conversation of one caller with the assistant, named by the client's session id. */
    public static Chat assistantSession(String sessionId, String title) {
        Chat chat = answeredByAssistant(ChatType.assistant, title, null);
        chat.sessionId = sessionId;
        return chat;
    }

    /** Whether clients name this chat by its key (and never by its number). */
    public boolean isKeyed() {
        return key != null;
    }

    public void handOver(HandledBy to) {
        handledBy = to;
        if (to == HandledBy.human) {
            needsAttention = false;
        }
        touch();
    }

    /** Marks (or clears) that a person should look at the chat. */
    public void setNeedsAttention(boolean needsAttention) {
        this.needsAttention = needsAttention;
    }

    /** The seq of the next message; call only while holding this row's lock. */
    public long nextSeq(Instant at, String preview) {
        lastSeq++;
        lastMessageAt = at;
        lastMessagePreview = preview == null || preview.length() <= PREVIEW_LENGTH
                ? preview : preview.substring(0, PREVIEW_LENGTH);
        updatedAt = at;
        return lastSeq;
    }

    public void setTitle(String title) {
        this.title = title;
        touch();
    }

    public void setArchived(boolean archived) {
        this.archived = archived;
        touch();
    }

    private void touch() {
        updatedAt = now();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    public ChatType getChatType() { return chatType; }
    public String getTitle() { return title; }
    public boolean isArchived() { return archived; }
    public long getLastSeq() { return lastSeq; }
    public Instant getLastMessageAt() { return lastMessageAt; }
    public String getLastMessagePreview() { return lastMessagePreview; }
    public Instant getUpdatedAt() { return updatedAt; }
    public UUID getKey() { return key; }
    public HandledBy getHandledBy() { return handledBy; }
    public boolean isNeedsAttention() { return needsAttention; }
    public String getContext() { return context; }
    public String getSessionId() { return sessionId; }
}
