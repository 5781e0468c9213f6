package dev.parley.identity.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parley.platform.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = new LoginThrottle(3, 5, Duration.ofMinutes(15), clock);

    @Test
    void anAccountIsLockedAfterItsLimitUntilTheOldestFailureLeavesTheWindow() {
        for (int i = 0; i < 3; i++) {
            throttle.check("ada", "10.0.0.1");
            throttle.recordFailure("ada", "10.0.0.1");
            clock.advance(Duration.ofMinutes(1));
        }
        ApiException locked = assertThrows(ApiException.class, () -> throttle.check("ada", "10.0.0.2"));
        assertEquals(429, locked.status());
        assertEquals(12 * 60, locked.retryAfterSeconds(), "15 min after the first failure, 3 min ago");

        clock.advance(Duration.ofMinutes(12).plusSeconds(1));
        throttle.check("ada", "10.0.0.1");
    }

    @Test
    void anAddressIsLockedAcrossAccounts() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("account-" + i, "10.0.0.9");
        }
        assertThrows(ApiException.class, () -> throttle.check("someone-else", "10.0.0.9"));
        throttle.check("someone-else", "10.0.0.10");
    }

    @Test
    void successClearsTheAccountsFailures() {
        throttle.recordFailure("bo", "10.0.0.1");
        throttle.recordFailure("bo", "10.0.0.1");
        throttle.recordSuccess("bo");
        throttle.recordFailure("bo", "10.0.0.1");
        throttle.recordFailure("bo", "10.0.0.1");
        throttle.check("bo", "10.0.0.3");
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override public Instant instant() { return now; }
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    }
}
