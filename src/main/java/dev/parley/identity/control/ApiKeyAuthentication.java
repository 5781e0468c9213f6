package dev.parley.identity.control;

import dev.parley.identity.entity.Role;
import dev.parley.tenant.control.CurrentTenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;

/**
 * Finds the caller an {@code X-API-Key} stands for. Not transactional: the
 * tenant is found first, then the key is read as that tenant in its own
 * transaction (a transaction's EntityManager keeps the tenant it opened with).
 */
@ApplicationScoped
public class ApiKeyAuthentication {

    @Inject
    CrossTenantLookup lookup;

    @Inject
    ApiKeys apiKeys;

    /** The caller for {@code presented}, or empty when the key is malformed, unknown or revoked. */
    public Optional<Caller> authenticate(String presented) {
        int split = presented.indexOf('_', ApiKeys.SCHEME.length());
        if (!presented.startsWith(ApiKeys.SCHEME) || split < 0) {
            return Optional.empty();
        }
        String prefix = presented.substring(0, split);
        Optional<UUID> tenant = lookup.tenantOfApiKey(prefix);
        if (tenant.isEmpty()) {
            return Optional.empty();
        }
        String hash = Secrets.sha256(presented);
        return CurrentTenant.call(tenant.get(), () -> apiKeys.findLive(prefix))
                .filter(key -> Secrets.sameDigest(key.getSecretHash(), hash))
                .map(key -> new Caller(key.getTenantId(), Caller.Kind.api_key, key.getId(), Role.service.groups()));
    }
}
