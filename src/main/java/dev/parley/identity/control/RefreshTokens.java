package dev.parley.identity.control;

import dev.parley.identity.entity.ParticipantType;
import dev.parley.identity.entity.RefreshToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refresh tokens of the current tenant. Each is used once: refreshing revokes
 * it and issues the next, so a stolen token that was already used is worthless.
 */
@ApplicationScoped
@Transactional
public class RefreshTokens {

    @PersistenceContext
    EntityManager em;

    @Inject
    @ConfigProperty(name = "parley.jwt.refresh-token-days", defaultValue = "30")
    long lifetimeDays;

    /** A new refresh token (returned once, stored as a digest). */
    public String issue(ParticipantType type, long participantId) {
        String token = "rt_" + Secrets.random(32);
        em.persist(new RefreshToken(Secrets.sha256(token), type, participantId,
                Instant.now().plus(Duration.ofDays(lifetimeDays))));
        return token;
    }

    /** Revokes {@code token} and answers whose it was, if it was usable. */
    public Optional<RefreshToken> consume(String token) {
        Instant now = Instant.now();
        return em.createNamedQuery(RefreshToken.BY_HASH, RefreshToken.class)
                .setParameter("hash", Secrets.sha256(token))
                .setLockMode(LockModeType.PESSIMISTIC_WRITE) // two concurrent refreshes: one wins
                .getResultStream()
                .findFirst()
                .filter(found -> found.isUsable(now))
                .map(found -> {
                    found.revoke(now);
                    return found;
                });
    }

    /** Revokes every refresh token of a participant (deactivated, or logged out everywhere). */
    public void revokeAll(ParticipantType type, long participantId) {
        em.createNamedQuery(RefreshToken.REVOKE_ALL_OF)
                .setParameter("now", Instant.now())
                .setParameter("type", type)
                .setParameter("id", participantId)
                .executeUpdate();
    }
}
