package dev.parley.it;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
class LoginThrottleIT {

    /** parley.login.max-failures-per-account's default. */
    static final int MAX_FAILURES = 10;

    @Test
    void repeatedFailuresLockTheAccountWithRetryAfter() {
        TestTenant tenant = TestTenant.signUp();
        for (int i = 0; i < MAX_FAILURES; i++) {
            Api.Reply failure = Api.post("/api/v1/auth/login", obj("email", tenant.ownerEmail(), "password", "guess " + i));
            assertEquals(401, failure.status(), failure::toString);
        }
        Api.Reply locked = Api.post("/api/v1/auth/login", obj("email", tenant.ownerEmail(), "password", "guess again"));
        assertEquals(429, locked.status(), locked::toString);
        assertEquals("rate_limited", locked.error());
        long retryAfter = Long.parseLong(locked.header("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 901, "Retry-After " + retryAfter);

        Api.Reply rightPassword = Api.post("/api/v1/auth/login",
                obj("email", tenant.ownerEmail(), "password", TestTenant.PASSWORD));
        assertEquals(429, rightPassword.status(), "a locked account cannot be probed further");

        TestTenant other = TestTenant.signUp();
        assertEquals(200, Api.post("/api/v1/auth/login",
                obj("email", other.ownerEmail(), "password", TestTenant.PASSWORD)).status(), "other accounts are unaffected");
    }
}
