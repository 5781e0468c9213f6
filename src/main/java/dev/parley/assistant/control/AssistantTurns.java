package dev.parley.assistant.control;

import dev.parley.chat.control.Actor;
import dev.parley.chat.control.ChatEvent;
import dev.parley.chat.control.ChatRef;
import dev.parley.chat.control.ChatSendOrder;
import dev.parley.chat.control.Drafts;
import dev.parley.chat.control.Chats;
import dev.parley.chat.control.MessageView;
import dev.parley.chat.control.Messages;
import dev.parley.chat.entity.Chat;
import dev.parley.chat.entity.HandledBy;
import dev.parley.chat.entity.Message;
import dev.parley.chat.entity.MessageType;
import dev.parley.identity.control.VisitorLimits;
import dev.parley.identity.entity.ParticipantType;
import dev.parley.platform.Json;
import dev.parley.realtime.control.Broker;
import dev.parley.realtime.control.Delivery;
import dev.parley.realtime.control.ServerFrames;
import dev.parley.tenant.control.CurrentTenant;
import dev.parley.tenant.control.TenantDirectory;
import dev.parley.tenant.entity.Tenant;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The assistant's replies, one at a time per chat, off the request and socket
 * threads. A visitor's message opens a turn that waits a moment
 * ({@code parley.assistant.gather-ms}) for more quick messages, so a burst
 * gets one reply; messages that arrive while a reply is being written are
 * answered together by the next turn. A turn holds no database connection
 * while the model writes.
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
    BuiltinAssistant builtin;

    @Inject
    RemoteAssistant remote;

    @Inject
    KnowledgeBase knowledge;

    @Inject
    Chats chats;

    @Inject
    Messages messages;

    @Inject
    ChatSendOrder sendOrder;

    @Inject
    TenantDirectory tenants;

    @Inject
    VisitorLimits limits;

    @Inject
    Broker broker;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    private record ChatKey(UUID tenantId, long chatId) {
    }

    /** One reply to one or more messages. */
    private static final class Turn {
        final UUID tenantId;
        final ChatRef chat;
        final Set<Long> messageIds = new HashSet<>();
        final CompletableFuture<MessageView> done = new CompletableFuture<>();
        volatile boolean answeredOverRest;
        volatile boolean dismissed;
        volatile boolean stopped;
        volatile Assistant.Generation generation;

        Turn(UUID tenantId, ChatRef chat) {
            this.tenantId = tenantId;
            this.chat = chat;
        }
    }

    /** A chat's turns: the one gathering messages and the one being written. Retired once both are done. */
    private static final class Turns {
        Turn next;
        Turn running;
        boolean retired;
    }

    private final Map<ChatKey, Turns> byChat = new ConcurrentHashMap<>();

    /** A visitor's message, committed: answered by the chat's next turn. */
    void messagePosted(@Observes(during = TransactionPhase.AFTER_SUCCESS) ChatEvent.MessagePosted posted) {
        if (posted.chat().key() != null && ParticipantType.visitor.name().equals(posted.message().senderType())) {
            messageArrived(posted.tenantId(), posted.chat(), posted.message().id());
        }
    }

    /** A person took over: the reply being written is dropped, and nothing gathered is answered. */
    void handedOver(@Observes(during = TransactionPhase.AFTER_SUCCESS) ChatEvent.HandedOver handedOver) {
        if (!HandledBy.assistant.name().equals(handedOver.handledBy())) {
            dismiss(handedOver.tenantId(), handedOver.chatId());
        }
    }

    void messageArrived(UUID tenantId, ChatRef chat, long messageId) {
        ChatKey key = new ChatKey(tenantId, chat.number());
        while (true) {
            Turns turns = byChat.computeIfAbsent(key, k -> new Turns());
            synchronized (turns) {
                if (!turns.retired) {
                    gather(key, turns, tenantId, chat, messageId);
                    return;
                }
            }
        }
    }

    private void gather(ChatKey key, Turns turns, UUID tenantId, ChatRef chat, long messageId) {
        {
            if (turns.next == null) {
                turns.next = new Turn(tenantId, chat);
                if (turns.running == null) {
                    CompletableFuture.delayedExecutor(config.gatherMs(), TimeUnit.MILLISECONDS, executor)
                            .execute(() -> start(key));
                }
            }
            turns.next.messageIds.add(messageId);
        }
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
            for (Turn turn : new Turn[] {turns.next, turns.running}) {
                if (turn != null && turn.messageIds.contains(messageId)) {
                    turn.answeredOverRest = true;
                    return turn.done;
                }
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /** The REST request waiting for the reply to {@code messageId} gave up: the widget's socket gets the reply. */
    public void stopWaiting(UUID tenantId, long chatId, long messageId) {
        Turns turns = byChat.get(new ChatKey(tenantId, chatId));
        if (turns != null) {
            synchronized (turns) {
                for (Turn turn : new Turn[] {turns.next, turns.running}) {
                    if (turn != null && turn.messageIds.contains(messageId)) {
                        turn.answeredOverRest = false;
                    }
                }
            }
        }
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
        Turn dropped;
        synchronized (turns) {
            dropped = turns.next;
            turns.next = null;
            if (turns.running != null) {
                turns.running.dismissed = true;
                generation = turns.running.generation;
            } else {
                retire(new ChatKey(tenantId, chatId), turns);
            }
        }
        // Outside the lock: completing resumes a waiting REST request, which writes its response.
        if (dropped != null) {
            dropped.done.complete(null);
        }
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
            if (turns.retired || turns.running != null || turns.next == null) {
                return; // already writing (the next turn starts when it ends), or dismissed
            }
            turn = turns.next;
            turns.next = null;
            turns.running = turn;
        }
        try {
            CurrentTenant.run(turn.tenantId, () -> write(turn));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Starting an assistant reply failed", e);
            finish(key, turn, null);
        }
    }

    /** Reads what the reply needs (in short transactions), then lets the assistant write it. */
    private void write(Turn turn) {
        ChatKey key = new ChatKey(turn.tenantId, turn.chat.number());
        Chat chat = chats.get(turn.chat.number());
        Tenant tenant = tenants.find(turn.tenantId).orElse(null);
        if (chat == null || tenant == null || chat.getHandledBy() != HandledBy.assistant
                || "off".equals(tenant.getAssistantMode()) || turn.dismissed) {
            finish(key, turn, null);
            return;
        }
        List<MessageView> history = messages.recent(chat.getId(), Math.max(config.historyMessages(), 1));
        StringBuilder asked = new StringBuilder();
        List<Assistant.Line> lines = new ArrayList<>();
        for (MessageView message : history) {
            if (message.content() == null || message.isDeleted()) {
                continue;
            }
            lines.add(new Assistant.Line(message.role(), message.content()));
            if (turn.messageIds.contains(message.id())) {
                asked.append(asked.isEmpty() ? "" : "\n").append(message.content());
            }
        }
        String question = asked.toString();
        List<KnowledgeBase.Passage> passages = question.isBlank() ? List.of() : knowledge.search(question, 3);
        Long visitor = chats.visitorOf(chat);
        long replyId = messages.reserveId();
        String mode = config.effectiveMode(tenant.getAssistantMode());
        Assistant assistant = "remote".equals(mode) ? remote : builtin;
        String name = AssistantConfig.nameOf(tenant);
        long startedAt = System.nanoTime();
        typing(turn, true);
        AtomicInteger index = new AtomicInteger();
        Assistant.Generation generation;
        try {
            generation = assistant.start(
                    new Assistant.Question(name, tenant.getAssistantInstructions(), lines, question, passages),
                    delta -> streamed(turn, visitor, replyId, index.getAndIncrement(), delta));
        } catch (RuntimeException failure) { // a misconfigured model URL or key, say: the visitor still hears
            LOG.log(Level.ERROR, "Starting an assistant reply failed", failure);
            generation = Assistant.finished(new Assistant.Reply(Assistant.UNAVAILABLE, "error", List.of(),
                    "the reply could not be started: " + failure.getClass().getSimpleName()));
        }
        turn.generation = generation;
        if (turn.dismissed || turn.stopped) {
            generation.cancel(); // taken over or stopped while starting
        }
        generation.reply().whenCompleteAsync((reply, failure) -> CurrentTenant.run(turn.tenantId,
                () -> post(key, turn, name, mode, replyId, startedAt, reply)), executor);
    }

    private void streamed(Turn turn, Long visitor, long replyId, int index, String delta) {
        if (turn.dismissed) {
            return;
        }
        String frame = ServerFrames.messageDelta(turn.chat, replyId, index, delta);
        broker.publish(new Delivery(turn.tenantId, new Delivery.ToChat(turn.chat.number()), frame, false, null)
                .onlyForStreams());
        if (visitor != null) {
            broker.publish(new Delivery(turn.tenantId, new Delivery.ToParticipant(ParticipantType.visitor, visitor),
                    null, false, null).withWidgetFrame(frame).onlyForStreams());
        }
    }

    /** Stores the finished reply, unless a person took over meanwhile; typing ends however it went. */
    private void post(ChatKey key, Turn turn, String name, String mode, long replyId, long startedAt,
                      Assistant.Reply reply) {
        MessageView posted = null;
        try {
            if (reply == null || turn.dismissed
                    || ("cancelled".equals(reply.finishReason()) && reply.content().isBlank())) {
                return;
            }
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
            Message.Draft draft = Message.Draft.text(MessageType.text, fitting(reply.content()),
                    metadata(reply, mode, tookMs));
            try {
                posted = sendOrder.inOrder(turn.tenantId, turn.chat.number(), () -> messages.post(new Messages.Post(
                        Actor.assistant(name), turn.chat.number(), draft, replyId, turn.answeredOverRest))).message();
                limits.countReply(turn.tenantId);
            } catch (Messages.HandedOver handedOver) {
                return; // a person took over while it was being stored
            }
            if ("no_answer".equals(reply.finishReason()) || reply.isFailure()) {
                chats.markNeedsAttention(turn.chat.number());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Posting an assistant reply failed", e);
        } finally {
            try {
                typing(turn, false);
            } finally {
                finish(key, turn, posted);
            }
        }
    }

    /** A reply cut to what a message may hold: a model may write more. */
    static String fitting(String content) {
        return content.length() <= Drafts.MAX_CONTENT ? content : content.substring(0, Drafts.MAX_CONTENT - 1) + "…";
    }

    private static String metadata(Assistant.Reply reply, String mode, long tookMs) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("finish_reason", reply.finishReason());
        List<Map<String, Object>> sources = new ArrayList<>();
        if (!"no_answer".equals(reply.finishReason()) && !reply.isFailure()) { // the entries the reply used
            for (KnowledgeBase.Passage passage : reply.sources()) {
                Map<String, Object> source = new LinkedHashMap<>();
                source.put("id", passage.id());
                source.put("title", passage.title());
                if (passage.url() != null) {
                    source.put("url", passage.url());
                }
                sources.add(source);
            }
        }
        metadata.put("sources", sources);
        metadata.put("processing_time_ms", tookMs);
        metadata.put("assistant", mode);
        if (reply.error() != null) {
            metadata.put("error", reply.error().length() <= 500 ? reply.error() : reply.error().substring(0, 500));
        }
        return Json.write(metadata);
    }

    private void typing(Turn turn, boolean isTyping) {
        broker.publish(new Delivery(turn.tenantId, new Delivery.ToChat(turn.chat.number()),
                ServerFrames.typing(turn.chat, ParticipantType.assistant.name(), 0, isTyping),
                isTyping, null)); // the end of typing is never dropped for a slow client
    }

    /** Ends a turn; the next one, if messages gathered meanwhile, starts now. */
    private void finish(ChatKey key, Turn turn, MessageView reply) {
        turn.done.complete(reply);
        Turns turns = byChat.get(key);
        if (turns == null) {
            return;
        }
        boolean another;
        synchronized (turns) {
            turns.running = null;
            another = turns.next != null;
            if (!another) {
                retire(key, turns); // nothing left: forget the chat until its next message
            }
        }
        if (another) {
            executor.execute(() -> start(key));
        }
    }
}
