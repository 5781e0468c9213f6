package dev.parley.realtime.control;

import dev.parley.identity.entity.ParticipantType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** The live connections of the whole deployment, every instance's: counted, or closed, through the {@link Broker}. */
@ApplicationScoped
public class LiveConnections {

    @Inject
    Broker broker;

    /** A tenant's live authenticated connections by participant type ({@code customer}, {@code user}, ...). */
    public Map<String, Long> countByParticipantType(UUID tenantId) {
        return withEveryType(broker.run(Broker.Command.of(Broker.Command.Kind.COUNT_CONNECTIONS, tenantId)));
    }

    /** Every tenant's live authenticated connections by participant type; tenants without any are absent. */
    public Map<UUID, Map<String, Long>> countAll() {
        Map<UUID, Map<String, Long>> byTenant = new HashMap<>();
        broker.run(Broker.Command.of(Broker.Command.Kind.COUNT_CONNECTIONS, null)).forEach((key, count) -> {
            int colon = key.indexOf(':');
            byTenant.computeIfAbsent(UUID.fromString(key.substring(0, colon)), t -> new HashMap<>())
                    .merge(key.substring(colon + 1), count, Long::sum);
        });
        return byTenant;
    }

    /** Closes every connection of a tenant with 1008 and {@code reason}; answers how many. */
    public long closeTenant(UUID tenantId, String reason) {
        return broker.run(new Broker.Command(Broker.Command.Kind.CLOSE_TENANT, tenantId, reason))
                .getOrDefault("closed", 0L);
    }

    /** Closes the connections of a tenant's anonymous visitors with 1008 and {@code reason}; answers how many. */
    public long closeVisitors(UUID tenantId, String reason) {
        return broker.run(new Broker.Command(Broker.Command.Kind.CLOSE_VISITORS, tenantId, reason))
                .getOrDefault("closed", 0L);
    }

    /** Every type that connects, in name order, 0 where none is connected. */
    public static Map<String, Long> withEveryType(Map<String, Long> counts) {
        Map<String, Long> all = new TreeMap<>();
        for (ParticipantType type : ParticipantType.values()) {
            if (type.connects()) {
                all.put(type.name(), counts.getOrDefault(type.name(), 0L));
            }
        }
        return all;
    }

    public static long total(Map<String, Long> byParticipantType) {
        return byParticipantType.values().stream().mapToLong(Long::longValue).sum();
    }
}
