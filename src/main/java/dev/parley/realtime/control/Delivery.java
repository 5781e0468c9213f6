package dev.parley.realtime.control;

import dev.parley.chat.control.ChatRef;
import dev.parley.identity.entity.ParticipantType;
import java.util.UUID;

/**
 * A frame on its way to the live connections of one tenant that a target
 * names, on every instance: plain data, so that it crosses the grid as it is
 * ({@code dev.parley.cluster.GridBroker}). {@code droppable} frames
 * (typing, presence) may be dropped for a client that falls behind;
 * {@code skipConnectionId} is the originating connection when it should not
 * hear its own frame.
 *
 * <p>Connections on seed 002's widget paths speak that widget's dialect: they
 * get {@code widgetFrame} instead of {@code frame}, and nothing where it is
 * null. {@code streamOnly} frames reach only connections that opted in with
 * {@code ?stream=1}. A chat's new message carries its {@code seq}, by which
 * each instance keeps the chat's order ({@link ChatSequencer}), and its
 * {@code sender}, who hears {@code message_status delivered} once another
 * participant's connection has been sent it ({@link DeliveredStatus}).
 */
public record Delivery(UUID tenantId, Target target, String frame, boolean droppable, String skipConnectionId,
                       String widgetFrame, boolean streamOnly, long seq, long committedAtMicros, SentBy sender) {

    public Delivery(UUID tenantId, Target target, String frame, boolean droppable, String skipConnectionId) {
        this(tenantId, target, frame, droppable, skipConnectionId, null, false, 0, 0, null);
    }

    /** The same delivery, with what widget connections get instead. */
    public Delivery withWidgetFrame(String widgetFrame) {
        return new Delivery(tenantId, target, frame, droppable, skipConnectionId, widgetFrame, streamOnly, seq, committedAtMicros, sender);
    }

    /** The same delivery, only for connections that opted into streaming. */
    public Delivery onlyForStreams() {
        return new Delivery(tenantId, target, frame, droppable, skipConnectionId, widgetFrame, true, seq, committedAtMicros, sender);
    }

    /**
     * The same delivery, of a chat's new message numbered {@code seq}: held back from a connection replaying that
     * chat. {@code committedAtMicros}: when it was committed, in microseconds since the epoch (0: not known, as
     * for a message read back from PostgreSQL), for the delivery latency.
     */
    public Delivery ofMessage(long seq, long committedAtMicros) {
        return new Delivery(tenantId, target, frame, droppable, skipConnectionId, widgetFrame, streamOnly, seq,
                committedAtMicros, sender);
    }

    /** The same delivery, of a message whose sender hears when it first reaches another participant. */
    public Delivery sentBy(SentBy sender) {
        return new Delivery(tenantId, target, frame, droppable, skipConnectionId, widgetFrame, streamOnly, seq, committedAtMicros, sender);
    }

    /**
     * The message a delivery carries and who sent it; {@code origin} names the instance that committed it
     * (null: this one; empty: unknown, the message was read back from PostgreSQL), which alone tells the
     * sender, so that the sender hears it once.
     */
    public record SentBy(long messageId, ChatRef chat, String senderType, long senderId, String origin) {

        public SentBy from(String origin) {
            return new SentBy(messageId, chat, senderType, senderId, origin);
        }

        boolean isSender(Connection connection) {
            return connection.actor().type().name().equals(senderType) && connection.actor().id() == senderId;
        }
    }

    /** Now, in microseconds since the epoch: comparable across instances, as far as their clocks agree. */
    public static long epochMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    /** What {@code connection} gets of this delivery, or null for nothing. */
    String frameFor(Connection connection) {
        if (streamOnly && !connection.streams()) {
            return null;
        }
        if (connection.assistantSession() != null) {
            return streamOnly ? frame : null; // a session's own frames are sent by its handler; deltas come here
        }
        return connection.speaksWidget() ? widgetFrame : frame;
    }

    public sealed interface Target {
    }

    /** The connections that joined a chat. */
    public record ToChat(long chatId) implements Target {
    }

    /** Every connection of one user, customer or visitor. */
    public record ToParticipant(ParticipantType type, long id) implements Target {
    }

    /** Every connection of the tenant's accounts (staff and customers; not anonymous visitors). */
    public record ToTenant() implements Target {
    }

    /** Every connection of the tenant's staff (users): visitor chats are everyone's business there. */
    public record ToStaff() implements Target {
    }
}
