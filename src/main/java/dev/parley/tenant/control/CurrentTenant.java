package dev.parley.tenant.control;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The tenant the current thread works for.
 *
 * <p>Hibernate creates its tenant resolver by reflection, not through CDI, and
 * asynchronous code (WebSocket handlers, async observers) has no request
 * scope, so the tenant travels in a thread-bound holder that whoever starts
 * work for a tenant sets and clears: the REST request filter, the WebSocket
 * handlers and event observers (which carry the tenant in their event).
 */
public final class CurrentTenant {

    /**
     * Bound when no tenant is: a tenant id that no row carries and that the
     * database refuses to store (tenant_id references tenants), so a query made
     * without a tenant sees nothing and an insert fails.
     */
    public static final UUID NONE = new UUID(0L, 0L);

    private static final ThreadLocal<UUID> TENANT = new ThreadLocal<>();

    private CurrentTenant() {
    }

    public static Optional<UUID> get() {
        return Optional.ofNullable(TENANT.get());
    }

    /** The bound tenant, or {@link #NONE}. */
    public static UUID idOrNone() {
        UUID id = TENANT.get();
        return id == null ? NONE : id;
    }

    public static void bind(UUID tenantId) {
        TENANT.set(tenantId);
    }

    public static void clear() {
        TENANT.remove();
    }

    /** Runs {@code work} for {@code tenantId} and restores what was bound before. */
    public static <T> T call(UUID tenantId, Supplier<T> work) {
        UUID previous = TENANT.get();
        TENANT.set(tenantId);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                TENANT.remove();
            } else {
                TENANT.set(previous);
            }
        }
    }

    public static void run(UUID tenantId, Runnable work) {
        call(tenantId, () -> {
            work.run();
            return null;
        });
    }
}
