package dev.parley.notification.control;

import dev.parley.chat.control.Chats;
import dev.parley.chat.entity.ChatParticipant;
import dev.parley.identity.control.CustomerAccounts;
import dev.parley.identity.control.UserAccounts;
import dev.parley.identity.control.Visitors;
import dev.parley.identity.entity.ParticipantType;
import dev.parley.metrics.ParleyMetrics;
import dev.parley.platform.ApiException;
import dev.parley.platform.Json;
import dev.parley.platform.LogFields;
import dev.parley.realtime.control.Broker;
import dev.parley.realtime.control.Delivery;
import dev.parley.realtime.control.ServerFrames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Publishes events to the live connections of the current tenant as
 * {@code {"type":<event>,"event":<event>,"data":{...}}}.
 */
@ApplicationScoped
public class Notifications implements Broker.CommandHandler {

    public static final Pattern EVENT_NAME = Pattern.compile("[a-z0-9_.-]{1,64}");
    public static final int MAX_DATA_BYTES = 64 * 1024;

    private static final System.Logger LOG = System.getLogger(Notifications.class.getName());

    @Inject
    ParleyMetrics metrics;

    @Inject
    Broker broker;

    @Inject
    Chats chats;

    @Inject
    UserAccounts users;

    @Inject
    CustomerAccounts customers;

    @Inject
    Visitors visitors;

    /** Tenants already reported as having no live connections (until an event reaches one again). */
    private final Set<UUID> reportedEmpty = ConcurrentHashMap.newKeySet();
    private final Map<UUID, Counts> counts = new ConcurrentHashMap<>();

    /** Where an event goes. */
    public sealed interface Target {
        record Tenant() implements Target { }
        record Participant(ParticipantType type, long id) implements Target { }
        record Chat(long chatId) implements Target { }
        record Session(String sessionId) implements Target { }
    }

    /** Events published through this instance for one tenant, and the connections (of all instances) they reached. */
    private static final class Counts {
        final AtomicLong published = new AtomicLong();
        final AtomicLong delivered = new AtomicLong();
    }

    /** Events published for a tenant, and connections reached, since the instances started: the sum of all instances'. */
    public record Totals(long published, long delivered) { }

    /** Publishes {@code event} and answers how many live connections it reached, on every instance. */
    public int publish(UUID tenantId, String event, JsonObject data, Target target) {
        if (event == null || !EVENT_NAME.matcher(event).matches()) {
            throw ApiException.invalidField("event", "1 to 64 of a-z, 0-9, '_', '.', '-'");
        }
        if (data.toString().getBytes(StandardCharsets.UTF_8).length > MAX_DATA_BYTES) {
            throw new ApiException(413, "payload_too_large", "data: at most " + MAX_DATA_BYTES + " bytes");
        }
        String frame = Json.write(new ServerFrames.Event(event, event, data));
        int reached = deliver(tenantId, frame, target);
        Counts tenantCounts = counts.computeIfAbsent(tenantId, t -> new Counts());
        tenantCounts.published.incrementAndGet();
        tenantCounts.delivered.addAndGet(reached);
        metrics.notificationPublished(reached);
        if (target instanceof Target.Tenant) {
            reportIfNobodyListens(tenantId, reached);
        }
        return reached;
    }

    private int deliver(UUID tenantId, String frame, Target target) {
        if (target instanceof Target.Tenant) {
            return broker.publishAndCount(new Delivery(tenantId, new Delivery.ToTenant(), frame, false, null));
        }
        if (target instanceof Target.Participant p) {
            requireAccount(p);
            return toParticipant(tenantId, frame, p.type(), p.id());
        }
        if (target instanceof Target.Chat chat) {
            List<ChatParticipant> members = chats.participants(chat.chatId());
            if (members.isEmpty()) {
                throw ApiException.notFound("Chat");
            }
            int reached = 0;
            for (ChatParticipant member : members) {
                reached += toParticipant(tenantId, frame, member.getParticipantType(), member.getParticipantId());
            }
            return reached;
        }
        Target.Session session = (Target.Session) target;
        // A visitor's widget session: its sockets on any path, the widget's included.
        return visitors.find(session.sessionId())
                .map(visitor -> broker.publishAndCount(new Delivery(tenantId,
                        new Delivery.ToParticipant(ParticipantType.visitor, visitor.getId()), frame, false, null)
                        .withWidgetFrame(frame)))
                .orElse(0);
    }

    private int toParticipant(UUID tenantId, String frame, ParticipantType type, long id) {
        return broker.publishAndCount(new Delivery(tenantId, new Delivery.ToParticipant(type, id), frame, false, null));
    }

    private void requireAccount(Target.Participant p) {
        if (p.type() == ParticipantType.user) {
            users.get(p.id());
        } else {
            customers.get(p.id());
        }
    }

    /** A tenant-wide event that reached no connection on any instance: the tenant has nobody connected. */
    private void reportIfNobodyListens(UUID tenantId, int reached) {
        if (reached > 0) {
            reportedEmpty.remove(tenantId);
        } else if (reportedEmpty.add(tenantId)) {
            LOG.log(Level.WARNING, "Publishing to tenant={0}, which has no live connections: events are not "
                    + "delivered until a client connects (reported once)", tenantId, LogFields.of("tenant", tenantId));
        }
    }

    public Totals totals(UUID tenantId) {
        Map<String, Long> sum = broker.run(Broker.Command.of(Broker.Command.Kind.COUNT_NOTIFICATIONS, tenantId));
        return new Totals(sum.getOrDefault("published", 0L), sum.getOrDefault("delivered", 0L));
    }

    @Override
    public boolean handles(Broker.Command.Kind kind) {
        return kind == Broker.Command.Kind.COUNT_NOTIFICATIONS;
    }

    /** This instance's part of {@link #totals}. */
    @Override
    public Map<String, Long> run(Broker.Command command) {
        Counts tenantCounts = counts.get(command.tenantId());
        return tenantCounts == null ? Map.of()
                : Map.of("published", tenantCounts.published.get(), "delivered", tenantCounts.delivered.get());
    }
}
