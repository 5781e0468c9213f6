package dev.parley.realtime.control;

import dev.parley.chat.control.Actor;
import dev.parley.identity.control.CustomerAccounts;
import dev.parley.identity.control.TokenVerifier;
import dev.parley.identity.control.UserAccounts;
import dev.parley.identity.control.Visitors;
import dev.parley.identity.entity.ParticipantType;
import dev.parley.identity.entity.Visitor;
import dev.parley.platform.ApiException;
import dev.parley.tenant.control.CurrentTenant;
import dev.parley.tenant.control.TenantDirectory;
import dev.parley.tenant.entity.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

/**
 * Decides who a WebSocket client is from its token, applying the same tenant
 * rule as REST. Every refusal carries the close reason the client will read:
 * {@code invalid token}, {@code token expired}, {@code unknown tenant},
 * {@code tenant mismatch}, {@code tenant suspended}, {@code participant type mismatch}.
 */
@ApplicationScoped
public class SocketAuthentication {

    @Inject
    TokenVerifier verifier;

    @Inject
    TenantDirectory tenants;

    @Inject
    UserAccounts users;

    @Inject
    CustomerAccounts customers;

    @Inject
    Visitors visitors;

    @Inject
    @ConfigProperty(name = "parley.jwt.tenant-claim", defaultValue = "tenant_id")
    String tenantClaim;

    public record Authenticated(UUID tenantId, Actor actor, long expiresAtMillis) {
    }

    /**
     * Why a connection that names tenants but brought no token cannot wait for an
     * {@code auth} frame, or null when it may: a tenant that does not exist, or
     * one that opens nothing to anonymous visitors, is refused at once.
     */
    public String refuseWithoutToken(List<String> namedTenants) {
        for (String named : namedTenants) {
            var tenant = tenants.find(named);
            if (tenant.isEmpty()) {
                return "unknown tenant";
            }
            if (!tenant.get().isAnonymousAccess()) {
                return "authentication required";
            }
        }
        return null;
    }

    /**
     * A visitor of {@code named} (id or slug) with this widget session, where the tenant
     * allows anonymous access. Visitors hold no token, so their connections never expire.
     */
    public Authenticated authenticateVisitor(String named, String sessionId) throws TokenVerifier.Rejected {
        Tenant tenant = tenants.find(named).orElseThrow(() -> new TokenVerifier.Rejected("unknown tenant"));
        if (!tenant.isActive()) {
            throw new TokenVerifier.Rejected("tenant suspended");
        }
        if (!tenant.isAnonymousAccess()) {
            throw new TokenVerifier.Rejected("authentication required");
        }
        try {
            Visitors.requireSessionId(sessionId, "session_id");
        } catch (ApiException invalid) {
            throw new TokenVerifier.Rejected("invalid session id");
        }
        Visitor visitor = CurrentTenant.call(tenant.getId(), () -> visitors.enter(sessionId, null));
        return new Authenticated(tenant.getId(), Actor.visitor(visitor.getId()),
                Long.MAX_VALUE);
    }

    /**
     * @param namedTenants tenants the client named in the URL or headers: each must be the token's
     * @param pathType     the participant type the URL names, or null
     */
    public Authenticated authenticate(String token, List<String> namedTenants, ParticipantType pathType)
            throws TokenVerifier.Rejected {
        JwtClaims claims = verifier.verify(token);
        try {
            Tenant tenant = tenants.find(claims.getClaimValueAsString(tenantClaim))
                    .orElseThrow(() -> new TokenVerifier.Rejected("unknown tenant"));
            for (String named : namedTenants) {
                if (!tenant.isNamedBy(named)) {
                    throw new TokenVerifier.Rejected(tenants.find(named).isEmpty() ? "unknown tenant" : "tenant mismatch");
                }
            }
            if (!tenant.isActive()) {
                throw new TokenVerifier.Rejected("tenant suspended");
            }
            ParticipantType type = "customer".equals(claims.getClaimValueAsString("participant_type"))
                    ? ParticipantType.customer : ParticipantType.user;
            if (pathType != null && pathType != type) {
                throw new TokenVerifier.Rejected("participant type mismatch");
            }
            long id = Long.parseLong(claims.getSubject());
            Actor actor = CurrentTenant.call(tenant.getId(), () -> account(type, id));
            if (actor == null) {
                throw new TokenVerifier.Rejected("invalid token");
            }
            return new Authenticated(tenant.getId(), actor, claims.getExpirationTime().getValueInMillis());
        } catch (MalformedClaimException | NumberFormatException e) {
            throw new TokenVerifier.Rejected("invalid token");
        }
    }

    /** The active account behind a token's subject, or null. */
    private Actor account(ParticipantType type, long id) {
        try {
            if (type == ParticipantType.user) {
                var user = users.get(id);
                return user.isActive() ? new Actor(type, id, user.getName()) : null;
            }
            var customer = customers.get(id);
            return customer.isActive() ? new Actor(type, id, customer.getName()) : null;
        } catch (ApiException notFound) {
            return null;
        }
    }
}
