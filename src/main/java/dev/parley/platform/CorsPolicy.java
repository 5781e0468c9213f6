package dev.parley.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which browser origins may call Parley: the configured list, the page's own
 * origin, and every origin only when ops configure {@code *}. REST (through
 * {@link CorsFilter}) and WebSocket upgrades check the same list.
 */
@ApplicationScoped
public class CorsPolicy {

    /** Methods a preflight may ask for. */
    public static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
    /** Headers a browser may read from an answer besides the simple ones. */
    public static final String EXPOSED_HEADERS = "Location, Retry-After, WWW-Authenticate";
    public static final String MAX_AGE_SECONDS = "600";

    private final Set<String> allowedOrigins;
    private final boolean anyOrigin;
    private final Set<String> allowedHeaders;

    /** For CDI's client proxy only. */
    protected CorsPolicy() {
        this(List.of(), List.of());
    }

    @Inject
    public CorsPolicy(
            @ConfigProperty(name = "parley.cors.allowed-origins",
                    defaultValue = "http://localhost:3000,http://127.0.0.1:3000,http://localhost:5173")
            List<String> allowedOrigins,
            @ConfigProperty(name = "parley.cors.allowed-headers",
                    defaultValue = "Authorization,Content-Type,Accept,X-Requested-With,X-Tenant-ID,X-Tenant,Tenant-ID,tenant,X-API-Key,X-Session-ID")
            List<String> allowedHeaders) {
        this.anyOrigin = allowedOrigins.stream().anyMatch(o -> o.trim().equals("*"));
        this.allowedOrigins = allowedOrigins.stream().map(CorsPolicy::normalize).collect(Collectors.toUnmodifiableSet());
        this.allowedHeaders = allowedHeaders.stream().map(h -> h.trim().toLowerCase()).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Whether a request from {@code origin} may be answered to the browser.
     * {@code host} is the request's Host header: a page served by Parley
     * itself (the console, the docs) is always allowed.
     */
    public boolean allows(String origin, String host) {
        if (origin == null) {
            return true; // not a browser cross-origin request
        }
        String normalized = normalize(origin);
        return anyOrigin || allowedOrigins.contains(normalized) || isSameOrigin(normalized, host);
    }

    /** The requested headers a preflight may be granted, or null when one is not allowed. */
    public String grantHeaders(String requested) {
        if (requested == null || requested.isBlank()) {
            return String.join(", ", allowedHeaders);
        }
        for (String header : requested.split(",")) {
            String name = header.trim().toLowerCase();
            if (!name.isEmpty() && !allowedHeaders.contains(name)) {
                return null;
            }
        }
        return requested;
    }

    private static boolean isSameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            String authority = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String normalize(String origin) {
        String trimmed = origin.trim().toLowerCase();
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
