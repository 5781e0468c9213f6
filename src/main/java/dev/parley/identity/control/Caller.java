package dev.parley.identity.control;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.UUID;

/**
 * Who sent the current request, resolved once per request by
 * {@link dev.parley.identity.boundary.CallerFilter} from the bearer token or
 * API key. {@code tenantId} is null only for anonymous requests that name no tenant.
 */
public record Caller(UUID tenantId, Kind kind, long id, List<String> groups) {

    public enum Kind { user, customer, api_key, operator, anonymous }

    public static final String REQUEST_ATTRIBUTE = Caller.class.getName();

    /** The platform operator: no tenant, the {@code platform} role. */
    public static Caller operator() {
        return new Caller(null, Kind.operator, 0L, List.of("platform"));
    }

    public static Caller anonymous(UUID tenantId) {
        return new Caller(tenantId, Kind.anonymous, 0L, List.of());
    }

    public static Caller of(HttpServletRequest request) {
        Object caller = request.getAttribute(REQUEST_ATTRIBUTE);
        return caller instanceof Caller c ? c : anonymous(null);
    }

    public void bindTo(HttpServletRequest request) {
        request.setAttribute(REQUEST_ATTRIBUTE, this);
    }

    public boolean isAuthenticated() {
        return kind != Kind.anonymous;
    }

    public boolean hasRole(String role) {
        return groups.contains(role);
    }

}
