package dev.parley.identity.control;

import dev.parley.platform.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Limits failed logins per account and per client address within a sliding
 * window, so passwords cannot be guessed at speed. Checked before the
 * password is, so a locked account cannot be probed further; a success
 * clears the account's failures. Held in memory: each instance limits on its own.
 */
@ApplicationScoped
public class LoginThrottle {

    /** Beyond this many tracked keys, expired ones are swept on the next failure. */
    private static final int SWEEP_THRESHOLD = 10_000;

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final int maxPerAccount;
    private final int maxPerAddress;
    private final Duration window;
    private final Clock clock;

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
        this.clock = clock;
    }

    /** Throws 429 with Retry-After when the account or the address has failed too often. */
    public void check(String account, String address) {
        Instant now = clock.instant();
        long wait = Math.max(retryAfter("account:" + account, maxPerAccount, now),
                retryAfter("address:" + address, maxPerAddress, now));
        if (wait > 0) {
            throw ApiException.tooManyRequests("Too many failed logins; try again later", wait);
        }
    }

    public void recordFailure(String account, String address) {
        Instant now = clock.instant();
        if (failures.size() > SWEEP_THRESHOLD) {
            for (String key : failures.keySet()) {
                failures.computeIfPresent(key, (k, times) -> expire(times, now).isEmpty() ? null : times);
            }
        }
        record("account:" + account, now);
        record("address:" + address, now);
    }

    public void recordSuccess(String account) {
        failures.remove("account:" + account);
    }

    private void record(String key, Instant now) {
        failures.compute(key, (k, times) -> {
            Deque<Instant> list = times == null ? new ArrayDeque<>() : expire(times, now);
            list.addLast(now);
            return list;
        });
    }

    /** Seconds until {@code key} may try again, or 0. */
    private long retryAfter(String key, int max, Instant now) {
        long[] seconds = {0};
        failures.computeIfPresent(key, (k, times) -> {
            expire(times, now);
            if (times.size() >= max) {
                Instant freed = times.peekFirst().plus(window);
                seconds[0] = Math.max(1, Duration.between(now, freed).toSeconds() + 1);
            }
            return times.isEmpty() ? null : times;
        });
        return seconds[0];
    }

    private Deque<Instant> expire(Deque<Instant> times, Instant now) {
        Instant oldest = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
            times.pollFirst();
        }
        return times;
    }
}
