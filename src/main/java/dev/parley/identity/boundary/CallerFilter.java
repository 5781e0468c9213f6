package dev.parley.identity.boundary;

import dev.parley.identity.control.ApiKeyAuthentication;
import dev.parley.identity.control.Caller;
import dev.parley.identity.control.Secrets;
import dev.parley.platform.ApiException;
import dev.parley.platform.ErrorResponses;
import dev.parley.platform.QueryString;
import dev.parley.platform.WebSockets;
import dev.parley.tenant.control.CurrentTenant;
import dev.parley.tenant.control.TenantDirectory;
import dev.parley.tenant.entity.Tenant;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Resolves who calls and for which tenant, for every API request, and applies
 * the tenant rule: the tenant is the token's (or the API key's); a tenant
 * named in the request ({@code X-Tenant-ID}, {@code X-Tenant},
 * {@code Tenant-ID}, {@code tenant} headers or the {@code tenant_id} query
 * parameter) must be that tenant, otherwise {@code 403 tenant_mismatch}.
 * A request without credentials may name its tenant and reaches only what the
 * tenant opens to anonymous callers.
 *
 * <p>The tenant is bound to the thread for Hibernate's discriminator for the
 * length of the request, and always cleared after it.
 */
public class CallerFilter extends HttpFilter {

    /** Headers that name a tenant, the canonical one first (seed 002's clients send the others). */
    static final List<String> TENANT_HEADERS = List.of("X-Tenant-ID", "X-Tenant", "Tenant-ID", "tenant");
    static final String TENANT_QUERY_PARAMETER = "tenant_id";

    @Inject
    TenantDirectory tenants;

    @Inject
    ApiKeyAuthentication apiKeys;

    @Inject
    @ConfigProperty(name = "parley.jwt.tenant-claim", defaultValue = "tenant_id")
    String tenantClaim;

    @Inject
    @ConfigProperty(name = "parley.platform.operator-key")
    Optional<String> operatorKey;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (WebSockets.isUpgrade(request) && (path.startsWith("/api/v1/chat/ws/") || path.equals("/api/v1/ws")
                || path.startsWith("/api/v1/ws/"))) {
            chain.doFilter(request, response); // WebSocket handshakes authenticate in the socket (close 1008 on failure)
            return;
        }
        try {
            Caller caller = resolve(request);
            caller.bindTo(request);
            if (caller.tenantId() != null) {
                CurrentTenant.bind(caller.tenantId());
            }
            chain.doFilter(request, response);
        } catch (ApiException refused) {
            ErrorResponses.send(response, refused);
        } finally {
            CurrentTenant.clear();
        }
    }

    private Caller resolve(HttpServletRequest request) {
        if (request.getHeader("X-Platform-Key") != null) {
            return operator(request.getHeader("X-Platform-Key"));
        }
        List<String> named = namedTenants(request);
        Caller caller;
        Tenant tenant;
        if (request.getUserPrincipal() instanceof JsonWebToken token) {
            tenant = tenants.find(claim(token, tenantClaim))
                    .orElseThrow(() -> ApiException.unauthorized("The token names no known tenant"));
            caller = fromToken(token, tenant);
        } else if (request.getHeader("X-API-Key") != null) {
            caller = apiKeys.authenticate(request.getHeader("X-API-Key").trim())
                    .orElseThrow(() -> ApiException.unauthorized("Unknown or revoked API key"));
            tenant = tenants.find(caller.tenantId()).orElseThrow();
        } else {
            if (named.isEmpty()) {
                return Caller.anonymous(null);
            }
            tenant = tenants.find(named.get(0))
                    .orElseThrow(() -> new ApiException(404, "unknown_tenant", "No tenant named " + named.get(0)));
            caller = Caller.anonymous(tenant.getId());
        }
        for (String reference : named) {
            if (!tenant.isNamedBy(reference)) {
                throw ApiException.forbidden("tenant_mismatch",
                        "The request names tenant " + reference + ", which is not the tenant it acts for");
            }
        }
        if (!tenant.isActive()) {
            throw ApiException.forbidden("tenant_suspended", "This tenant is suspended");
        }
        return caller;
    }

    /** The platform operator, who presents the configured operator key; it acts for no tenant. */
    private Caller operator(String presented) {
        String expected = operatorKey.filter(k -> !k.isBlank())
                .orElseThrow(() -> ApiException.unauthorized("No platform operator key is configured"));
        if (!Secrets.sameDigest(Secrets.sha256(expected), Secrets.sha256(presented.trim()))) {
            throw ApiException.unauthorized("Wrong platform operator key");
        }
        return Caller.operator();
    }

    private static Caller fromToken(JsonWebToken token, Tenant tenant) {
        String type = claim(token, "participant_type");
        Caller.Kind kind = "customer".equals(type) ? Caller.Kind.customer : Caller.Kind.user;
        long id;
        try {
            id = Long.parseLong(token.getSubject());
        } catch (NumberFormatException e) {
            id = 0L; // an external identity provider's subject: not a Parley account
        }
        return new Caller(tenant.getId(), kind, id, List.copyOf(groups(token)));
    }

    private static Collection<String> groups(JsonWebToken token) {
        Collection<String> groups = token.getGroups();
        return groups == null ? List.of() : groups;
    }

    /** A claim as text, whether the server hands it over as a JSON value or a Java string. */
    static String claim(JsonWebToken token, String name) {
        Object value = token.getClaim(name);
        if (value instanceof JsonString text) {
            return text.getString();
        }
        if (value == null || value == JsonValue.NULL || value instanceof JsonArray) {
            return null;
        }
        return value.toString();
    }

    /** Every tenant the request names, in headers or the query string. */
    static List<String> namedTenants(HttpServletRequest request) {
        List<String> named = new ArrayList<>();
        for (String header : TENANT_HEADERS) {
            Optional.ofNullable(request.getHeader(header)).map(String::trim).filter(s -> !s.isEmpty())
                    .ifPresent(named::add);
        }
        named.addAll(QueryString.values(request, TENANT_QUERY_PARAMETER));
        return named;
    }
}
