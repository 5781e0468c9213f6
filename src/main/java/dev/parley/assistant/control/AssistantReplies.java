package dev.parley.assistant.control;

import dev.parley.chat.control.Actor;
import dev.parley.chat.control.MessageWriter;
import dev.parley.chat.control.Chats;
import dev.parley.chat.control.Drafts;
import dev.parley.chat.control.Handovers;
import dev.parley.chat.control.MessageView;
import dev.parley.chat.control.Messages;
import dev.parley.chat.entity.Chat;
import dev.parley.chat.entity.HandledBy;
import dev.parley.chat.entity.Message;
import dev.parley.chat.entity.MessageType;
import dev.parley.identity.control.VisitorLimits;
import dev.parley.identity.entity.ParticipantType;
import dev.parley.metrics.ParleyMetrics;
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
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes one reply of the assistant: reads the conversation, the tenant's
 * settings and the knowledge base's best passages, lets the tenant's
 * assistant (built-in or remote) write, streams its deltas to connections
 * that opted in, and posts the reply through the same {@link Messages#post}
 * as everyone, which refuses it if a person took the chat over meanwhile.
 * Typing starts with the reply and ends however it ends.
 */
@ApplicationScoped
public class AssistantReplies {

    private static final System.Logger LOG = System.getLogger(AssistantReplies.class.getName());

    @Inject
    ParleyMetrics metrics;

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
    Handovers handovers;

    @Inject
    Messages messages;

    @Inject
    MessageWriter writer;

    @Inject
    TenantDirectory tenants;

    @Inject
    VisitorLimits limits;

    @Inject
    Broker broker;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    /**
     * Reads what the reply needs (in short transactions), then lets the assistant write it; with the
     * turn's tenant bound. Completes with the posted reply, or null when none is posted, after typing ended.
     */
    CompletableFuture<MessageView> write(Turn turn) {
        Chat chat = chats.get(turn.chat.number());
        Tenant tenant = tenants.find(turn.tenantId).orElse(null);
        if (chat == null || tenant == null || chat.getHandledBy() != HandledBy.assistant
                || "off".equals(tenant.getAssistantMode()) || turn.dismissed) {
            return CompletableFuture.completedFuture(null);
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
        CompletableFuture<MessageView> posted = new CompletableFuture<>();
        generation.reply().whenCompleteAsync((reply, failure) -> {
            MessageView stored = null;
            try {
                stored = CurrentTenant.call(turn.tenantId, () -> post(turn, name, mode, replyId, startedAt, reply));
            } finally {
                posted.complete(stored);
            }
        }, executor);
        return posted;
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
    private MessageView post(Turn turn, String name, String mode, long replyId, long startedAt,
                             Assistant.Reply reply) {
        MessageView posted = null;
        try {
            long tookNanos = System.nanoTime() - startedAt;
            if (reply != null) {
                metrics.assistantReplied(mode, reply.finishReason(), tookNanos / 1e9);
            }
            if (reply == null || turn.dismissed
                    || ("cancelled".equals(reply.finishReason()) && reply.content().isBlank())) {
                return null;
            }
            long tookMs = TimeUnit.NANOSECONDS.toMillis(tookNanos);
            Message.Draft draft = Message.Draft.text(MessageType.text, fitting(reply.content()),
                    metadata(reply, mode, tookMs));
            try {
                posted = CurrentTenant.call(turn.tenantId, () -> writer.post(new MessageWriter.Post(
                        Actor.assistant(name), turn.chat, draft, replyId, turn.answeredOverRest))).message();
                limits.countReply(turn.tenantId);
            } catch (MessageWriter.HandedOver handedOver) {
                return null; // a person took over while it was being stored
            }
            if ("no_answer".equals(reply.finishReason()) || reply.isFailure()) {
                handovers.markNeedsAttention(turn.chat.number());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Posting an assistant reply failed", e);
        } finally {
            typing(turn, false);
        }
        return posted;
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
}
