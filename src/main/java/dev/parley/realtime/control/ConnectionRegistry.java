package dev.parley.realtime.control;

import dev.parley.chat.control.Actor;
import dev.parley.chat.control.Presence;
import dev.parley.identity.entity.ParticipantType;
import dev.parley.cluster.GridPresence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * This instance's live connections, indexed by chat and by participant, both
 * within their tenant: a delivery reaches only connections of its own tenant.
 * It receives what the {@link Broker} brings, and keeps each chat's messages
 * in order ({@link ChatSequencer}). Who is online, and in which chat, is
 * answered for the whole cluster with {@link GridPresence}.
 */
@ApplicationScoped
public class ConnectionRegistry implements Presence, Broker.Receiver, Broker.CommandHandler {

    private static final System.Logger LOG = System.getLogger(ConnectionRegistry.class.getName());

    record ChatKey(UUID tenantId, long chatId) {
    }

    record ParticipantKey(UUID tenantId, ParticipantType type, long id) {
    }

    private final Map<String, Connection> open = new ConcurrentHashMap<>();
    private final Map<ChatKey, Set<Connection>> byChat = new ConcurrentHashMap<>();
    private final Map<ParticipantKey, Set<Connection>> byParticipant = new ConcurrentHashMap<>();
    private final Map<UUID, Set<Connection>> byTenant = new ConcurrentHashMap<>();
    /** The order of each chat's messages here; exactly the chats in {@code byChat}. */
    private final Map<ChatKey, ChatSequencer.Stream> streams = new ConcurrentHashMap<>();

    @Inject
    ChatSequencer sequencer;

    @Inject
    DeliveredStatus statuses;

    @Inject
    GridPresence presence;

    @Inject
    ConnectionEvents events;

    public void opened(Connection connection) {
        open.put(connection.id(), connection);
    }

    public void authenticated(Connection connection) {
        Actor actor = connection.actor();
        ParticipantKey key = new ParticipantKey(connection.tenantId(), actor.type(), actor.id());
        add(byParticipant, key, connection, () -> presence.online(key.tenantId(), key.type(), key.id(), true));
        add(byTenant, connection.tenantId(), connection, null);
        if (!open.containsKey(connection.id())) { // it closed while authenticating
            remove(byParticipant, key, connection, () -> presence.online(key.tenantId(), key.type(), key.id(), false));
            remove(byTenant, connection.tenantId(), connection, null);
            return;
        }
        int total = count(connection.tenantId());
        LOG.log(Level.INFO, "WS connected: tenant={0} total={1} participant={2}:{3} connection={4}",
                connection.tenantId(), total, actor.type(), actor.id(), connection.id(), connection.logFields());
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
        ParticipantKey key = new ParticipantKey(connection.tenantId(), actor.type(), actor.id());
        remove(byParticipant, key, connection, () -> presence.online(key.tenantId(), key.type(), key.id(), false));
        remove(byTenant, connection.tenantId(), connection, null);
        int total = count(connection.tenantId());
        LOG.log(Level.INFO, "WS disconnected: tenant={0} total={1} participant={2}:{3} connection={4}",
                connection.tenantId(), total, actor.type(), actor.id(), connection.id(), connection.logFields());
        return left;
    }

