package dev.parley.realtime.control;

/**
 * Carries deliveries to the connections they target, wherever those are
 * connected. {@link LocalBroker} serves one instance; a cluster broker
 * (Payara's Domain Data Grid) implements the same contract across instances.
 * Publishing never blocks on a client: connections queue their own frames.
 * Per chat, deliveries published in order are delivered in order.
 */
public interface Broker {

    /** Delivers, and answers how many connections the frame was handed to. */
    int publish(Delivery delivery);
}
