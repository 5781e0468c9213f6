package dev.parley.metrics;

import dev.parley.identity.entity.ParticipantType;
import dev.parley.platform.DatabaseReadiness;
import dev.parley.platform.ErrorResponses;
import dev.parley.platform.ParleyDatabase;
import dev.parley.platform.PoolUse;
import dev.parley.realtime.control.ConnectionEvents;
import dev.parley.realtime.control.ConnectionRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Parley's own series at {@code /metrics?scope=application} (docs/operations.md lists them): every count
 * Parley keeps is kept here. Connections report to it as their {@link ConnectionEvents}; the send path,
 * notifications, the assistant, logins and error answers call it. Counters are {@code LongAdder}s and
 * histograms {@link CumulativeHistogram}s, so counting never waits; gauges read what the connection
 * registry holds when Prometheus scrapes.
 *
 * <p>Labels take only values from small fixed sets, except the tenant of {@code parley_tenant_connections},
 * which is given to the tenants named in {@code parley.metrics.tenants} and to the
 * {@code parley.metrics.top-tenants} with the most connections: ten thousand tenants must not make ten
 * thousand series.
 */
@ApplicationScoped
public class ParleyMetrics implements ConnectionEvents {

    private static final System.Logger LOG = System.getLogger(ParleyMetrics.class.getName());
    /** The most distinct error codes labelled; any further one counts as {@code other} (a model names its own). */
    static final int MAX_ERROR_CODES = 100;
    /** Modes and outcomes of assistant replies ({@code Assistant.Reply}'s finish reasons). */
    static final List<String> ASSISTANT_MODES = List.of("builtin", "remote");
    static final List<String> ASSISTANT_OUTCOMES = List.of("stop", "no_answer", "cancelled", "timeout", "error");

    @Inject
    MetricRegistry registry;

    @Inject
    ConnectionRegistry connections;

    /** Comma-separated tenant ids (Payara's config cannot inject an {@code Optional<List<…>>}). */
    @Inject
    @ConfigProperty(name = "parley.metrics.tenants")
    Optional<String> namedTenants;

    @Inject
    @ConfigProperty(name = "parley.metrics.top-tenants", defaultValue = "10")
    int topTenants;

    @Inject
    @ConfigProperty(name = "parley.metrics.tenant-refresh-seconds", defaultValue = "60")
    long tenantRefreshSeconds;

    @Inject
    @Readiness
    DatabaseReadiness readiness;

    @Inject
    ParleyDatabase database;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    private Counter framesReceived;
    private Counter framesQueued;
    private Counter framesSent;
    private Counter queueDrops;
    private Counter messagesStored;
    private Counter notificationsPublished;
    private Counter notificationsDelivered;
    private Counter loginsFailed;
    private Counter loginsThrottled;
    private Counter poolRefusals;
    private final CumulativeHistogram poolWait = new CumulativeHistogram(CumulativeHistogram.SECONDS);
    private final Map<CloseCause, Counter> closes = new EnumMap<>(CloseCause.class);
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final CumulativeHistogram deliveryLatency = new CumulativeHistogram(CumulativeHistogram.SECONDS);
    /** Per mode and outcome ({@link #key}): its replies and their latency. */
    private final Map<String, AssistantSeries> assistant = new ConcurrentHashMap<>();

    private record AssistantSeries(Counter replies, CumulativeHistogram latency) {
    }
    /** The tenants that have a {@code parley_tenant_connections} series now. */
    private final Set<UUID> labelledTenants = ConcurrentHashMap.newKeySet();
    private ScheduledFuture<?> tenantRefresh;
    private ScheduledFuture<?> readinessCheck;
    /** 1 while the instance is ready (as {@code /health/ready} answers), checked every few seconds. */
    private final AtomicInteger ready = new AtomicInteger();
    /** How often {@code parley_ready} is checked: its check reads from PostgreSQL, which a scrape must not wait for. */
    static final long READINESS_CHECK_SECONDS = 5;