    /**
     * Joins a connection to a chat; answers whether its participant just joined, that is, no other
     * connection of theirs was in the chat, here or on another instance. Decided atomically with the change
     * here. The first connection here reads {@code storedSeq}, the chat's newest stored seq, for its
     * {@link ChatSequencer.Stream}: every message after it reaches the chat's connections here.
     */
    public boolean join(Connection connection, long chatId, LongSupplier storedSeq) {
        connection.joinedChats().add(chatId);
        ChatKey key = new ChatKey(connection.tenantId(), chatId);
        boolean[] first = {false};
        ChatSequencer.Stream[] opened = {null};
        Actor actor = connection.actor();
        byChat.compute(key, (k, set) -> {
            Set<Connection> target = set == null ? ConcurrentHashMap.newKeySet() : set;
            first[0] = target.add(connection) && !hasOtherOfSameParticipant(target, connection);
            if (first[0]) { // told the grid under this lock, so that a leave and a join reach it in their order
                presence.inChat(k.tenantId(), connection.chatRef(chatId), actor.type(), actor.id(), true);
            }
            streams.computeIfAbsent(k, c -> opened[0] = sequencer.open(c.tenantId(), c.chatId()));
            return target;
        });
        if (opened[0] != null) {
            Long stored = null;
            try {
                stored = storedSeq.getAsLong();
            } finally {
                sequencer.opened(opened[0], stored, this::hand);
            }
        }
        if (!open.containsKey(connection.id())) {
            leave(connection, chatId); // it closed while joining
            return false;
        }
        return first[0] && !presence.inChatElsewhere(connection.tenantId(), chatId, actor.type(), actor.id());
    }

