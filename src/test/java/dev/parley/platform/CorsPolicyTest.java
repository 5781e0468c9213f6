package dev.parley.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CorsPolicyTest {

    private final CorsPolicy policy = new CorsPolicy(List.of("http://localhost:3000", "https://app.example.com/"),
            List.of("Authorization", "Content-Type", "X-Tenant-ID"));

    @Test
    void listedOriginsTheSameOriginAndNonBrowsersAreAllowed() {
        assertTrue(policy.allows("http://localhost:3000", "parley.example.com"));
        assertTrue(policy.allows("https://APP.example.com", "parley.example.com"), "case and trailing slash do not matter");
        assertTrue(policy.allows("http://parley.example.com:8080", "parley.example.com:8080"), "same origin");
        assertTrue(policy.allows(null, "parley.example.com"), "no Origin: not a cross-origin browser request");
        assertFalse(policy.allows("http://localhost:3001", "parley.example.com"));
        assertFalse(policy.allows("http://evil.example", null));
    }

    @Test
    void starAllowsEveryOrigin() {
        CorsPolicy open = new CorsPolicy(List.of("*"), List.of("Authorization"));
        assertTrue(open.allows("https://anything.example", "parley.example.com"));
    }

    @Test
    void requestedHeadersAreGrantedOnlyWhenAllAreAllowed() {
        assertEquals("authorization, x-tenant-id", policy.grantHeaders("authorization, x-tenant-id"));
        assertNull(policy.grantHeaders("authorization, x-secret"));
        assertEquals(3, policy.grantHeaders(null).split(", ").length);
    }
}
