package dev.parley.identity.control;

import dev.parley.platform.ApiException;
import dev.parley.platform.SlidingWindows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Limits failed logins per account and per client address within a sliding
 * window, so passwords cannot be guessed at speed. Checked before the
 * password is, so a locked account cannot be probed further; a success
 * clears the account's failures. Held in memory: each instance limits on its own.
 */
@ApplicationScoped
public class LoginThrottle {

    private final SlidingWindows failures;
    private final int maxPerAccount;
    private final int maxPerAddress;
    private final Duration window;

    @Inject
    public LoginThrottle(
            @ConfigProperty(name = "parley.login.max-failures-per-account", defaultValue = "10") int maxPerAccount,
            @ConfigProperty(name = "parley.login.max-failures-per-address", defaultValue = "50") int maxPerAddress,
            @ConfigProperty(name = "parley.login.window-seconds", defaultValue = "900") long windowSeconds) {
        this(maxPerAccount, maxPerAddress, Duration.ofSeconds(windowSeconds), Clock.systemUTC());
    }

    /** For CDI's client proxy only. */
    protected LoginThrottle() {
        this(0, 0, Duration.ZERO, Clock.systemUTC());
    }

    LoginThrottle(int maxPerAccount, int maxPerAddress, Duration window, Clock clock) {
        this.maxPerAccount = maxPerAccount;
        this.maxPerAddress = maxPerAddress;
        this.window = window;
        this.failures = new SlidingWindows(window, clock);
    }

    /** Throws 429 with Retry-After when the account or the address has failed too often. */
    public void check(String account, String address) {
        long wait = Math.max(failures.retryAfter("account:" + account, maxPerAccount, window),
                failures.retryAfter("address:" + address, maxPerAddress, window));
        if (wait > 0) {
            throw ApiException.tooManyRequests("Too many failed logins; try again later", wait);
        }
    }

    public void recordFailure(String account, String address) {
        failures.record("account:" + account, window);
        failures.record("address:" + address, window);
    }

    public void recordSuccess(String account) {
        failures.forget("account:" + account);
    }
}
