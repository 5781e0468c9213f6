package dev.parley.realtime.boundary;

import dev.parley.realtime.control.Connection;
import java.util.Set;

/**
 * Answers the client frames of one feature (chat, assistant, hand-over). Each
 * frame type has exactly one handler; {@link FrameDispatch} checks that at
 * start-up and routes frames to them. A handler runs on the connection's
 * thread with its tenant bound, and refuses with an {@code ApiException},
 * which becomes an {@code error} frame. Slow work goes to an executor.
 */
public interface FrameHandler {

    /** The frame types this handler answers. */
    Set<Class<? extends ClientFrame>> handles();

    void handle(Connection connection, ClientFrame frame);
}
