package dev.parley.realtime.control;

import dev.parley.identity.entity.ParticipantType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tells a message's sender {@code message_status delivered} once, when the first connection of
 * another participant has been sent it, on whichever instance that connection is: each instance
 * reports its first such hand-over to the instance that committed the message, and that one tells
 * the sender. The status is a hint: if the committing instance dies first, it is not sent.
 */
@ApplicationScoped
public class DeliveredStatus {

    /** How long a committed message's sender may still hear of it. */
    private static final long WAIT_MILLIS = 60_000;

    @Inject
    Broker broker;

    /** Messages committed here whose sender has not heard yet: id → until when. */
    private final Map<Long, Long> awaiting = new ConcurrentHashMap<>();
    private final AtomicInteger sincePurge = new AtomicInteger();

    /** A message committed here: its sender waits to hear that it was delivered. */
    public void expect(long messageId) {
        long now = System.currentTimeMillis();
        awaiting.put(messageId, now + WAIT_MILLIS);
        if (sincePurge.incrementAndGet() >= 4096) {
            sincePurge.set(0);
            awaiting.values().removeIf(until -> until < now);
        }
    }

    /** Another participant's connection here was sent the message (reported once per instance and delivery). */
    void reached(UUID tenantId, Delivery.SentBy message) {
        if (message.origin() == null) {
            tellSender(tenantId, message);
        } else if (!message.origin().isEmpty()) {
            broker.delivered(tenantId, message);
        }
    }

    /** On the instance that committed the message: the first report tells the sender, the others nothing. */
    public void tellSender(UUID tenantId, Delivery.SentBy message) {
        if (awaiting.remove(message.messageId()) != null) {
            broker.publish(new Delivery(tenantId, new Delivery.ToParticipant(
                    ParticipantType.valueOf(message.senderType()), message.senderId()),
                    ServerFrames.messageStatus(message.messageId(), message.chat(), "delivered"), false, null));
        }
    }
}
