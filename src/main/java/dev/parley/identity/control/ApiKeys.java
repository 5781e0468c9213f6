package dev.parley.identity.control;

import dev.parley.identity.entity.ApiKey;
import dev.parley.identity.entity.Role;
import dev.parley.platform.ApiException;
import dev.parley.tenant.control.CurrentTenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A tenant's API keys: {@code pk_<8 hex>_<43 chars>}. The part before the
 * second underscore is the prefix that finds the key; the whole key is hashed.
 */
@ApplicationScoped
public class ApiKeys {

    private static final String SCHEME = "pk_";

    @PersistenceContext
    EntityManager em;

    @Inject
    CrossTenantLookup lookup;

    /** A key just made, with the only copy of its secret. */
    public record Created(ApiKey key, String secret) {
    }

    @Transactional
    public Created create(String name) {
        String prefix = SCHEME + Secrets.randomHex(4);
        String secret = prefix + "_" + Secrets.random(32);
        ApiKey key = new ApiKey(name, prefix, Secrets.sha256(secret));
        em.persist(key);
        return new Created(key, secret);
    }

    public List<ApiKey> list() {
        return em.createNamedQuery(ApiKey.ALL, ApiKey.class).getResultList();
    }

    @Transactional
    public void revoke(long id) {
        ApiKey key = em.find(ApiKey.class, id);
        if (key == null || key.isRevoked()) {
            throw ApiException.notFound("API key");
        }
        key.revoke();
    }

    /** The caller a presented key stands for, or empty when it is unknown or revoked. */
    public Optional<Caller> authenticate(String presented) {
        int split = presented.indexOf('_', SCHEME.length());
        if (!presented.startsWith(SCHEME) || split < 0) {
            return Optional.empty();
        }
        String prefix = presented.substring(0, split);
        Optional<UUID> tenant = lookup.tenantOfApiKey(prefix);
        if (tenant.isEmpty()) {
            return Optional.empty();
        }
        String hash = Secrets.sha256(presented);
        return CurrentTenant.call(tenant.get(), () -> em.createNamedQuery(ApiKey.BY_PREFIX, ApiKey.class)
                .setParameter("prefix", prefix)
                .getResultStream()
                .filter(key -> !key.isRevoked() && Secrets.sameDigest(key.getSecretHash(), hash))
                .findFirst()
                .map(key -> new Caller(key.getTenantId(), Caller.Kind.api_key, key.getId(), Role.service.groups())));
    }
}