    @PostConstruct
    void register() {
        framesReceived = counter("parley_frames_received", "WebSocket text frames received from clients");
        framesQueued = counter("parley_frames_queued", "Frames put in clients' outgoing queues");
        framesSent = counter("parley_frames_sent", "Frames written to clients (a batched WebSocket frame counts each)");
        queueDrops = counter("parley_queue_drops", "Droppable frames (typing, presence) dropped for clients that fell behind");
        messagesStored = counter("parley_messages_stored", "Chat messages committed to PostgreSQL by this instance");
        notificationsPublished = counter("parley_notifications_published", "Notifications published through this instance");
        notificationsDelivered = counter("parley_notifications_delivered",
                "Connections that notifications published through this instance reached, on every instance");
        loginsFailed = counter("parley_logins_failed", "Logins refused for a wrong email or password");
        loginsThrottled = counter("parley_logins_throttled", "Logins refused because the account or address is locked out");
        Metadata closed = Metadata.builder().withName("parley_connections_closed")
                .withDescription("Connections Parley closed, by reason (too_slow: the client read too slowly)").build();
        for (CloseCause cause : CloseCause.values()) {
            closes.put(cause, registry.counter(closed, new Tag("reason", cause.label())));
        }
        Metadata open = Metadata.builder().withName("parley_connections")
                .withDescription("Open WebSocket connections on this instance, by participant type (pending: not yet authenticated)")
                .build();
        for (ParticipantType type : ParticipantType.values()) {
            if (type != ParticipantType.assistant && type != ParticipantType.system) {
                registry.gauge(open, () -> connections.countByType().getOrDefault(type, 0), new Tag("type", type.name()));
            }
        }
        registry.gauge(open, () -> connections.countByType().getOrDefault(null, 0), new Tag("type", "pending"));
        registry.gauge(Metadata.builder().withName("parley_ready")
                .withDescription("1 while this instance is ready to serve (PostgreSQL answers, schema migrated), else 0")
                .build(), ready::get);
        deliveryLatency.register(registry, "parley_delivery_latency_seconds",
                "Seconds from a chat message's commit to its being handed to a member's connection, per connection");
        ErrorResponses.countWith(code -> error(code, "rest"));
        registerPoolUse();
        for (String mode : ASSISTANT_MODES) {
            for (String outcome : ASSISTANT_OUTCOMES) {
                assistant.put(key(mode, outcome), assistantSeries(mode, outcome));
            }
        }
    }

    /** Starts at deployment, so that the series exist (at zero) before anything happens. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
        refreshTenants();
        tenantRefresh = scheduler.scheduleWithFixedDelay(this::refreshTenants, tenantRefreshSeconds,
                tenantRefreshSeconds, TimeUnit.SECONDS);
        readinessCheck = scheduler.scheduleWithFixedDelay(this::checkReadiness, 0, READINESS_CHECK_SECONDS,
                TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        PoolUse.reportTo(null);
        for (ScheduledFuture<?> task : new ScheduledFuture<?>[] {tenantRefresh, readinessCheck}) {
            if (task != null) {
                task.cancel(false);
            }
        }
    }

    private void registerPoolUse() {
        registry.gauge(Metadata.builder().withName("parley_db_connections_in_use")
                .withDescription("Database connections Parley holds now (the message writer keeps one)").build(),
                PoolUse::inUse);
        if (database.ownPool()) {
            registry.gauge(Metadata.builder().withName("parley_db_connections_max")
                    .withDescription("The most connections Parley's own pool opens").build(),
                    () -> ParleyDatabase.MAX_POOL_SIZE);
        }
        poolWait.register(registry, "parley_db_connection_wait_seconds",
                "Seconds Parley waited for a connection from the pool");
        poolRefusals = counter("parley_db_connections_refused",
                "Requests for a connection the pool refused (none free in time, or PostgreSQL unreachable)");
        PoolUse.reportTo(new PoolUse.Listener() {
            @Override
            public void acquired(long waitNanos) {
                poolWait.observe(waitNanos / 1e9);
            }

            @Override
            public void refused() {
                poolRefusals.inc();
            }
        });
    }

    private Counter counter(String name, String description) {
        return registry.counter(Metadata.builder().withName(name).withDescription(description).build());
    }

    // The send path (ConnectionEvents)

    @Override
    public void received() {
        framesReceived.inc();
    }

    @Override
    public void queued(int frames) {
        framesQueued.inc(frames);
    }

    @Override
    public void sent(int frames) {
        framesSent.inc(frames);
    }

    @Override
    public void dropped() {
        queueDrops.inc();
    }

    @Override
    public void answeredError(String code) {
        error(code, "ws");
    }

    @Override
    public void closed(CloseCause reason) {
        closes.get(reason).inc();
    }

    @Override
    public void handedOver(long micros, int connections) {
        deliveryLatency.observe(Math.max(0, micros) / 1e6, connections);
    }

    // The rest of Parley

    public void messagesStored(int count) {
        messagesStored.inc(count);
    }

    /** A notification published through this instance, and the connections it reached on every instance. */
    public void notificationPublished(long reached) {
        notificationsPublished.inc();
        notificationsDelivered.inc(reached);
    }

