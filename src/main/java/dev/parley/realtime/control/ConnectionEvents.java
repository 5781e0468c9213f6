package dev.parley.realtime.control;

/**
 * What happens on Parley's live connections, reported as it happens: frames in, frames queued, written
 * and dropped, error answers, closes and their reasons, and chat messages handed over. One listener takes them
 * all ({@code dev.parley.metrics.ParleyMetrics}), so counting lives in one place and a test can watch a
 * connection's transitions. Called on the send path: implementations only count, never block.
 */
public interface ConnectionEvents {

    /** A text frame from a client (not its pongs). */
    void received();

    /** {@code frames} frames put in a client's outgoing queue. */
    void queued(int frames);

    /** {@code frames} frames written to a client, in one WebSocket frame (several when it batches). */
    void sent(int frames);

    /** A droppable frame (typing, presence) dropped for a client that fell behind. */
    void dropped();

    /** An {@code error} frame answering a client, with its code. */
    void answeredError(String code);

    /** Parley closed a connection, for {@code reason}. */
    void closed(CloseCause reason);

    /**
     * A chat's message handed to {@code connections} connections here (put in their outgoing queues),
     * {@code micros} after it was committed: by this instance's clock and the committing instance's, so
     * across hosts their clocks' difference counts too.
     */
    void handedOver(long micros, int connections);

    /** Why Parley closed a connection: a small fixed set, so that it can label a metric. */
    enum CloseCause {
        /** Its outgoing queue was full: the client reads too slowly (1013). */
        TOO_SLOW,
        /** A write to it failed (1011). */
        SEND_FAILED,
        /** Silent for too long (1001). */
        IDLE,
        /** A rule broken: no or a bad token, a suspended tenant, too many frames (1008). */
        POLICY,
        /** A frame over the size limit (1009). */
        TOO_BIG,
        /** The database or the server could not serve it (1013, 1011). */
        UNAVAILABLE;

        /** The cause of a close with {@code code}, for the closes that do not name one. */
        static CloseCause of(jakarta.websocket.CloseReason.CloseCode code) {
            return switch (code.getCode()) {
                case 1001 -> IDLE;
                case 1009 -> TOO_BIG;
                case 1011, 1013 -> UNAVAILABLE;
                default -> POLICY;
            };
        }

        /** The metric label. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
