package dev.parley.tenant.control;

import dev.parley.platform.ApiException;
import dev.parley.tenant.entity.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.UUID;

/**
 * Finds tenants by the names clients use for them: the id or the slug. In a transaction (the caller's,
 * or one of its own): socket threads have none, and an entity manager used outside one can be closed
 * under a concurrent look-up.
 */
@ApplicationScoped
@Transactional
public class TenantDirectory {

    @PersistenceContext
    EntityManager em;

    /** The tenant {@code reference} names (a UUID or a slug), if any. */
    public Optional<Tenant> find(String reference) {
        if (reference == null || reference.isBlank()) {
            return Optional.empty();
        }
        String trimmed = reference.trim();
        UUID id = parseUuid(trimmed);
        if (id != null) {
            return Optional.ofNullable(em.find(Tenant.class, id));
        }
        return em.createNamedQuery(Tenant.BY_SLUG, Tenant.class)
                .setParameter("slug", trimmed)
                .getResultStream()
                .findFirst();
    }

    /**
     * The caller's own tenant when {@code reference} names it; 404 otherwise,
     * whether or not another tenant of that name exists.
     */
    public Tenant requireOwn(String reference, UUID callerTenant) {
        return find(reference)
                .filter(tenant -> tenant.getId().equals(callerTenant))
                .orElseThrow(() -> ApiException.notFound("Tenant"));
    }

    public Optional<Tenant> find(UUID id) {
        return Optional.ofNullable(em.find(Tenant.class, id));
    }

    static UUID parseUuid(String text) {
        if (text.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
