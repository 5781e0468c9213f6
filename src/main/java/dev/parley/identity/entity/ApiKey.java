package dev.parley.identity.entity;

import dev.parley.tenant.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A tenant's server-to-server credential. The whole key is
 * {@code <prefix>_<secret>}; the prefix finds the row, and only the secret's
 * SHA-256 is stored (the key is random and long, so a slow hash buys nothing).
 */
@Entity
@Table(name = "api_keys")
@NamedQuery(name = ApiKey.ALL, query = "select k from ApiKey k where k.revokedAt is null order by k.id")
@NamedQuery(name = ApiKey.BY_PREFIX, query = "select k from ApiKey k where k.prefix = :prefix")
public class ApiKey extends TenantOwned {

    public static final String ALL = "ApiKey.all";
    public static final String BY_PREFIX = "ApiKey.byPrefix";

    @Column(nullable = false)
    private String name;

    @Column(nullable = false, updatable = false)
    private String prefix;

    @Column(name = "secret_hash", nullable = false, updatable = false)
    private String secretHash;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected ApiKey() {
    }

    public ApiKey(String name, String prefix, String secretHash) {
        this.name = name;
        this.prefix = prefix;
        this.secretHash = secretHash;
    }

    public String getName() { return name; }
    public String getPrefix() { return prefix; }
    public String getSecretHash() { return secretHash; }
    public Instant getLastUsedAt() { return lastUsedAt; }
    public void setLastUsedAt(Instant lastUsedAt) { this.lastUsedAt = lastUsedAt; }
    public boolean isRevoked() { return revokedAt != null; }
    public void revoke() { this.revokedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS); }
}
