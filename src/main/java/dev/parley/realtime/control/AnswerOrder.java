package dev.parley.realtime.control;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Keeps one connection's answers in the order of its frames, while its messages are stored by group commit.
 * A message's answer (its {@code message_ack}) comes once its batch committed; the client may send its next
 * messages meanwhile, and they are answered in turn by the same writer. Any other frame that arrives while a
 * message awaits its answer waits too, and is handled after it (on {@code later}): a {@code pong} always
 * follows the answers to everything sent before its ping.
 */
public final class AnswerOrder {

    private static final System.Logger LOG = System.getLogger(AnswerOrder.class.getName());

    /** Messages whose answer is still to come. Guarded by this. */
    private int awaited;
    /** Frames that wait for those answers, in the order they came. Guarded by this. */
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    /** Whether waiting frames are being handled (on {@code later}). Guarded by this. */
    private boolean draining;

    /**
     * Handles a frame now, or after the answers it must follow. A {@code message} (a send that is answered
     * later, see {@link #awaitAnswer}) only waits for frames that wait themselves: messages pipeline.
     */
    public void handle(Runnable handling, boolean message, Executor later) {
        synchronized (this) {
            boolean mustWait = !waiting.isEmpty() || draining || (!message && awaited > 0);
            if (mustWait) {
                waiting.addLast(handling);
                return;
            }
        }
        run(handling);
    }

    /** The frame being handled will be answered later: call {@link #answered} once its answer is queued. */
    public synchronized void awaitAnswer() {
        awaited++;
    }

    /** An answer {@link #awaitAnswer} announced is queued; frames waiting for it are handled on {@code later}. */
    public void answered(Executor later) {
        synchronized (this) {
            awaited--;
            if (awaited > 0 || waiting.isEmpty() || draining) {
                return;
            }
            draining = true;
        }
        later.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                if (awaited > 0 || waiting.isEmpty()) {
                    draining = false; // a message among them awaits its answer: answered() goes on
                    return;
                }
                next = waiting.pollFirst();
            }
            run(next);
        }
    }

    private static void run(Runnable handling) {
        try {
            handling.run();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Handling a frame failed", e); // handlers answer their own failures
        }
    }
}
