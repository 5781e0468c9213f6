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

    /** Suspends or resumes a tenant (a platform operator's decision). */
    public Tenant setStatus(UUID tenantId, Tenant.Status status) {
        Tenant tenant = em.find(Tenant.class, tenantId);
        if (tenant == null) {
            throw dev.parley.platform.ApiException.notFound("Tenant");
        }
        tenant.setStatus(status);
        return tenant;
    }

    public java.util.List<Tenant> all() {
        return em.createQuery("select t from Tenant t order by t.createdAt", Tenant.class).getResultList();
    }

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
