package dev.parley.realtime.control;

import dev.parley.chat.control.Actor;
import dev.parley.chat.control.Presence;
import dev.parley.identity.entity.ParticipantType;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's live connections, indexed by chat and by participant, both
 * within their tenant: a delivery reaches only connections of its own tenant.
 */
@ApplicationScoped
public class ConnectionRegistry implements Presence {

    private static final System.Logger LOG = System.getLogger(ConnectionRegistry.class.getName());

    record ChatKey(UUID tenantId, long chatId) {
    }

    record ParticipantKey(UUID tenantId, ParticipantType type, long id) {
    }

    private final Map<String, Connection> open = new ConcurrentHashMap<>();
    private final Map<ChatKey, Set<Connection>> byChat = new ConcurrentHashMap<>();
    private final Map<ParticipantKey, Set<Connection>> byParticipant = new ConcurrentHashMap<>();
    private final Map<UUID, Set<Connection>> byTenant = new ConcurrentHashMap<>();

    public void opened(Connection connection) {
        open.put(connection.id(), connection);
    }

    public void authenticated(Connection connection) {
        Actor actor = connection.actor();
        ParticipantKey key = new ParticipantKey(connection.tenantId(), actor.type(), actor.id());
        add(byParticipant, key, connection);
        add(byTenant, connection.tenantId(), connection);
        if (!open.containsKey(connection.id())) {
            remove(byParticipant, key, connection); // it closed while authenticating
            remove(byTenant, connection.tenantId(), connection);
            return;
        }
        int total = count(connection.tenantId());
        LOG.log(Level.INFO, "WS connected: tenant={0} total={1} participant={2}:{3} connection={4}",
                connection.tenantId(), total, actor.type(), actor.id(), connection.id());
    }

    /** Forgets a connection; answers the chats its participant has now left (it was their last connection there). */
    public Set<Long> closed(Connection connection) {
        if (open.remove(connection.id()) == null || !connection.isAuthenticated()) {
            return Set.of();
        }
        Set<Long> left = new java.util.HashSet<>();
        for (long chatId : Set.copyOf(connection.joinedChats())) {
            if (leave(connection, chatId)) {
                left.add(chatId);
            }
        }
        Actor actor = connection.actor();
        remove(byParticipant, new ParticipantKey(connection.tenantId(), actor.type(), actor.id()), connection);
        remove(byTenant, connection.tenantId(), connection);
        int total = count(connection.tenantId());
        LOG.log(Level.INFO, "WS disconnected: tenant={0} total={1} participant={2}:{3} connection={4}",
                connection.tenantId(), total, actor.type(), actor.id(), connection.id());
        return left;
    }

    /**
     * Joins a connection to a chat; answers whether its participant just joined, that is,
     * no other connection of theirs was in the chat. Decided atomically with the change.
     */
    public boolean join(Connection connection, long chatId) {
        connection.joinedChats().add(chatId);
        ChatKey key = new ChatKey(connection.tenantId(), chatId);
        boolean[] first = {false};
        byChat.compute(key, (k, set) -> {
            Set<Connection> target = set == null ? ConcurrentHashMap.newKeySet() : set;
            first[0] = target.add(connection) && !hasOtherOfSameParticipant(target, connection);
            return target;
        });
        if (!open.containsKey(connection.id())) {
            remove(byChat, key, connection); // it closed while joining
            return false;
        }
        return first[0];
    }

    /**
     * Takes a connection out of a chat; answers whether its participant just left, that is,
     * it had joined and no other connection of theirs stays. Decided atomically with the change.
     */
    public boolean leave(Connection connection, long chatId) {
        boolean had = connection.joinedChats().remove(chatId);
        boolean[] last = {false};
        byChat.computeIfPresent(new ChatKey(connection.tenantId(), chatId), (k, set) -> {
            last[0] = set.remove(connection) && !hasOtherOfSameParticipant(set, connection);
            return set.isEmpty() ? null : set;
        });
        return had && last[0];
    }

    private static boolean hasOtherOfSameParticipant(Set<Connection> connections, Connection connection) {
        Actor actor = connection.actor();
        for (Connection other : connections) {
            if (other != connection && other.actor().type() == actor.type() && other.actor().id() == actor.id()) {
                return true;
            }
        }
        return false;
    }

