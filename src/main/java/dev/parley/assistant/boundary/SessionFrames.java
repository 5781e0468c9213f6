package dev.parley.assistant.boundary;

import dev.parley.assistant.control.Assistant;
import dev.parley.assistant.control.AssistantConfig;
import dev.parley.assistant.control.AssistantSessions;
import dev.parley.assistant.control.AssistantTurns;
import dev.parley.assistant.control.PromptOptimizer;
import dev.parley.assistant.control.PromptTemplates;
import dev.parley.assistant.control.RemoteAssistant;
import dev.parley.assistant.control.TemplateOpportunities;
import dev.parley.chat.control.Actor;
import dev.parley.chat.control.ChatRef;
import dev.parley.chat.control.MessageWriter;
import dev.parley.chat.control.Drafts;
import dev.parley.chat.control.MessageView;
import dev.parley.chat.control.Messages;
import dev.parley.identity.control.TokenVerifier;
import dev.parley.platform.ApiException;
import dev.parley.platform.Json;
import dev.parley.realtime.boundary.ClientFrame;
import dev.parley.realtime.boundary.FrameHandler;
import dev.parley.realtime.boundary.SessionBinding;
import dev.parley.realtime.control.Connection;
import dev.parley.realtime.control.RealtimeSettings;
import dev.parley.realtime.control.ServerFrames;
import dev.parley.tenant.control.CurrentTenant;
import dev.parley.tenant.control.TenantDirectory;
import dev.parley.tenant.entity.Tenant;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Assistant sessions (seed 003's {@code /ws/chat/{sessionId}/}): binds a
 * connection to its caller's session, and answers its frames. A
 * {@code chat_message} is stored, then answered by {@code typing_start}, the
 * reply as {@code message} (or an {@code error} when the assistant failed),
 * and {@code typing_stop}, in that order, always; {@code template_opportunity}
 * may follow. Templates are saved from the conversation; prompts are optimised
 * offline, or by the remote model where the tenant uses one.
 */
@ApplicationScoped
public class SessionFrames implements FrameHandler, SessionBinding {

    private static final System.Logger LOG = System.getLogger(SessionFrames.class.getName());
    static final int TEMPLATE_SUGGESTIONS = 3;
    static final String OPTIMIZER_INSTRUCTIONS = "Rewrite the user's draft into a complete prompt for an AI "
            + "assistant: give it a role, the context, the task, constraints and the output format. Keep the "
            + "user's intent and language. Answer with the rewritten prompt only.";

    @Inject
    AssistantSessions sessions;

    @Inject
    AssistantTurns turns;

    @Inject
    Messages messages;

    @Inject
    MessageWriter writer;

    @Inject
    PromptTemplates templates;

    @Inject
    TenantDirectory tenants;

    @Inject
    AssistantConfig config;

    @Inject
    RemoteAssistant remote;

    @Inject
    RealtimeSettings settings;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    @Override
    public Set<Class<? extends ClientFrame>> handles() {
        return Set.of(ClientFrame.ChatMessage.class, ClientFrame.SaveConversationAsTemplate.class,
                ClientFrame.OptimizePrompt.class);
    }

    @Override
    public String bind(Connection connection) throws TokenVerifier.Rejected {
        AssistantSessions.Session session;
        try {
            session = sessions.open(connection.actor(), connection.assistantSession());
        } catch (AssistantSessions.Foreign foreign) {
            throw new TokenVerifier.Rejected(foreign.getMessage());
        } catch (ApiException invalid) {
            throw new TokenVerifier.Rejected("invalid session id");
        }
        connection.sessionChat(session.chat());
        Actor actor = connection.actor();
        List<SessionFrame.HistoryItem> history = session.history().stream()
                .filter(message -> message.content() != null).map(SessionFrame.HistoryItem::of).toList();
        return Json.write(new SessionFrame.ConnectionAck("connection_ack", connection.assistantSession(),
                session.chat(), actor.type().name(), actor.id(), connection.tenantId(), connection.id(),
                settings.heartbeatIntervalMs(), history));
    }

    @Override
    public void handle(Connection connection, ClientFrame frame) {
        ChatRef chat = connection.sessionChat();
        if (chat == null) {
            throw ApiException.badRequest("not_a_session",
                    "\"" + frame.type() + "\" is for assistant sessions: connect to /ws/chat/{session_id}/");
        }
        if (frame instanceof ClientFrame.ChatMessage message) {
            chatMessage(connection, chat, message);
        } else if (frame instanceof ClientFrame.SaveConversationAsTemplate save) {
            saveAsTemplate(connection, chat, save);
        } else if (frame instanceof ClientFrame.OptimizePrompt optimize) {
            optimize(connection, optimize);
        }
    }

    private void chatMessage(Connection connection, ChatRef chat, ClientFrame.ChatMessage frame) {
        var draft = Drafts.of("text", frame.content(), null, null, null, null, null, frame.messageId());
        MessageWriter.Sent sent = writer.send(connection.actor(), chat, draft);
        if (sent.duplicate()) {
            throw ApiException.conflict("duplicate_message", "This message_id was sent before; its reply is in the history");
        }
        connection.send(typing("typing_start", chat), false);
        UUID tenantId = connection.tenantId();
        turns.answer(tenantId, chat, sent.message().id()).whenCompleteAsync((reply, failure) -> {
            Optional<String> opportunity = Optional.empty();
            try {
                opportunity = CurrentTenant.call(tenantId, () -> replied(connection, chat, frame, reply));
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "Answering an assistant session failed", e);
                connection.send(ServerFrames.error("internal_error", "Internal error", frame.type()), false);
            } finally {
                connection.send(typing("typing_stop", chat), false);
            }
            opportunity.ifPresent(offer -> connection.send(offer, false));
        }, executor);
    }

    /**
     * Sends the reply, or why there is none (typing_stop follows, see chatMessage); answers the template
     * opportunity to send after it, if it is the moment.
     */
    private Optional<String> replied(Connection connection, ChatRef chat, ClientFrame.ChatMessage frame,
                                     MessageView reply) {
        if (reply == null) {
            connection.send(ServerFrames.error("no_reply", "The assistant does not answer this conversation now",
                    frame.type()), false);
            return Optional.empty();
        }
        String finish = reply.finishReason();
        if ("timeout".equals(finish) || "error".equals(finish)) {
            connection.send(ServerFrames.error("assistant_" + finish, reply.content(), frame.type()), false);
            return Optional.empty();
        }
        JsonNumber took = reply.metadata() == null ? null : reply.metadata().getJsonNumber("processing_time_ms");
        connection.send(Json.write(new SessionFrame.Reply("message", reply.id(), frame.messageId(), chat,
                reply.content(), reply.createdAt(), took == null ? null : took.longValue(),
                templates.suggest(frame.content(), TEMPLATE_SUGGESTIONS), finish, reply.metadata())), false);
        List<MessageView> conversation = messages.recent(chat.number(), 200);
        return TemplateOpportunities.after(conversation)
                .filter(suggestion -> TemplateOpportunities.firstQuestion(conversation)
                        .map(first -> templates.suggest(first, 1).isEmpty()).orElse(true))
                .map(suggestion -> Json.write(new SessionFrame.TemplateOpportunity("template_opportunity",
                        new SessionFrame.Opportunity(suggestion.title(), suggestion.category(), suggestion.confidence(),
                                suggestion.reasoning(), suggestion.description()))));
    }

    private void saveAsTemplate(Connection connection, ChatRef chat, ClientFrame.SaveConversationAsTemplate frame) {
        if (frame.title() == null || frame.title().isBlank()) {
            throw ApiException.invalidField("title", "required");
        }
        boolean withReplies = frame.includeAiResponses() == null || frame.includeAiResponses();
        var template = templates.fromConversation(connection.actor(), messages.recent(chat.number(), 200),
                withReplies, frame.title(), frame.category(), frame.description());
        connection.send(Json.write(new SessionFrame.TemplateCreated("template_created",
                TemplatesResource.TemplateView.of(template))), false);
    }

    /** Offline by the optimiser's rules; by the tenant's remote model where it uses one, the rules as fallback. */
    private void optimize(Connection connection, ClientFrame.OptimizePrompt frame) {
        if (frame.content() == null || frame.content().isBlank()) {
            throw ApiException.invalidField("content", "required: the prompt to optimise");
        }
        if (frame.content().length() > Drafts.MAX_CONTENT) {
            throw ApiException.invalidField("content", "at most " + Drafts.MAX_CONTENT + " characters");
        }
        PromptOptimizer.Result offline = PromptOptimizer.optimize(frame.content());
        Tenant tenant = tenants.find(connection.tenantId()).orElseThrow();
        if (!"remote".equals(config.effectiveMode(tenant.getAssistantMode()))) {
            sendOptimized(connection, frame, offline);
            return;
        }
        remote.start(new Assistant.Question(AssistantConfig.nameOf(tenant), OPTIMIZER_INSTRUCTIONS,
                        List.of(new Assistant.Line("user", frame.content())), frame.content(), List.of()), delta -> { })
                .reply().whenCompleteAsync((reply, failure) -> {
                    boolean rewritten = reply != null && "stop".equals(reply.finishReason())
                            && !reply.content().isBlank() && !reply.content().strip().equals(frame.content().strip());
                    sendOptimized(connection, frame, rewritten ? new PromptOptimizer.Result(reply.content().strip(),
                            Math.max(0.3, offline.confidence()), true, offline.added()) : offline);
                }, executor);
    }

    private static void sendOptimized(Connection connection, ClientFrame.OptimizePrompt frame,
                                      PromptOptimizer.Result result) {
        connection.send(Json.write(new SessionFrame.OptimizationResult("optimization_result", frame.messageId(),
                result.optimizedPrompt(), result.confidence(), result.changed(), result.added())), false);
    }

    private static String typing(String type, ChatRef chat) {
        return Json.write(new SessionFrame.Typing(type, chat));
    }
}
