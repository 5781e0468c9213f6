package dev.parley.identity.control;

import dev.parley.platform.ApiException;
import dev.parley.cluster.SharedWindows;
import dev.parley.platform.EventWindows;
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
 * clears the account's failures. Counted for the whole deployment ({@link SharedWindows}).
 */
@ApplicationScoped
public class LoginThrottle {

    private final EventWindows failures;
    private final int maxPerAccount;
    private final int maxPerAddress;
    private final Duration window;

    @Inject
    public LoginThrottle(
            @ConfigProperty(name = "parley.login.max-failures-per-account", defaultValue = "10") int maxPerAccount,
            @ConfigProperty(name = "parley.login.max-failures-per-address", defaultValue = "50") int maxPerAddress,
            @ConfigProperty(name = "parley.login.window-seconds", defaultValue = "900") long windowSeconds,
            SharedWindows windows) {
        this(maxPerAccount, maxPerAddress, Duration.ofSeconds(windowSeconds),
                windows.named("logins", Duration.ofSeconds(windowSeconds)));
    }

    /** For CDI's client proxy only. */
    protected LoginThrottle() {
        this(0, 0, Duration.ZERO, (EventWindows) null);
    }

    LoginThrottle(int maxPerAccount, int maxPerAddress, Duration window, Clock clock) {
        this(maxPerAccount, maxPerAddress, window, new SlidingWindows(window, clock));
    }

    private LoginThrottle(int maxPerAccount, int maxPerAddress, Duration window, EventWindows failures) {
        this.maxPerAccount = maxPerAccount;
        this.maxPerAddress = maxPerAddress;
        this.window = window;
        this.failures = failures;
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