    /**
     * Takes a connection out of a chat; answers whether its participant just left, that is, it had joined
     * and no other connection of theirs stays, here or on another instance. Decided atomically with the
     * change here.
     */
    public boolean leave(Connection connection, long chatId) {
        boolean had = connection.joinedChats().remove(chatId);
        boolean[] last = {false};
        Actor actor = connection.actor();
        byChat.computeIfPresent(new ChatKey(connection.tenantId(), chatId), (k, set) -> {
            last[0] = set.remove(connection) && !hasOtherOfSameParticipant(set, connection);
            if (last[0] && had) {
                presence.inChat(k.tenantId(), connection.chatRef(chatId), actor.type(), actor.id(), false);
            }
            if (set.isEmpty()) {
                streams.remove(k);
                return null;
            }
            return set;
        });
        if (!had || !last[0]) {
            return false;
        }
        return !presence.inChatElsewhere(connection.tenantId(), chatId, actor.type(), actor.id());
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

    /**
     * Adds within the map's atomic update, so a concurrent removal of an emptied set cannot swallow it;
     * runs {@code onFirst} (if any) under the same lock when the connection is the key's first.
     */
    private static <K> void add(Map<K, Set<Connection>> index, K key, Connection connection, Runnable onFirst) {
        index.compute(key, (k, set) -> {
            Set<Connection> target = set == null ? ConcurrentHashMap.newKeySet() : set;
            if (target.add(connection) && target.size() == 1 && onFirst != null) {
                onFirst.run();
            }
            return target;
        });
    }

    /** Runs {@code onLast} (if any) under the map's lock when the connection was the key's last. */
    private static <K> void remove(Map<K, Set<Connection>> index, K key, Connection connection, Runnable onLast) {
        index.computeIfPresent(key, (k, set) -> {
            if (set.remove(connection) && set.isEmpty() && onLast != null) {
                onLast.run();
            }
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * Hands a frame to every targeted connection's queue; never waits for a client. A chat's message goes
     * through the chat's {@link ChatSequencer.Stream}, which may hold it for a missing one: it answers 0.
     */
    @Override
    public int deliver(Delivery delivery) {
        if (delivery.seq() > 0 && delivery.target() instanceof Delivery.ToChat chat) {
            ChatSequencer.Stream stream = streams.get(new ChatKey(delivery.tenantId(), chat.chatId()));
            if (stream != null) {
                sequencer.accept(stream, delivery, this::hand);
            }
            return 0;
        }
        return hand(delivery);
    }

    private int hand(Delivery delivery) {
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
        // Reported once per delivery here: the instance that committed the message tells its sender.
        AtomicBoolean reported = delivery.sender() == null ? null : new AtomicBoolean();
        int reached = 0;
        for (Connection connection : targets) {
            String frame = delivery.frameFor(connection);
            if (frame == null || connection.id().equals(delivery.skipConnectionId())
                    || (staffOnly && !connection.actor().isStaff())
                    || (accountsOnly && !connection.actor().type().hasAccount())) {
                continue;
            }
            Runnable onSent = reported == null || delivery.sender().isSender(connection) ? null : () -> {
                if (reported.compareAndSet(false, true)) {
                    statuses.reached(delivery.tenantId(), delivery.sender());
                }
            };
            if (delivery.seq() > 0 && delivery.target() instanceof Delivery.ToChat chat) {
                connection.sendMessage(chat.chatId(), delivery.seq(), frame, onSent);
            } else {
                connection.send(frame, delivery.droppable(), onSent);
            }
            reached++;
        }
        if (delivery.committedAtMicros() > 0 && reached > 0) {
            // One clock read for every connection it was handed to: counting stays off the per-recipient path.
            events.handedOver(Delivery.epochMicros() - delivery.committedAtMicros(), reached);
        }
        return reached;
    }

    /** Fills, from PostgreSQL, each chat here whose messages stayed behind what is stored (a cluster's loss). */
    public void sweepStreams() {
        sequencer.sweep(streams, this::hand);
    }

    @Override
    public boolean isOnline(UUID tenantId, ParticipantType type, long participantId) {
        Set<Connection> connections = byParticipant.get(new ParticipantKey(tenantId, type, participantId));
        return (connections != null && !connections.isEmpty()) || presence.onlineElsewhere(tenantId, type, participantId);
    }

    public Collection<Connection> all() {
        return open.values();
    }

    @Override
    public boolean handles(Broker.Command.Kind kind) {
        return kind != Broker.Command.Kind.COUNT_NOTIFICATIONS;
    }

    /** This instance's part of a command: its connections counted or closed. */
    @Override
    public Map<String, Long> run(Broker.Command command) {
        return switch (command.kind()) {
            case COUNT_CONNECTIONS -> command.tenantId() == null ? countAll() : countByParticipantType(command.tenantId());
            case CLOSE_TENANT -> Map.of("closed", (long) closeWhere(command.tenantId(), connection -> true,
                    CloseReason.CloseCodes.VIOLATED_POLICY, command.reason()));
            case CLOSE_VISITORS -> Map.of("closed", (long) closeWhere(command.tenantId(),
                    connection -> connection.actor().type() == ParticipantType.visitor,
                    CloseReason.CloseCodes.VIOLATED_POLICY, command.reason()));
            case COUNT_NOTIFICATIONS -> Map.of();
        };
    }

    private int closeWhere(UUID tenantId, Predicate<Connection> which, CloseReason.CloseCode code, String reason) {
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

    /** Every tenant's live connections here, as {@code tenant:type} keys. */
    private Map<String, Long> countAll() {
        Map<String, Long> counts = new HashMap<>();
        byTenant.forEach((tenantId, connections) -> {
            for (Connection connection : connections) {
                counts.merge(tenantId + ":" + connection.actor().type().name(), 1L, Long::sum);
            }
        });
        return counts;
    }

    /** Open connections here by participant type; {@code null} counts those not yet authenticated. */
    public Map<ParticipantType, Integer> countByType() {
        Map<ParticipantType, Integer> counts = new HashMap<>();
        for (Connection connection : open.values()) {
            counts.merge(connection.isAuthenticated() ? connection.actor().type() : null, 1, Integer::sum);
        }
        return counts;
    }

    /** Live authenticated connections here, by tenant. */
    public Map<UUID, Integer> countByTenant() {
        Map<UUID, Integer> counts = new HashMap<>();
        byTenant.forEach((tenantId, connections) -> counts.put(tenantId, connections.size()));
        return counts;
    }

    /** Live authenticated connections of a tenant here. */
    public int count(UUID tenantId) {
        Set<Connection> connections = byTenant.get(tenantId);
        return connections == null ? 0 : connections.size();
    }

    /** Live authenticated connections of a tenant here, by participant type ({@link LiveConnections} adds the absent ones). */
    private Map<String, Long> countByParticipantType(UUID tenantId) {
        Map<String, Long> counts = new HashMap<>();
        Set<Connection> connections = byTenant.get(tenantId);
        if (connections != null) {
            for (Connection connection : connections) {
                counts.merge(connection.actor().type().name(), 1L, Long::sum);
            }
        }
        return counts;
    }
}
