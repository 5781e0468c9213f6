package dev.parley.cluster;

import com.hazelcast.replicatedmap.ReplicatedMap;
import dev.parley.chat.control.ChatRef;
import dev.parley.identity.entity.ParticipantType;
import dev.parley.realtime.control.Broker;
import dev.parley.realtime.control.Delivery;
import dev.parley.realtime.control.ServerFrames;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Who is online, and in which chat, on the other instances: a Hazelcast replicated map, so that every
 * read is local. Each instance writes only its own entries, keyed by its member id, when one of its
 * participants comes or goes (its first or last connection, overall or in a chat), on one writer thread:
 * a socket never waits for the grid, and one key's changes keep their order (the registry tells of them
 * under its own locks, which this never blocks). Readers look only at the
 * entries of live members, so an instance that dies leaves presence as soon as the grid drops it
 * (about a second after its process ends; {@code hazelcast.max.no.heartbeat.seconds} for one that
 * hangs); the oldest instance then tells its chats that its participants left, and removes its entries.
 * Without a grid this instance alone is everything, and nothing is written.
 */
@ApplicationScoped
public class GridPresence {

    static final String MAP = "parley.presence";
    private static final System.Logger LOG = System.getLogger(GridPresence.class.getName());

    @Inject
    Grid grid;

    @Inject
    Broker broker;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    /** {@code p|member|tenant|type|id} → "" (online); {@code c|member|tenant|chat|type|id} → the chat as clients name it. */
    private ReplicatedMap<String, String> entries;
    private ExecutorService writer;

    @PostConstruct
    void open() {
        if (!grid.exists()) {
            return;
        }
        entries = grid.hazelcast().getReplicatedMap(MAP);
        writer = Executors.newSingleThreadExecutor(threads);
        grid.onDeparture(member -> writer.execute(() -> tidyAfter(member)));
    }

    @PreDestroy
    void close() {
        if (writer != null) {
            writer.shutdown();
        }
    }

    /** This instance's first connection of a participant opened ({@code on}), or its last closed. */
    public void online(UUID tenantId, ParticipantType type, long id, boolean on) {
        if (entries != null) {
            write(online(grid.me(), tenantId, type, id), on ? "" : null);
        }
    }

    /** This instance's first connection of a participant joined a chat ({@code in}), or its last left. */
    public void inChat(UUID tenantId, ChatRef chat, ParticipantType type, long id, boolean in) {
        if (entries != null) {
            write(inChat(grid.me(), tenantId, chat.number(), type, id), in ? chat.toString() : null);
        }
    }

    /** Whether another live instance has a connection of the participant. */
    public boolean onlineElsewhere(UUID tenantId, ParticipantType type, long id) {
        if (entries == null) {
            return false;
        }
        for (String member : grid.others()) {
            if (entries.containsKey(online(member, tenantId, type, id))) {
                return true;
            }
        }
        return false;
    }

    /** Whether another live instance has a connection of the participant in the chat. */
    public boolean inChatElsewhere(UUID tenantId, long chatId, ParticipantType type, long id) {
        if (entries == null) {
            return false;
        }
        for (String member : grid.others()) {
            if (entries.containsKey(inChat(member, tenantId, chatId, type, id))) {
                return true;
            }
        }
        return false;
    }

    private void write(String key, String value) {
        writer.execute(() -> {
            try {
                if (value == null) {
                    entries.remove(key);
                } else {
                    entries.put(key, value);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Presence not shared with the grid: {0}", e.toString());
            }
        });
    }

    /**
     * After an instance left the grid: the oldest live instance tells each chat that the participants
     * who were there only through it left, and removes its entries.
     */
    private void tidyAfter(String gone) {
        if (!grid.isOldest()) {
            return;
        }
        List<String> keys = new ArrayList<>();
        for (String key : entries.keySet()) {
            if (key.startsWith("p|" + gone + "|") || key.startsWith("c|" + gone + "|")) {
                keys.add(key);
            }
        }
        int left = 0;
        for (String key : keys) {
            String chat = key.startsWith("c|") ? entries.get(key) : null;
            entries.remove(key);
            if (chat != null) {
                String[] part = key.split("\\|");
                UUID tenantId = UUID.fromString(part[2]);
                long chatId = Long.parseLong(part[3]);
                ParticipantType type = ParticipantType.valueOf(part[4]);
                long id = Long.parseLong(part[5]);
                if (!inChatAnywhere(tenantId, chatId, type, id)) {
                    broker.publish(new Delivery(tenantId, new Delivery.ToChat(chatId),
                            ServerFrames.membership("user_left", ChatRef.parse(chat), type.name(), id), true, null));
                    left++;
                }
            }
        }
        LOG.log(Level.INFO, "Instance {0} left: {1} presence entries removed, {2} participants left their chats",
                gone, keys.size(), left);
    }

    private boolean inChatAnywhere(UUID tenantId, long chatId, ParticipantType type, long id) {
        return entries.containsKey(inChat(grid.me(), tenantId, chatId, type, id))
                || inChatElsewhere(tenantId, chatId, type, id);
    }

    private static String online(String member, UUID tenantId, ParticipantType type, long id) {
        return "p|" + member + "|" + tenantId + "|" + type.name() + "|" + id;
    }

    private static String inChat(String member, UUID tenantId, long chatId, ParticipantType type, long id) {
        return "c|" + member + "|" + tenantId + "|" + chatId + "|" + type.name() + "|" + id;
    }
}
