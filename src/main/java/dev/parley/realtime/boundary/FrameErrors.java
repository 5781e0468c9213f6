package dev.parley.realtime.boundary;

import dev.parley.platform.ApiException;
import dev.parley.platform.DatabaseFailures;
import dev.parley.realtime.control.ServerFrames;
import java.lang.System.Logger.Level;

/** The {@code error} frame that answers a client frame that failed, whenever it failed. */
final class FrameErrors {

    private static final System.Logger LOG = System.getLogger(FrameErrors.class.getName());

    private FrameErrors() {
    }

    /**
     * The client's mistake or a refusal as it is; a database outage as {@code database_unavailable}; anything
     * else is Parley's fault: logged, and answered {@code internal_error}.
     */
    static ServerFrames.ErrorFrame answer(RuntimeException failure, ClientFrame frame) {
        ApiException refused = failure instanceof ApiException known ? known : DatabaseFailures.refusalFor(failure);
        if (refused == null) {
            LOG.log(Level.ERROR, "Failed to handle a " + frame.type() + " frame", failure);
            refused = new ApiException(500, "internal_error", "Internal error");
        }
        return ServerFrames.error(refused.code(), refused.getMessage(), frame.type(), ClientFrame.chatOf(frame),
                ClientFrame.clientMessageIdOf(frame));
    }
}
