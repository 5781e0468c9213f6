package dev.parley.identity.control;

import dev.parley.identity.entity.ApiKey;
import dev.parley.identity.entity.Role;
import dev.parley.tenant.control.CurrentTenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Finds the caller an {@code X-API-Key} stands for. Not transactional: the
 * tenant is found first, then the key is read as that tenant in its own
 * transaction (a transaction's EntityManager keeps the tenant it opened with).
 */
@ApplicationScoped
public class ApiKeyAuthentication {

    private static final Duration LAST_USE_PRECISION = Duration.ofMinutes(1);

    @Inject
    CrossTenantLookup lookup;

    @Inject
    ApiKeys apiKeys;

    /** Whether {@code last_used_at} is worth a write: keys are used often, their use is recorded once a minute. */
    private static boolean lastUseIsStale(ApiKey key) {
        return key.getLastUsedAt() == null || key.getLastUsedAt().isBefore(Instant.now().minus(LAST_USE_PRECISION));
    }

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
        Optional<ApiKey> key = CurrentTenant.call(tenant.get(), () -> apiKeys.findLive(prefix))
                .filter(found -> Secrets.sameDigest(found.getSecretHash(), hash));
        key.filter(ApiKeyAuthentication::lastUseIsStale)
                .ifPresent(found -> CurrentTenant.run(tenant.get(), () -> apiKeys.touch(found.getId())));
        return key.map(found -> new Caller(found.getTenantId(), Caller.Kind.api_key, found.getId(),
                Role.service.groups()));
    }
}
