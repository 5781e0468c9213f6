package dev.parley.realtime.boundary;

import dev.parley.realtime.control.Connection;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one place an authenticated connection's frames are routed to the
 * feature that answers them. Every frame type a client may send is answered
 * by exactly one handler, or by the socket itself ({@link ChatSocket#OWN_FRAMES});
 * a gap or an overlap stops the deployment rather than leaving a frame unanswered.
 */
@ApplicationScoped
public class FrameDispatch {

    @Inject
    @Any
    Instance<FrameHandler> handlers;

    private final Map<Class<?>, FrameHandler> byType = new HashMap<>();

    @PostConstruct
    void route() {
        for (FrameHandler handler : handlers) {
            for (Class<? extends ClientFrame> type : handler.handles()) {
                FrameHandler previous = byType.put(type, handler);
                if (previous != null) {
                    throw new IllegalStateException(type.getSimpleName() + " is handled twice");
                }
            }
        }
        for (Class<?> type : frameTypes()) {
            if (!byType.containsKey(type) && !ChatSocket.OWN_FRAMES.contains(type)) {
                throw new IllegalStateException("No handler for " + type.getSimpleName());
            }
        }
    }

    /** Answers whether some feature handled the frame. */
    boolean dispatch(Connection connection, ClientFrame frame) {
        FrameHandler handler = byType.get(frame.getClass());
        if (handler == null) {
            return false;
        }
        handler.handle(connection, frame);
        return true;
    }

    /** Every record a client frame can be: the leaves of the sealed hierarchy. */
    static Set<Class<?>> frameTypes() {
        Set<Class<?>> leaves = new java.util.HashSet<>();
        Deque<Class<?>> open = new ArrayDeque<>(java.util.List.of(ClientFrame.class));
        while (!open.isEmpty()) {
            Class<?> type = open.pop();
            if (type.isSealed()) {
                open.addAll(java.util.List.of(type.getPermittedSubclasses()));
            } else {
                leaves.add(type);
            }
        }
        return leaves;
    }
}
