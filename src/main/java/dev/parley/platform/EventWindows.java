package dev.parley.platform;

import java.time.Duration;

/**
 * Counts events per key within sliding windows: the rate limits of logins, visitors and uploads. One
 * instance keeps them in memory ({@link SlidingWindows}); a cluster shares them on the Domain Data Grid
 * ({@code dev.parley.cluster.GridWindows}), so that spreading attempts over instances gains nothing.
 */
public interface EventWindows {

    /** Seconds until one more event of {@code key} fits ({@code max} within {@code window}), or 0. */
    long retryAfter(String key, int max, Duration window);

    /** Counts one event of {@code key}. */
    void record(String key, Duration window);

    /** Counts one event unless {@code max} within {@code window} are there already; answers the seconds to wait (0: counted). */
    long take(String key, int max, Duration window);

    void forget(String key);
}
