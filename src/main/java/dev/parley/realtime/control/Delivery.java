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
 */
public record Delivery(UUID tenantId, Target target, String frame, boolean droppable, String skipConnectionId,
                       Consumer<Connection> onSent) {

    public Delivery(UUID tenantId, Target target, String frame, boolean droppable, String skipConnectionId) {
        this(tenantId, target, frame, droppable, skipConnectionId, null);
    }

    public sealed interface Target {
    }

    /** The connections that joined a chat. */
    public record ToChat(long chatId) implements Target {
    }

    /** Every connection of one user or customer. */
    public record ToParticipant(ParticipantType type, long id) implements Target {
    }

    /** Every authenticated connection of the tenant. */
    public record ToTenant() implements Target {
    }
}
