package dev.parley.realtime.boundary;

import jakarta.websocket.Session;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Gives each WebSocket session a plain JDK scheduler for its idle-timeout task.
 *
 * <p>Why: Payara's Tyrus (2.1.5) restarts a session's idle-timeout task on every frame sent or received,
 * even with no idle timeout (Parley sets 0), on Payara's default managed scheduled executor. That executor
 * captures the thread's context for every task, scanning the application's class loaders for providers,
 * and the scan is not cached: about 80 to 100 µs of CPU per frame, most of a frame's cost, all of it
 * Payara's. No setting reaches it: Tyrus takes that executor by a fixed JNDI name that an application
 * cannot override, and Payara builds every managed executor with the same capture (docs/benchmarks.md).
 *
 * <p>How: the session keeps its scheduler in a field ({@code TyrusSession.service}), set here by
 * reflection when the connection opens. Tyrus's idle task does nothing while the timeout is 0, so a
 * single daemon thread runs all of them. If a Tyrus version names the field differently, Parley says so
 * once and runs as before ({@code parley.ws.own-idle-scheduler=false} turns this off).
 */
final class IdleTimerScheduler {

    private static final System.Logger LOG = System.getLogger(IdleTimerScheduler.class.getName());

    private static final ScheduledThreadPoolExecutor SCHEDULER = new ScheduledThreadPoolExecutor(1, task -> {
        Thread thread = new Thread(task, "parley-websocket-idle-timer");
        thread.setDaemon(true);
        return thread;
    });

    static {
        SCHEDULER.setRemoveOnCancelPolicy(true); // every frame cancels a task: keep the queue short
    }

    private static volatile boolean warned;
    /** Tyrus's field, looked up once: every session is of the same class. */
    private static volatile Field service;

    private IdleTimerScheduler() {
    }

    /** Answers whether the session now uses Parley's scheduler. */
    static boolean install(Session session) {
        try {
            Field field = service;
            if (field == null || field.getDeclaringClass() != session.getClass()) {
                field = session.getClass().getDeclaredField("service");
                if (field.getType() != ScheduledExecutorService.class) {
                    throw new NoSuchFieldException("service is a " + field.getType().getName());
                }
                field.setAccessible(true);
                service = field;
            }
            field.set(session, SCHEDULER);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.log(Level.WARNING, "WebSocket sessions keep the container's idle-timer scheduler (" + e
                        + "): each frame costs more CPU");
            }
            return false;
        }
    }
}
