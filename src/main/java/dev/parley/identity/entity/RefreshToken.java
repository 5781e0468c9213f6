package dev.parley.identity.entity;

import dev.parley.tenant.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** A long-lived, single-use credential that buys a new access token. Only its SHA-256 is stored. */
@Entity
@Table(name = "refresh_tokens")
@NamedQuery(name = RefreshToken.BY_HASH, query = "select r from RefreshToken r where r.tokenHash = :hash")
@NamedQuery(name = RefreshToken.REVOKE_ALL_OF, query = "update RefreshToken r set r.revokedAt = :now "
        + "where r.participantType = :type and r.participantId = :id and r.revokedAt is null")
public class RefreshToken extends TenantOwned {

    public static final String BY_HASH = "RefreshToken.byHash";
    public static final String REVOKE_ALL_OF = "RefreshToken.revokeAllOf";

    @Column(name = "token_hash", nullable = false, updatable = false)
    private String tokenHash;

    @Enumerated(EnumType.STRING)
    @Column(name = "participant_type", nullable = false, updatable = false)
    private ParticipantType participantType;

    @Column(name = "participant_id", nullable = false, updatable = false)
    private long participantId;

    @Column(name = "expires_at", nullable = false, updatable = false)
    private Instant expiresAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected RefreshToken() {
    }

    public RefreshToken(String tokenHash, ParticipantType participantType, long participantId, Instant expiresAt) {
        this.tokenHash = tokenHash;
        this.participantType = participantType;
        this.participantId = participantId;
        this.expiresAt = expiresAt;
    }

    public boolean isUsable(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }

    public void revoke(Instant now) {
        revokedAt = now;
    }

    public ParticipantType getParticipantType() { return participantType; }
    public long getParticipantId() { return participantId; }
}
