package dev.parley.media.boundary;

import dev.parley.identity.control.Visitors;
import dev.parley.identity.entity.Visitor;
import dev.parley.platform.QueryString;
import dev.parley.tenant.control.CurrentTenant;
import dev.parley.tenant.control.TenantDirectory;
import dev.parley.tenant.entity.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.UUID;

/**
 * The website visitor a request without a token speaks for: its tenant (named by {@code X-Tenant-ID}
 * or {@code ?tenant_id=}) admits anonymous visitors, and its session ({@code X-Session-ID} or
 * {@code ?session_id=}, so that {@code <img>} works) has opened a chat there.
 */
@ApplicationScoped
public class VisitorCallers {

    @Inject
    TenantDirectory tenants;

    @Inject
    Visitors visitors;

    Optional<Visitor> of(HttpServletRequest request, UUID tenantId) {
        String session = request.getHeader("X-Session-ID");
        if (session == null || session.isBlank()) {
            session = QueryString.first(request, "session_id");
        }
        if (tenantId == null || session == null || session.isBlank()
                || !tenants.find(tenantId).map(Tenant::isAnonymousAccess).orElse(false)) {
            return Optional.empty();
        }
        String sessionId = session.strip();
        return CurrentTenant.call(tenantId, () -> visitors.find(sessionId));
    }
}