    /** An assistant reply that finished with {@code outcome} (a finish reason) after {@code seconds}. */
    public void assistantReplied(String mode, String outcome, double seconds) {
        AssistantSeries series = assistant.get(key(ASSISTANT_MODES.contains(mode) ? mode : "builtin",
                ASSISTANT_OUTCOMES.contains(outcome) ? outcome : "error"));
        series.replies().inc();
        series.latency().observe(seconds);
    }

    /** Registers the series of one of {@link #ASSISTANT_MODES} and {@link #ASSISTANT_OUTCOMES}. */
    private AssistantSeries assistantSeries(String mode, String outcome) {
        Tag[] tags = {new Tag("mode", mode), new Tag("outcome", outcome)};
        CumulativeHistogram latency = new CumulativeHistogram(CumulativeHistogram.SECONDS);
        latency.register(registry, "parley_assistant_latency_seconds",
                "Seconds from a visitor's question to the assistant's finished reply, by mode and outcome", tags);
        return new AssistantSeries(registry.counter(Metadata.builder().withName("parley_assistant_replies")
                .withDescription("Assistant replies by mode and outcome (timeout and error are failures)").build(), tags),
                latency);
    }

    private static String key(String mode, String outcome) {
        return mode + ":" + outcome;
    }

    public void loginFailed() {
        loginsFailed.inc();
    }

    public void loginThrottled() {
        loginsThrottled.inc();
    }

    /** An error answered to a client over {@code via} ({@code rest} or {@code ws}), by its code. */
    public void error(String code, String via) {
        Counter counter = errors.get(via + ":" + code);
        if (counter == null) {
            String label = errors.size() < MAX_ERROR_CODES * 2 ? code : "other";
            counter = errors.computeIfAbsent(via + ":" + label, k -> registry.counter(
                    Metadata.builder().withName("parley_errors")
                            .withDescription("Errors answered to clients, by code and by rest or ws").build(),
                    new Tag("code", label), new Tag("via", via)));
        }
        counter.inc();
    }

    private void checkReadiness() {
        try {
            ready.set(readiness.call().getStatus() == HealthCheckResponse.Status.UP ? 1 : 0);
        } catch (RuntimeException e) {
            ready.set(0);
        }
    }

    // Tenants' connections

    /**
     * Gives {@code parley_tenant_connections} to the named tenants and the top ones by connections here;
     * a tenant keeps its series while it stays among twice the top, so that a tenant at the edge does not
     * come and go at every refresh.
     */
    void refreshTenants() {
        try {
            Map<UUID, Integer> counts = connections.countByTenant();
            Set<UUID> wanted = new HashSet<>();
            for (String name : namedTenants.orElse("").split(",")) {
                if (!name.isBlank()) {
                    parseTenant(name).ifPresent(wanted::add);
                }
            }
            List<UUID> ranked = counts.entrySet().stream()
                    .sorted(Map.Entry.<UUID, Integer>comparingByValue(Comparator.reverseOrder()))
                    .map(Map.Entry::getKey).toList();
            wanted.addAll(ranked.subList(0, Math.min(topTenants, ranked.size())));
            Set<UUID> kept = new HashSet<>(ranked.subList(0, Math.min(2 * topTenants, ranked.size())));
            kept.addAll(wanted);
            for (UUID tenant : Set.copyOf(labelledTenants)) {
                if (!kept.contains(tenant)) {
                    registry.remove(new MetricID("parley_tenant_connections", new Tag("tenant", tenant.toString())));
                    labelledTenants.remove(tenant);
                }
            }
            Metadata tenantConnections = Metadata.builder().withName("parley_tenant_connections")
                    .withDescription("Open connections of a tenant on this instance (named tenants and the busiest)").build();
            for (UUID tenant : wanted) {
                if (labelledTenants.add(tenant)) {
                    registry.gauge(tenantConnections, () -> connections.count(tenant), new Tag("tenant", tenant.toString()));
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Refreshing the tenants with a connections series failed: {0}", e.toString());
        }
    }

    private static Optional<UUID> parseTenant(String name) {
        try {
            return Optional.of(UUID.fromString(name.strip()));
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "parley.metrics.tenants: {0} is not a tenant id", name);
            return Optional.empty();
        }
    }
}
