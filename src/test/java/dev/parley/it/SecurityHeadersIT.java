package dev.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The console runs only its own code and cannot be framed; no answer is sniffed into something else. */
@ExtendWith(ArquillianExtension.class)
class SecurityHeadersIT {

    @Test
    void theConsoleCarriesAContentSecurityPolicyAndRefusesFraming() {
        for (String path : new String[] {"/console/", "/console/console.js"}) {
            Api.Reply page = Api.get(path);
            assertEquals(200, page.status(), path);
            String policy = page.header("Content-Security-Policy");
            assertTrue(policy.contains("script-src 'self'"), path + ": " + policy);
            assertTrue(policy.contains("frame-ancestors 'none'"), path + ": " + policy);
            assertEquals("DENY", page.header("X-Frame-Options"));
            assertEquals("nosniff", page.header("X-Content-Type-Options"));
        }
    }

    @Test
    void everyAnswerIsNosniffIncludingErrors() {
        Api.Reply health = Api.get("/api/v1/health");
        assertEquals("nosniff", health.header("X-Content-Type-Options"));
        assertNull(health.header("Content-Security-Policy"), "the API answers JSON, not pages");
        Api.Reply missing = Api.get("/api/v1/no-such-thing");
        assertEquals(404, missing.status());
        assertEquals("nosniff", missing.header("X-Content-Type-Options"));
    }
}
