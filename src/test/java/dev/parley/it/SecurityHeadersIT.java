package dev.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The console and the docs run only their own code; nothing can be framed or sniffed into something else. */
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
    void everyAnswerIsNosniffUnframableAndLoadsNothingIncludingErrors() {
        for (String path : new String[] {"/api/v1/health", "/api/v1/no-such-thing", "/", "/parley.js"}) {
            Api.Reply answer = Api.get(path);
            assertEquals("nosniff", answer.header("X-Content-Type-Options"), path);
            assertEquals("DENY", answer.header("X-Frame-Options"), path);
            String policy = answer.header("Content-Security-Policy");
            assertTrue(policy.startsWith("default-src 'none'") && policy.contains("frame-ancestors 'none'"),
                    path + ": " + policy);
        }
        assertEquals(404, Api.get("/api/v1/no-such-thing").status());
    }

    @Test
    void theApiDocsRunOnlyTheirOwnScripts() {
        Api.Reply docs = Api.get("/docs/");
        assertEquals(200, docs.status());
        String policy = docs.header("Content-Security-Policy");
        assertTrue(policy.contains("script-src 'self'") && !policy.contains("script-src 'self' 'unsafe"), policy);
        assertFalse(docs.body().contains("<script>"), "no inline script");
    }
}
