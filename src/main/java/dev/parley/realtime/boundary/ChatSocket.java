package dev.parley.realtime.boundary;

import dev.parley.identity.control.TokenVerifier;
import dev.parley.identity.entity.ParticipantType;
import dev.parley.platform.ApiException;
import dev.parley.platform.DatabaseFailures;
import dev.parley.realtime.control.Connection;
import dev.parley.realtime.control.ConnectionEvents;
import dev.parley.realtime.control.ConnectionRegistry;
import dev.parley.realtime.control.FrameRate;
import dev.parley.realtime.control.RealtimeSettings;
import dev.parley.realtime.control.ServerFrames;
import dev.parley.realtime.control.SocketAuthentication;
import dev.parley.tenant.control.CurrentTenant;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
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
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The life of every WebSocket connection (docs/protocol.md): the handshake's
 * authentication (a token, or a visitor's tenant and session), the frames
 * every connection shares (auth, ping, refresh_token), routing the rest to
 * the features through {@link FrameDispatch}, and the periodic sweep that
 * closes connections which never authenticated, went idle, or whose token
 * expired. Each connection's frames are handled one at a time, in order.
 */
@ApplicationScoped
public class ChatSocket {

    static final String CONNECTION = Connection.class.getName();
    /** The frames this class answers itself; {@link FrameDispatch} routes the others. */
    static final Set<Class<?>> OWN_FRAMES = Set.of(ClientFrame.Auth.class, ClientFrame.Ping.class,
            ClientFrame.RefreshToken.class);
    private static final System.Logger LOG = System.getLogger(ChatSocket.class.getName());
    private static final long SWEEP_PERIOD_MS = 1000;

    @Inject
    RealtimeSettings settings;

    @Inject
    ConnectionRegistry registry;

    @Inject
    SocketAuthentication authentication;

    @Inject
    FrameDispatch dispatch;

    @Inject
    SessionBinding sessions;

    @Inject
    ChatFrames chatFrames;

    @Inject
    ConnectionEvents events;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    /** Where frames that waited for a connection's earlier answers are handled ({@link dev.parley.realtime.control.AnswerOrder}). */
    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService later;

    void startSweeping(@Observes @Initialized(ApplicationScoped.class) Object context) {
        scheduler.scheduleWithFixedDelay(this::sweep, SWEEP_PERIOD_MS, SWEEP_PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * A new connection. It authenticates with the handshake's token
     * ({@code ?token=} or an {@code Authorization} header), as a visitor with
     * {@code ?tenant_id=&session_id=} where the tenant allows anonymous access,
     * or with an {@code auth} frame within the authentication window.
     *
     * @param pathType the participant type the URL names, or null
     * @param widget   whether the URL is one of seed 002's widget paths ({@code /api/v1/ws})
     */
    public void opened(Session session, ParticipantType pathType, boolean widget) {
        opened(session, pathType, widget, null);
    }

    /**
     * A new connection on an assistant session's URL ({@code /ws/chat/{sessionId}/}, seed 003): as any
     * other, and anonymous callers name the tenant only ({@code ?tenant_id=}): the session id is theirs.
     */
    public void openedSession(Session session, String sessionId) {
        opened(session, null, false, sessionId);
    }

    private void opened(Session session, ParticipantType pathType, boolean widget, String assistantSession) {
        session.setMaxTextMessageBufferSize(settings.maxFrameBytes());
        session.setMaxIdleTimeout(0); // idleness is Parley's sweep's business, not the container's
        if (settings.ownIdleScheduler()) {
            IdleTimerScheduler.install(session);
        }
        Connection connection = new Connection(session, new Connection.Options(pathType,
                flag(session, "batch"), flag(session, "stream"), widget, assistantSession), settings.outgoingQueueBytes(),
                new FrameRate(settings.framesPerSecond(), settings.burst(), System.nanoTime()),
                settings.sendWithPlatformClassLoader(), events);
        session.getUserProperties().put(CONNECTION, connection);
        registry.opened(connection);
        String token = handshakeToken(session);
        if (token != null) {
            authenticate(connection, token);
            return;
        }
        String sessionId = assistantSession != null ? assistantSession : parameter(session, "session_id");
        List<String> tenants = namedTenants(session);
        if (sessionId != null && !tenants.isEmpty() && pathType == null) {
            authenticateVisitor(connection, tenants.get(0), sessionId);
            return;
        }
        // Seed 000's dashboards name their tenant and nothing else: never leave them "connected" to nothing.
        String refusal = authentication.refuseWithoutToken(tenants);
        if (refusal != null) {
            connection.close(CloseCodes.VIOLATED_POLICY, refusal);
        }
    }

    /** {@code ?batch=1}, {@code ?stream=1}: the client's opt-ins. */
    private static boolean flag(Session session, String name) {
        List<String> values = session.getRequestParameterMap().get(name);
        return values != null && (values.contains("1") || values.contains("true"));
    }

    private static String parameter(Session session, String name) {
        List<String> values = session.getRequestParameterMap().get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
    }

    private static String handshakeToken(Session session) {
        String query = parameter(session, "token");
        if (query != null) {
            return query;
        }
        Principal principal = session.getUserPrincipal();
        return principal instanceof JsonWebToken jwt ? jwt.getRawToken() : null;
    }

    private void authenticate(Connection connection, String token) {
        Session session = connection.session();
        try {
            admit(connection, authentication.authenticate(token, namedTenants(session), connection.pathType()));
        } catch (TokenVerifier.Rejected rejected) {
            connection.close(CloseCodes.VIOLATED_POLICY, rejected.getMessage());
        } catch (RuntimeException failure) {
            closeAfterFailure(connection, "Authenticating a WebSocket connection failed", failure);
        }
    }

    private void authenticateVisitor(Connection connection, String tenant, String sessionId) {
        List<String> named = namedTenants(connection.session());
        if (named.stream().anyMatch(other -> !other.equals(tenant))) {
            connection.close(CloseCodes.VIOLATED_POLICY, "tenant mismatch");
            return;
        }
        try {
            admit(connection, authentication.authenticateVisitor(tenant, sessionId));
        } catch (TokenVerifier.Rejected rejected) {
            connection.close(CloseCodes.VIOLATED_POLICY, rejected.getMessage());
        } catch (RuntimeException failure) {
            closeAfterFailure(connection, "Authenticating a visitor's WebSocket connection failed", failure);
        }
    }

    /** A database outage is passing: the client should come back ({@code 1013}); anything else is ours ({@code 1011}). */
    private static void closeAfterFailure(Connection connection, String what, RuntimeException failure) {
        if (DatabaseFailures.isOutage(failure)) {
            connection.close(CloseCodes.TRY_AGAIN_LATER, "database unavailable");
        } else {
            LOG.log(Level.WARNING, what, failure);
            connection.close(CloseCodes.UNEXPECTED_CONDITION, "internal error");
        }
    }

    /**
     * Makes the connection {@code who}'s; an auth frame repeating the same identity is answered again.
     * An assistant session's connection is bound to its session first, and greeted by it.
     */
    private void admit(Connection connection, SocketAuthentication.Authenticated who) throws TokenVerifier.Rejected {
        if (connection.isAuthenticated()) {
            boolean same = connection.tenantId().equals(who.tenantId()) && connection.actor().equals(who.actor());
            if (same && connection.assistantSession() == null) {
                connection.send(connected(connection), false);
            } else {
                connection.send(ServerFrames.error("already_authenticated", "This connection is authenticated", "auth"),
                        false);
            }
            return;
        }
        connection.authenticated(who.tenantId(), who.actor(), who.expiresAtMillis());
        // Queued before the connection is reachable, so that its greeting is always the first frame.
        if (connection.assistantSession() == null) {
            connection.send(connected(connection), false);
        } else {
            connection.send(bindSession(connection), false);
        }
        registry.authenticated(connection);
        if (connection.sessionChat() != null) {
            chatFrames.joinQuietly(connection, connection.sessionChat()); // streamed replies reach it there
        }
    }

    private String bindSession(Connection connection) throws TokenVerifier.Rejected {
        try {
            return CurrentTenant.call(connection.tenantId(), () -> {
                try {
                    return sessions.bind(connection);
                } catch (TokenVerifier.Rejected refused) {
                    throw new RefusedSession(refused);
                }
            });
        } catch (RefusedSession refused) {
            throw refused.reason;
        }
    }

    /** Carries a refusal out of a tenant-bound call. */
    private static final class RefusedSession extends RuntimeException {
        final TokenVerifier.Rejected reason;

        RefusedSession(TokenVerifier.Rejected reason) {
            super(null, null, false, false);
            this.reason = reason;
        }
    }

    private String connected(Connection connection) {
        return ServerFrames.connected(connection.actor().type().name(), connection.actor().id(),
                connection.tenantId(), connection.id(), settings.heartbeatIntervalMs());
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
        if (connection.isClosing()) {
            return; // read, so that the socket drains before it closes, but no longer answered
        }
        switch (connection.rate().take(System.nanoTime())) {
            case REFUSE -> {
                answerInOrder(connection, () -> connection.send(ServerFrames.error("rate_limited",
                        "Too many frames: at most " + settings.framesPerSecond() + " a second", null), false), false);
                return;
            }
            case CLOSE -> {
                connection.closeWhenQuiet(CloseCodes.VIOLATED_POLICY, "rate limit exceeded");
                return;
            }
            default -> { }
        }
        if (text.length() > settings.maxFrameBytes()) {
            connection.closeWhenQuiet(CloseCodes.TOO_BIG, "frame larger than " + settings.maxFrameBytes() + " bytes");
            return;
        }
        ClientFrame frame;
        try {
            frame = ClientFrames.parse(text);
        } catch (ClientFrames.Invalid invalid) {
            answerInOrder(connection, () -> connection.send(ServerFrames.error(invalid.code(), invalid.getMessage(),
                    invalid.requestType(), invalid.chatId(), invalid.clientMessageId()), false), false);
            return;
        } catch (RuntimeException unreadable) { // whatever else the parser throws: still the client's frame
            answerInOrder(connection, () -> connection.send(ServerFrames.error("invalid_json",
                    "The frame cannot be read", null), false), false);
            return;
        }
        // Messages pipeline (their acks come once committed, in order); other frames wait for those acks.
        answerInOrder(connection, () -> answer(connection, frame), frame instanceof ClientFrame.SendMessage);
    }

    private void answerInOrder(Connection connection, Runnable answering, boolean message) {
        connection.answers().handle(answering, message, later);
    }

    private void answer(Connection connection, ClientFrame frame) {
        if (frame instanceof ClientFrame.Ping) {
            connection.send(ServerFrames.pong(System.currentTimeMillis()), false);
            return;
        }
        if (frame instanceof ClientFrame.Auth auth) {
            if (auth.token() != null) {
                authenticate(connection, auth.token());
            } else if (connection.pathType() == null && connection.assistantSession() == null) {
                authenticateVisitor(connection, auth.tenant(), auth.sessionId());
            } else { // seed 004's staff and customer paths are for accounts
                connection.close(CloseCodes.VIOLATED_POLICY, "authentication required");
            }
            return;
        }
        if (!connection.isAuthenticated()) {
            connection.send(ServerFrames.error("authentication_required",
                    "Authenticate first: {\"type\":\"auth\",\"token\":...}", frame.type()), false);
            return;
        }
        try {
            CurrentTenant.run(connection.tenantId(), () -> handle(connection, frame));
        } catch (RuntimeException failure) {
            connection.send(FrameErrors.answer(failure, frame), false);
        }
    }

    private void handle(Connection connection, ClientFrame frame) {
        if (frame instanceof ClientFrame.RefreshToken refresh) {
            refreshToken(connection, refresh.token());
        } else if (!dispatch.dispatch(connection, frame)) {
            throw ApiException.badRequest("unknown_type", "Nothing answers \"" + frame.type() + "\" frames");
        }
    }

    private void refreshToken(Connection connection, String token) {
        if (!connection.actor().type().hasAccount()) {
            connection.send(ServerFrames.error("invalid_token", "Visitors have no token to refresh",
                    "refresh_token"), false);
            return;
        }
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

    public void closed(Session session, CloseReason reason) {
        Connection connection = (Connection) session.getUserProperties().get(CONNECTION);
        if (connection != null) {
            connection.socketClosed(() -> forget(connection));
        }
    }

    /** Unregisters a connection that ended, once; the others in its chats hear that it left. */
    private void forget(Connection connection) {
        connection.markClosed();
        for (long chatId : registry.closed(connection)) {
            chatFrames.announce(connection, connection.chatRef(chatId), "user_left");
        }
    }

    /** A protocol-level pong (the answer to {@link Connection#ping()}): the client is alive. */
    public void ponged(Session session) {
        Connection connection = (Connection) session.getUserProperties().get(CONNECTION);
        if (connection != null) {
            connection.ponged();
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
                } else if ((connection.speaksWidget() || connection.assistantSession() != null)
                        && now - connection.lastReceivedAtMillis() > settings.idleTimeoutMs() / 2) {
                    // Seed 002's widget and seed 003's component never ping: a protocol ping, which browsers
                    // answer by themselves, tells a live client from a dead one without closing it every idle timeout.
                    connection.ping();
                } else if (now > connection.tokenExpiresAtMillis()) {
                    connection.close(CloseCodes.VIOLATED_POLICY, "token expired");
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Sweeping connection {0} failed: {1}", connection.id(), e.getMessage(),
                        connection.logFields());
            }
        }
    }
}
