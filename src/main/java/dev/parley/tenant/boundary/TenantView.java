package dev.parley.tenant.boundary;

import dev.parley.tenant.entity.Tenant;
import java.time.Instant;
import java.util.UUID;

/**
 * A tenant with its settings.
 *
 * <pre>{"id":"3f…","slug":"acme","name":"Acme","status":"active",
 *  "settings":{"anonymous_access":false,"customer_registration":false},"created_at":"…"}</pre>
 */
public record TenantView(UUID id, String slug, String name, String status, Settings settings, Instant createdAt) {

    public record Settings(boolean anonymousAccess, boolean customerRegistration) {
    }

    public static TenantView of(Tenant tenant) {
        return new TenantView(tenant.getId(), tenant.getSlug(), tenant.getName(), tenant.getStatus().name(),
                new Settings(tenant.isAnonymousAccess(), tenant.isCustomerRegistration()), tenant.getCreatedAt());
    }
}
