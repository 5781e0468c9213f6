package dev.parley.assistant.control;

import dev.parley.chat.control.ChatEvent;
import dev.parley.chat.control.ChatRef;
import dev.parley.chat.control.MessageView;
import dev.parley.chat.entity.ChatType;
import dev.parley.chat.entity.HandledBy;
import dev.parley.identity.entity.ParticipantType;
import dev.parley.tenant.control.CurrentTenant;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Schedules the assistant's replies, one at a time per chat, off the request
 * and socket threads ({@link AssistantReplies} writes each). In a visitor
 * chat, a message opens a turn that waits a moment
 * ({@code parley.assistant.gather-ms}) for more quick messages, so a burst
 * gets one reply, and messages that arrive while a reply is being written are
 * answered together by the next turn. In an assistant session (seed 003),
 * whose client expects a reply per message, every message is a turn of its
 * own, answered in order. A turn holds no database connection while the model writes.
 *
 * <p>Typing is tied to the reply's life: {@code typing true} when it starts
 * and {@code typing false} however it ends (answer, failure, cancel,
 * hand-over). Once a person takes the chat over, a reply in flight is
 * dropped: it is never posted (checked again under the chat's lock when storing).
 */
@ApplicationScoped
public class AssistantTurns {

    private static final System.Logger LOG = System.getLogger(AssistantTurns.class.getName());

    @Inject
    AssistantConfig config;

    @Inject
    AssistantReplies replies;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    private record ChatKey(UUID tenantId, long chatId) {
    }

    /** A chat's turns: those waiting (the last one gathering messages) and the one being written. */
    private static final class Turns {
        final Deque<Turn> waiting = new ArrayDeque<>();
        Turn running;
        boolean retired;
    }

    private final Map<ChatKey, Turns> byChat = new ConcurrentHashMap<>();

    /**
     * A visitor's message in a visitor chat, committed (staff there are the people who take over):
     * answered by the chat's next turn. Assistant sessions ask for their replies themselves ({@link #answer}).
     */
    void messagePosted(@Observes(during = TransactionPhase.AFTER_SUCCESS) ChatEvent.MessagePosted posted) {
        if (ChatType.visitor.name().equals(posted.chatType())
                && ParticipantType.visitor.name().equals(posted.message().senderType())) {
            messageArrived(posted.tenantId(), posted.chat(), posted.message().id(), true);
        }
    }

    /**
     * An assistant session's message: a turn of its own, after those before it. Completes with the
     * reply once posted, or null when none is (a person answers the chat, or the assistant is off).
     */
    public CompletableFuture<MessageView> answer(UUID tenantId, ChatRef chat, long messageId) {
        return messageArrived(tenantId, chat, messageId, false);
    }

    /** A person took over: the reply being written is dropped, and nothing gathered is answered. */
    void handedOver(@Observes(during = TransactionPhase.AFTER_SUCCESS) ChatEvent.HandedOver handedOver) {
        if (!HandledBy.assistant.name().equals(handedOver.handledBy())) {
            dismiss(handedOver.tenantId(), handedOver.chatId());
        }
    }

    /**
     * {@code gather}: join the waiting turn, if any, and wait a moment for more; otherwise a turn of its
     * own. Answers the turn's reply.
     */
    private CompletableFuture<MessageView> messageArrived(UUID tenantId, ChatRef chat, long messageId,
                                                          boolean gather) {
        ChatKey key = new ChatKey(tenantId, chat.number());
        while (true) {
            Turns turns = byChat.computeIfAbsent(key, k -> new Turns());
            synchronized (turns) {
                if (!turns.retired) {
                    return enqueue(key, turns, new Turn(tenantId, chat), messageId, gather).done;
                }
            }
        }
    }

    /** Under the turns' lock. */
    private Turn enqueue(ChatKey key, Turns turns, Turn fresh, long messageId, boolean gather) {
        Turn last = turns.waiting.peekLast();
        if (gather && last != null) {
            last.messageIds.add(messageId);
            return last;
        }
        fresh.messageIds.add(messageId);
        turns.waiting.addLast(fresh);
        if (turns.running == null && turns.waiting.size() == 1) {
            if (gather) {
                CompletableFuture.delayedExecutor(config.gatherMs(), TimeUnit.MILLISECONDS, executor)
                        .execute(() -> start(key));
            } else {
                executor.execute(() -> start(key));
            }
        }
        return fresh;
    }

    /**
     * The reply that answers {@code messageId}, when it is posted; null when no reply comes
     * (a person answers the chat, or the assistant is off). Whoever waits here gets the reply in
     * a REST response, so the visitor's widget socket is not sent it again.
     */
    public CompletableFuture<MessageView> replyTo(UUID tenantId, long chatId, long messageId) {
        Turns turns = byChat.get(new ChatKey(tenantId, chatId));
        if (turns == null) {
            return CompletableFuture.completedFuture(null);
        }
        synchronized (turns) {
            Turn turn = covering(turns, messageId);
            if (turn != null) {
                turn.answeredOverRest = true;
                return turn.done;
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /** The REST request waiting for the reply to {@code messageId} gave up: the widget's socket gets the reply. */
    public void stopWaiting(UUID tenantId, long chatId, long messageId) {
        Turns turns = byChat.get(new ChatKey(tenantId, chatId));
        if (turns != null) {
            synchronized (turns) {
                Turn turn = covering(turns, messageId);
                if (turn != null) {
                    turn.answeredOverRest = false;
                }
            }
        }
    }

    /** The turn that answers {@code messageId}, waiting or being written; under the turns' lock. */
    private static Turn covering(Turns turns, long messageId) {
        if (turns.running != null && turns.running.messageIds.contains(messageId)) {
            return turns.running;
        }
        for (Turn turn : turns.waiting) {
            if (turn.messageIds.contains(messageId)) {
                return turn;
            }
        }
        return null;
    }

    /**
     * {@code stop_generation}: the reply being written ends now; what was written is kept. A reply
     * that has not started writing yet is stopped as soon as it does. Answers whether one was running.
     */
    public boolean stop(UUID tenantId, long chatId) {
        Turns turns = byChat.get(new ChatKey(tenantId, chatId));
        Assistant.Generation generation = null;
        boolean running = false;
        if (turns != null) {
            synchronized (turns) {
                if (turns.running != null) {
                    running = true;
                    turns.running.stopped = true;
                    generation = turns.running.generation;
                }
            }
        }
        if (generation != null) {
            generation.cancel();
        }
        return running;
    }

    private void dismiss(UUID tenantId, long chatId) {
        Turns turns = byChat.get(new ChatKey(tenantId, chatId));
        if (turns == null) {
            return;
        }
        Assistant.Generation generation = null;
        List<Turn> dropped;
        synchronized (turns) {
            dropped = List.copyOf(turns.waiting);
            turns.waiting.clear();
            if (turns.running != null) {
                turns.running.dismissed = true;
                generation = turns.running.generation;
            } else {
                retire(new ChatKey(tenantId, chatId), turns);
            }
        }
        // Outside the lock: completing resumes a waiting REST request, which writes its response.
        dropped.forEach(turn -> turn.done.complete(null));
        if (generation != null) {
            generation.cancel();
        }
    }

    /** Forgets a chat with no turn left; a message arriving meanwhile makes a new entry. Under the lock. */
    private void retire(ChatKey key, Turns turns) {
        turns.retired = true;
        byChat.remove(key, turns);
    }

    private void start(ChatKey key) {
        Turns turns = byChat.get(key);
        if (turns == null) {
            return;
        }
        Turn turn;
        synchronized (turns) {
            if (turns.retired || turns.running != null || turns.waiting.isEmpty()) {
                return; // already writing (the next turn starts when it ends), or dismissed
            }
            turn = turns.waiting.pollFirst();
            turns.running = turn;
        }
        CompletableFuture<MessageView> written;
        try {
            written = CurrentTenant.call(turn.tenantId, () -> replies.write(turn));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Starting an assistant reply failed", e);
            written = CompletableFuture.completedFuture(null);
        }
        written.whenComplete((reply, failure) -> finish(key, turn, reply));
    }

    /** Ends a turn; the next one, if messages came meanwhile, starts now. */
    private void finish(ChatKey key, Turn turn, MessageView reply) {
        turn.done.complete(reply);
        Turns turns = byChat.get(key);
        if (turns == null) {
            return;
        }
        boolean another;
        synchronized (turns) {
            turns.running = null;
            another = !turns.waiting.isEmpty();
            if (!another) {
                retire(key, turns); // nothing left: forget the chat until its next message
            }
        }
        if (another) {
            executor.execute(() -> start(key));
        }
    }
}
