package dev.parley.tenant.control;

import java.util.UUID;
import org.hibernate.context.spi.CurrentTenantIdentifierResolver;

/**
 * Gives Hibernate the tenant for the {@code @TenantId} discriminator of every
 * entity. Payara opens an EntityManager while deploying, before any tenant is
 * known, so this never throws: it answers {@link CurrentTenant#NONE} instead.
 */
public class TenantIdResolver implements CurrentTenantIdentifierResolver<UUID> {

    @Override
    public UUID resolveCurrentTenantIdentifier() {
        return CurrentTenant.idOrNone();
    }

    @Override
    public boolean validateExistingCurrentSessions() {
        return false;
    }
}
