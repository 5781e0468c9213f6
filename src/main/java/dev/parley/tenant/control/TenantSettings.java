package dev.parley.tenant.control;

import dev.parley.tenant.entity.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.UUID;

/** Changes a tenant's name and settings. */
@ApplicationScoped
@Transactional
public class TenantSettings {

    @PersistenceContext
    EntityManager em;

    /** Applies the non-null values. */
    public Tenant update(UUID tenantId, String name, Boolean anonymousAccess, Boolean customerRegistration) {
        Tenant tenant = em.find(Tenant.class, tenantId);
        if (name != null) {
            tenant.setName(name.trim());
        }
        if (anonymousAccess != null) {
            tenant.setAnonymousAccess(anonymousAccess);
        }
        if (customerRegistration != null) {
            tenant.setCustomerRegistration(customerRegistration);
        }
        return tenant;
    }
}