    /** Adds within the map's atomic update, so a concurrent removal of an emptied set cannot swallow it. */
    private static <K> void add(Map<K, Set<Connection>> index, K key, Connection connection) {
        index.compute(key, (k, set) -> {
            Set<Connection> target = set == null ? ConcurrentHashMap.newKeySet() : set;
            target.add(connection);
            return target;
        });
    }

    private static <K> void remove(Map<K, Set<Connection>> index, K key, Connection connection) {
        index.computeIfPresent(key, (k, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    /** Hands a frame to every targeted connection's queue; never waits for a client. */
    public int deliver(Delivery delivery) {
        Set<Connection> targets;
        if (delivery.target() instanceof Delivery.ToChat chat) {
            targets = byChat.get(new ChatKey(delivery.tenantId(), chat.chatId()));
        } else if (delivery.target() instanceof Delivery.ToParticipant p) {
            targets = byParticipant.get(new ParticipantKey(delivery.tenantId(), p.type(), p.id()));
        } else {
            targets = byTenant.get(delivery.tenantId()); // ToTenant, ToStaff
        }
        if (targets == null) {
            return 0;
        }
        boolean staffOnly = delivery.target() instanceof Delivery.ToStaff;
        // Tenant-wide events are for the tenant's accounts, never for anonymous visitors.
        boolean accountsOnly = delivery.target() instanceof Delivery.ToTenant;
        int reached = 0;
        for (Connection connection : targets) {
            String frame = delivery.frameFor(connection);
            if (frame == null || connection.id().equals(delivery.skipConnectionId())
                    || (staffOnly && !connection.actor().isStaff())
                    || (accountsOnly && !connection.actor().type().hasAccount())) {
                continue;
            }
            Runnable onSent = delivery.onSent() == null ? null : () -> delivery.onSent().accept(connection);
            if (delivery.seq() > 0 && delivery.target() instanceof Delivery.ToChat chat) {
                connection.sendMessage(chat.chatId(), delivery.seq(), frame, onSent);
            } else {
                connection.send(frame, delivery.droppable(), onSent);
            }
            reached++;
        }
        return reached;
    }

    @Override
    public boolean isOnline(UUID tenantId, ParticipantType type, long participantId) {
        Set<Connection> connections = byParticipant.get(new ParticipantKey(tenantId, type, participantId));
        return connections != null && !connections.isEmpty();
    }

    public Collection<Connection> all() {
        return open.values();
    }

    /** Closes every live connection of a tenant, with {@code reason}; answers how many. */
    public int closeTenant(UUID tenantId, jakarta.websocket.CloseReason.CloseCode code, String reason) {
        return closeWhere(tenantId, connection -> true, code, reason);
    }

    /** Closes the live connections of a tenant's anonymous visitors (it stopped allowing them); answers how many. */
    public int closeVisitors(UUID tenantId, String reason) {
        return closeWhere(tenantId, connection -> connection.actor().type() == ParticipantType.visitor,
                jakarta.websocket.CloseReason.CloseCodes.VIOLATED_POLICY, reason);
    }

    private int closeWhere(UUID tenantId, java.util.function.Predicate<Connection> which,
                           jakarta.websocket.CloseReason.CloseCode code, String reason) {
        Set<Connection> connections = byTenant.get(tenantId);
        if (connections == null) {
            return 0;
        }
        int closed = 0;
        for (Connection connection : Set.copyOf(connections)) {
            if (which.test(connection)) {
                connection.close(code, reason);
                closed++;
            }
        }
        return closed;
    }

    /** Live authenticated connections of a tenant. */
    public int count(UUID tenantId) {
        Set<Connection> connections = byTenant.get(tenantId);
        return connections == null ? 0 : connections.size();
    }

    /** Live authenticated connections of a tenant by participant type ({@code user}, {@code customer}). */
    public Map<String, Integer> countByParticipantType(UUID tenantId) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (ParticipantType type : ParticipantType.values()) {
            if (type.connects()) {
                counts.put(type.name(), 0);
            }
        }
        Set<Connection> connections = byTenant.get(tenantId);
        if (connections != null) {
            for (Connection connection : connections) {
                counts.merge(connection.actor().type().name(), 1, Integer::sum);
            }
        }
        return counts;
    }
}
