package dev.parley.identity.control;

import dev.parley.identity.entity.ApiKey;
import dev.parley.platform.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * A tenant's API keys: {@code pk_<8 hex>_<43 chars>}. The part before the
 * second underscore is the prefix that finds the key; the whole key is hashed.
 */
@ApplicationScoped
@Transactional
public class ApiKeys {

    static final String SCHEME = "pk_";

    @PersistenceContext
    EntityManager em;

    /** A key just made, with the only copy of its secret. */
    public record Created(ApiKey key, String secret) {
    }

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

    public void revoke(long id) {
        ApiKey key = em.find(ApiKey.class, id);
        if (key == null || key.isRevoked()) {
            throw ApiException.notFound("API key");
        }
        key.revoke();
    }

    /** Records that a key was used (callers do it at most once a minute per key). */
    public void touch(long id) {
        ApiKey key = em.find(ApiKey.class, id);
        if (key != null) {
            key.setLastUsedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        }
    }

    /** The live key with this prefix, if any. */
    public Optional<ApiKey> findLive(String prefix) {
        return em.createNamedQuery(ApiKey.BY_PREFIX, ApiKey.class)
                .setParameter("prefix", prefix)
                .getResultStream()
                .filter(key -> !key.isRevoked())
                .findFirst();
    }
}
