package dev.parley.realtime.boundary;

import dev.parley.chat.control.Actor;
import dev.parley.chat.control.ChatSendOrder;
import dev.parley.chat.control.Chats;
import dev.parley.chat.control.Drafts;
import dev.parley.chat.control.MessageView;
import dev.parley.chat.control.Messages;
import dev.parley.chat.entity.ChatParticipant;
import dev.parley.identity.control.TokenVerifier;
import dev.parley.identity.entity.ParticipantType;
import dev.parley.platform.ApiException;
import dev.parley.realtime.control.Broker;
import dev.parley.realtime.control.Connection;
import dev.parley.realtime.control.ConnectionRegistry;
import dev.parley.realtime.control.Delivery;
import dev.parley.realtime.control.FrameRate;
import dev.parley.realtime.control.RealtimeSettings;
import dev.parley.realtime.control.ServerFrames;
import dev.parley.realtime.control.SocketAuthentication;
import dev.parley.tenant.control.CurrentTenant;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Session;
import java.lang.System.Logger.Level;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The chat protocol of every WebSocket endpoint (docs/protocol.md): the
 * handshake's authentication, each client frame, and the periodic sweep that
 * closes connections which never authenticated, went idle, or whose token
 * expired. Each connection's frames are handled one at a time, in order.
 */
@ApplicationScoped
public class ChatSocket {

    static final String CONNECTION = Connection.class.getName();
    private static final System.Logger LOG = System.getLogger(ChatSocket.class.getName());
    private static final long SWEEP_PERIOD_MS = 1000;
    /** The most messages one join_chat replays; a longer backlog is replayed by joining again. */
    static final int MAX_REPLAY = 500;

    @Inject
    RealtimeSettings settings;

    @Inject
    ConnectionRegistry registry;

    @Inject
    Broker broker;

    @Inject
    SocketAuthentication authentication;

    @Inject
    Chats chats;

    @Inject
    Messages messages;

