package dev.parley.realtime.control;

import java.util.Map;
import java.util.UUID;

/**
 * Carries deliveries and commands to the connections they concern, on every
 * instance of the deployment. What crosses it is data ({@link Delivery},
 * {@link Command}), never a connection or a callback: each instance hands
 * what arrives to its own {@link Receiver} and {@link CommandHandler}s, and
 * counts its own connections.
 * Publishing never blocks on a client or on another instance. Per chat, an
 * instance hands messages to its connections in seq order ({@link ChatSequencer}).
 */
public interface Broker {

    /** Delivers everywhere; answers how many of this instance's connections it was handed to. */
    int publish(Delivery delivery);

    /** Delivers everywhere and answers how many connections it was handed to on all instances; waits for them. */
    int publishAndCount(Delivery delivery);

    /** Runs a command on every instance's connections and answers the sum of their tallies; waits for them. */
    Map<String, Long> run(Command command);

    /** Tells the instance that committed a message that another participant's connection was sent it. */
    void delivered(UUID tenantId, Delivery.SentBy message);

    /** Hands deliveries to this instance's connections. */
    interface Receiver {

        int deliver(Delivery delivery);
    }

    /** Answers the commands of some kinds on this instance (a CDI bean; the broker finds them all). */
    interface CommandHandler {

        boolean handles(Command.Kind kind);

        Map<String, Long> run(Command command);
    }

    /** What an instance does or counts for one tenant (for all tenants where {@code tenantId} is null). */
    record Command(Kind kind, UUID tenantId, String reason) {

        public enum Kind {
            /** Tally the live connections by participant type ({@code tenant:type} keys for all tenants). */
            COUNT_CONNECTIONS,
            /** Tally the notifications published through this instance, and the connections they reached. */
            COUNT_NOTIFICATIONS,
            /** Close every connection of the tenant; tally {@code closed}. */
            CLOSE_TENANT,
            /** Close the tenant's anonymous visitors' connections; tally {@code closed}. */
            CLOSE_VISITORS
        }

        public static Command of(Kind kind, UUID tenantId) {
            return new Command(kind, tenantId, null);
        }
    }
}
