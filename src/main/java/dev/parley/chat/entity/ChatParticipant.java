package dev.parley.chat.entity;

import dev.parley.identity.entity.ParticipantType;
import dev.parley.tenant.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;

/** A member of a chat, with how far it has read. */
@Entity
@Table(name = "chat_participants")
@DynamicUpdate
@NamedQuery(name = ChatParticipant.OF_CHAT,
        query = "select p from ChatParticipant p where p.chatId = :chatId order by p.id")
public class ChatParticipant extends TenantOwned {

    public static final String OF_CHAT = "ChatParticipant.ofChat";

    @Column(name = "chat_id", nullable = false, updatable = false)
    private long chatId;

    @Enumerated(EnumType.STRING)
    @Column(name = "participant_type", nullable = false, updatable = false)
    private ParticipantType participantType;

    @Column(name = "participant_id", nullable = false, updatable = false)
    private long participantId;

    @Column(name = "is_active", nullable = false)
    private boolean active = true;

    @Column(name = "last_read_seq", nullable = false)
    private long lastReadSeq;

    protected ChatParticipant() {
    }

    public ChatParticipant(long chatId, ParticipantType participantType, long participantId) {
        this.chatId = chatId;
        this.participantType = participantType;
        this.participantId = participantId;
    }

    /** Moves the read mark forward (never back); whether it moved. */
    public boolean readUpTo(long seq) {
        if (seq <= lastReadSeq) {
            return false;
        }
        lastReadSeq = seq;
        return true;
    }

    public boolean is(ParticipantType type, long id) {
        return participantType == type && participantId == id;
    }

    public long getChatId() { return chatId; }
    public ParticipantType getParticipantType() { return participantType; }
    public long getParticipantId() { return participantId; }
    public boolean isActive() { return active; }
    public long getLastReadSeq() { return lastReadSeq; }
}