    @Inject
    ChatSendOrder sendOrder;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    void startSweeping(@Observes @Initialized(ApplicationScoped.class) Object context) {
        scheduler.scheduleWithFixedDelay(this::sweep, SWEEP_PERIOD_MS, SWEEP_PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * A new connection. It authenticates with the handshake's token
     * ({@code ?token=} or an {@code Authorization} header) or, failing that,
     * with an {@code auth} frame within the authentication window.
     */
    public void opened(Session session, ParticipantType pathType) {
        session.setMaxTextMessageBufferSize(settings.maxFrameBytes());
        session.setMaxIdleTimeout(0); // idleness is Parley's sweep's business, not the container's
        Connection connection = new Connection(session, pathType, settings.outgoingQueueFrames(),
                new FrameRate(settings.framesPerSecond(), settings.burst(), System.nanoTime()),
                settings.sendWithPlatformClassLoader(), wantsBatches(session));
        session.getUserProperties().put(CONNECTION, connection);
        registry.opened(connection);
        String token = handshakeToken(session);
        if (token != null) {
            authenticate(connection, token);
            return;
        }
        // Seed 000's dashboards name their tenant and nothing else: never leave them "connected" to nothing.
        String refusal = authentication.refuseWithoutToken(namedTenants(session));
        if (refusal != null) {
            connection.close(CloseCodes.VIOLATED_POLICY, refusal);
        }
    }

    /** {@code ?batch=1}: the client reads several newline-separated JSON objects per frame. */
    private static boolean wantsBatches(Session session) {
        List<String> batch = session.getRequestParameterMap().get("batch");
        return batch != null && (batch.contains("1") || batch.contains("true"));
    }

    private static String handshakeToken(Session session) {
        List<String> query = session.getRequestParameterMap().get("token");
        if (query != null && !query.isEmpty() && !query.get(0).isBlank()) {
            return query.get(0);
        }
        Principal principal = session.getUserPrincipal();
        return principal instanceof JsonWebToken jwt ? jwt.getRawToken() : null;
    }

    private void authenticate(Connection connection, String token) {
        Session session = connection.session();
        try {
            SocketAuthentication.Authenticated who = authentication.authenticate(token, namedTenants(session),
                    connection.pathType());
            if (connection.isAuthenticated()) {
                connection.send(ServerFrames.error("already_authenticated", "This connection is authenticated", "auth"), false);
                return;
            }
            connection.authenticated(who.tenantId(), who.actor(), who.expiresAtMillis());
            // Queued before the connection is reachable, so that connected is always the first frame.
            connection.send(ServerFrames.connected(who.actor().type().name(), who.actor().id(), who.tenantId(),
                    connection.id(), settings.heartbeatIntervalMs()), false);
            registry.authenticated(connection);
        } catch (TokenVerifier.Rejected rejected) {
            connection.close(CloseCodes.VIOLATED_POLICY, rejected.getMessage());
        } catch (RuntimeException failure) {
            LOG.log(Level.WARNING, "Authenticating a WebSocket connection failed", failure);
            connection.close(CloseCodes.UNEXPECTED_CONDITION, "internal error");
        }
    }

    private static List<String> namedTenants(Session session) {
        List<String> named = new ArrayList<>();
        for (String parameter : List.of("tenant_id", "tenant")) {
            List<String> values = session.getRequestParameterMap().get(parameter);
            if (values != null) {
                values.stream().filter(v -> !v.isBlank()).forEach(named::add);
            }
        }
        return named;
    }

    public void received(Session session, String text) {
        Connection connection = (Connection) session.getUserProperties().get(CONNECTION);
        if (connection == null) {
            return;
        }
        connection.received();
        switch (connection.rate().take(System.nanoTime())) {
            case REFUSE -> {
                connection.send(ServerFrames.error("rate_limited",
                        "Too many frames: at most " + settings.framesPerSecond() + " a second", null), false);
                return;
            }
            case CLOSE -> {
                connection.close(CloseCodes.VIOLATED_POLICY, "rate limit exceeded");
                return;
            }
            default -> { }
        }
        if (text.length() > settings.maxFrameBytes()) {
            connection.close(CloseCodes.TOO_BIG, "frame larger than " + settings.maxFrameBytes() + " bytes");
            return;
        }
        ClientFrame frame;
        try {
            frame = ClientFrames.parse(text);
        } catch (ClientFrames.Invalid invalid) {
            connection.send(ServerFrames.error(invalid.code(), invalid.getMessage(), invalid.requestType(),
                    invalid.chatId(), invalid.clientMessageId()), false);
            return;
        }
        if (frame instanceof ClientFrame.Ping) {
            connection.send(ServerFrames.pong(System.currentTimeMillis()), false);
            return;
        }
        if (frame instanceof ClientFrame.Auth auth) {
            authenticate(connection, auth.token());
            return;
        }
        if (!connection.isAuthenticated()) {
            connection.send(ServerFrames.error("authentication_required",
                    "Authenticate first: {\"type\":\"auth\",\"token\":...}", frame.type()), false);
            return;
        }
        try {
            CurrentTenant.run(connection.tenantId(), () -> handle(connection, frame));
        } catch (ApiException refused) {
            connection.send(ServerFrames.error(refused.code(), refused.getMessage(), frame.type(),
                    ClientFrame.chatOf(frame), ClientFrame.clientMessageIdOf(frame)), false);
        } catch (RuntimeException failure) {
            LOG.log(Level.ERROR, "Failed to handle a " + frame.type() + " frame", failure);
            connection.send(ServerFrames.error("internal_error", "Internal error", frame.type(),
                    ClientFrame.chatOf(frame), ClientFrame.clientMessageIdOf(frame)), false);
        }
    }

    private void handle(Connection connection, ClientFrame frame) {
        Actor actor = connection.actor();
        if (frame instanceof ClientFrame.JoinChat join) {
            joinChat(connection, join);
        } else if (frame instanceof ClientFrame.LeaveChat leave) {
            if (registry.leave(connection, leave.chatId())) {
                announce(connection, leave.chatId(), "user_left"); // the participant's last connection there
            }
            connection.send(ServerFrames.chatLeft(leave.chatId()), false);
        } else if (frame instanceof ClientFrame.SendMessage send) {
            var draft = Drafts.of(send.messageType(), send.content(), send.mediaUrl(), send.thumbnailUrl(),
                    send.replyToMessageId(), send.entityRefType(), send.entityRefId(), send.clientMessageId());
            Messages.Sent sent = inOrder(connection, send.chatId(), () -> messages.send(actor, send.chatId(), draft));
            MessageView message = sent.message();
            connection.send(ServerFrames.ack(send.chatId(), message.clientMessageId(), message.id(), message.seq(),
                    sent.duplicate()), false);
        } else if (frame instanceof ClientFrame.Typing typing) {
            if (!connection.joinedChats().contains(typing.chatId())) {
                chats.requireMember(actor, typing.chatId());
            }
            broker.publish(new Delivery(connection.tenantId(), new Delivery.ToChat(typing.chatId()),
                    ServerFrames.typing(typing.chatId(), actor.type().name(), actor.id(), typing.isTyping()),
                    true, connection.id()));
        } else if (frame instanceof ClientFrame.ReadMessage read) {
            messages.readUpTo(actor, read.chatId(), read.messageId());
        } else if (frame instanceof ClientFrame.RefreshToken refresh) {
            refreshToken(connection, refresh.token());
        }
    }

    /**
     * Joins a chat: with {@code since_seq}, every message after it is sent
     * first, in order, then {@code chat_joined}, then live messages. Taking the
     * chat's send order while subscribing and reading the backlog means no
     * message of this instance can slip between the replay and the live ones.
     */
    private void joinChat(Connection connection, ClientFrame.JoinChat join) {
        Actor actor = connection.actor();
        long chatId = join.chatId();
        chats.requireMember(actor, chatId);
        boolean[] participantJoined = {false};
        // At most half the outgoing queue, so a long absence cannot overflow it; the rest comes on request.
        int limit = Math.min(MAX_REPLAY, settings.outgoingQueueFrames() / 2);
        inOrder(connection, chatId, () -> {
            participantJoined[0] = registry.join(connection, chatId);
            int replayed = 0;
            boolean more = false;
            if (join.sinceSeq() != null) {
                long after = join.sinceSeq();
                Messages.Page page;
                do {
                    page = messages.after(actor, chatId, after, Math.min(Messages.MAX_PAGE_SIZE, limit - replayed));
                    for (MessageView message : page.messages()) {
                        connection.send(ServerFrames.message(chatId, message), false);
                        after = message.seq();
                        replayed++;
                    }
                    more = page.hasMore();
                } while (more && replayed < limit && !connection.isClosed());
            }
            connection.send(ServerFrames.chatJoined(chatId, chats.lastSeq(chatId), replayed, more), false);
            return null;
        });
        if (participantJoined[0]) {
            announce(connection, chatId, "user_joined"); // the participant's first connection there
        }
        connection.send(ServerFrames.presence(chatId, online(connection, chatId)), true);
    }

    private List<ServerFrames.Participant> online(Connection connection, long chatId) {
        List<ServerFrames.Participant> online = new ArrayList<>();
        for (ChatParticipant p : chats.participants(chatId)) {
            if (registry.isOnline(connection.tenantId(), p.getParticipantType(), p.getParticipantId())) {
                online.add(new ServerFrames.Participant(p.getParticipantType().name(), p.getParticipantId()));
            }
        }
        return online;
    }

    /**
     * Tells the chat that the connection's participant joined or left; the registry decides
     * which join is a participant's first and which leave its last.
     */
    private void announce(Connection connection, long chatId, String type) {
        Actor actor = connection.actor();
        broker.publish(new Delivery(connection.tenantId(), new Delivery.ToChat(chatId),
                ServerFrames.membership(type, chatId, actor.type().name(), actor.id()), true, connection.id()));
    }

    private void refreshToken(Connection connection, String token) {
        try {
            SocketAuthentication.Authenticated who = authentication.authenticate(token, List.of(),
                    connection.actor().type());
            if (!who.tenantId().equals(connection.tenantId()) || who.actor().id() != connection.actor().id()) {
                connection.send(ServerFrames.error("invalid_token",
                        "The new token belongs to someone else", "refresh_token"), false);
                return;
            }
            connection.tokenRefreshed(who.expiresAtMillis());
            connection.send(ServerFrames.tokenRefreshed(Instant.ofEpochMilli(who.expiresAtMillis())), false);
        } catch (TokenVerifier.Rejected rejected) {
            connection.send(ServerFrames.error("invalid_token", rejected.getMessage(), "refresh_token"), false);
        }
    }

    private <T> T inOrder(Connection connection, long chatId, Supplier<T> work) {
        return sendOrder.inOrder(connection.tenantId(), chatId, work);
    }

    public void closed(Session session, CloseReason reason) {
        Connection connection = (Connection) session.getUserProperties().get(CONNECTION);
        if (connection != null) {
            forget(connection);
        }
    }

    /** Unregisters a connection that ended, once; the others in its chats hear that it left. */
    private void forget(Connection connection) {
        connection.markClosed();
        for (long chatId : registry.closed(connection)) {
            announce(connection, chatId, "user_left");
        }
    }

    public void failed(Session session, Throwable failure) {
        LOG.log(Level.DEBUG, "WebSocket failure: {0}", failure.toString());
    }

    /** Closes what should not stay open: unauthenticated past the window, idle, or with an expired token. */
    void sweep() {
        long now = System.currentTimeMillis();
        for (Connection connection : registry.all()) {
            try {
                if (connection.isClosed()) {
                    forget(connection); // closed without a close event reaching us (dead client, failed send)
                } else if (!connection.isAuthenticated()) {
                    if (now - connection.openedAtMillis() > settings.authTimeoutMs()) {
                        connection.close(CloseCodes.VIOLATED_POLICY, "authentication required");
                    }
                } else if (now - connection.lastReceivedAtMillis() > settings.idleTimeoutMs()) {
                    connection.close(CloseCodes.GOING_AWAY, "idle timeout");
                } else if (now > connection.tokenExpiresAtMillis()) {
                    connection.close(CloseCodes.VIOLATED_POLICY, "token expired");
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Sweeping connection {0} failed: {1}", connection.id(), e.getMessage());
            }
        }
    }
}
