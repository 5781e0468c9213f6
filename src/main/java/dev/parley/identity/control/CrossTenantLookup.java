package dev.parley.identity.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The few look-ups made before the tenant is known: a staff login names only
 * an email, a refresh token and an API key name nothing. Each finds only the
 * tenant, with native SQL (which Hibernate's tenant filter does not touch);
 * the caller then reads the row itself as that tenant, through the filter.
 */
@ApplicationScoped
@Transactional
public class CrossTenantLookup {

    @PersistenceContext
    EntityManager em;

    /** Tenants with an active staff account for {@code email}. */
    public List<UUID> tenantsWithStaffEmail(String email) {
        return em.createNativeQuery("SELECT tenant_id FROM users WHERE lower(email) = lower(?1) AND active", UUID.class)
                .setParameter(1, email)
                .getResultList()
                .stream().map(UUID.class::cast).toList();
    }

    public Optional<UUID> tenantOfRefreshToken(String tokenHash) {
        return single("SELECT tenant_id FROM refresh_tokens WHERE token_hash = ?1", tokenHash);
    }

    public Optional<UUID> tenantOfApiKey(String prefix) {
        return single("SELECT tenant_id FROM api_keys WHERE prefix = ?1", prefix);
    }

    private Optional<UUID> single(String sql, String parameter) {
        return em.createNativeQuery(sql, UUID.class)
                .setParameter(1, parameter)
                .getResultList()
                .stream().map(UUID.class::cast).findFirst();
    }
}
