package dev.parley.realtime.control;

import dev.parley.identity.entity.ParticipantType;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A frame on its way to the live connections of one tenant that a target
 * names. {@code droppable} frames (typing, presence) may be dropped for a
 * client that falls behind; {@code skipConnectionId} is the originating
 * connection when it should not hear its own frame. {@code onSent}, when
 * given, is told of each connection that the frame was written to.
 *
 * <p>Connections on seed 002's widget paths speak that widget's dialect: they
 * get {@code widgetFrame} instead of {@code frame}, and nothing where it is
 * null. {@code streamOnly} frames reach only connections that opted in with
 * {@code ?stream=1}.
 */
public record Delivery(UUID tenantId, Target target, String frame, boolean droppable, String skipConnectionId,
                       Consumer<Connection> onSent, String widgetFrame, boolean streamOnly, long seq) {

    public Delivery(UUID tenantId, Target target, String frame, boolean droppable, String skipConnectionId) {
        this(tenantId, target, frame, droppable, skipConnectionId, null, null, false, 0);
    }

    public Delivery(UUID tenantId, Target target, String frame, boolean droppable, String skipConnectionId,
                    Consumer<Connection> onSent) {
        this(tenantId, target, frame, droppable, skipConnectionId, onSent, null, false, 0);
    }

    /** The same delivery, with what widget connections get instead. */
    public Delivery withWidgetFrame(String widgetFrame) {
        return new Delivery(tenantId, target, frame, droppable, skipConnectionId, onSent, widgetFrame, streamOnly, seq);
    }

    /** The same delivery, only for connections that opted into streaming. */
    public Delivery onlyForStreams() {
        return new Delivery(tenantId, target, frame, droppable, skipConnectionId, onSent, widgetFrame, true, seq);
    }

    /** The same delivery, of a chat's new message numbered {@code seq}: held back from a connection replaying that chat. */
    public Delivery ofMessage(long seq) {
        return new Delivery(tenantId, target, frame, droppable, skipConnectionId, onSent, widgetFrame, streamOnly, seq);
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
