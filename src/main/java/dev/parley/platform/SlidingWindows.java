package dev.parley.platform;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link EventWindows} in this instance's memory, exact to the millisecond: what an instance that runs
 * alone uses. Keys whose events have all expired are swept once many are tracked.
 */
public final class SlidingWindows implements EventWindows {

    /** Beyond this many tracked keys, expired ones are swept (at most once a minute). */
    private static final int SWEEP_THRESHOLD = 10_000;

    private final Map<String, Deque<Long>> events = new ConcurrentHashMap<>();
    private final Duration longestWindow;
    private final Clock clock;
    private volatile long lastSweepMillis;

    /** {@code longestWindow}: no key's window is longer, so older events can always be swept. */
    public SlidingWindows(Duration longestWindow, Clock clock) {
        this.longestWindow = longestWindow;
        this.clock = clock;
    }

    @Override
    public long retryAfter(String key, int max, Duration window) {
        Deque<Long> times = events.get(key);
        if (times == null) {
            return 0;
        }
        long now = clock.millis();
        synchronized (times) {
            return wait(times, max, window, now);
        }
    }

    @Override
    public void record(String key, Duration window) {
        long now = clock.millis();
        Deque<Long> times = timesOf(key, now);
        synchronized (times) {
            expire(times, window, now);
            times.addLast(now);
        }
    }

    @Override
    public long take(String key, int max, Duration window) {
        long now = clock.millis();
        Deque<Long> times = timesOf(key, now);
        synchronized (times) {
            long wait = wait(times, max, window, now);
            if (wait == 0) {
                times.addLast(now);
            }
            return wait;
        }
    }

    @Override
    public void forget(String key) {
        events.remove(key);
    }

    private static long wait(Deque<Long> times, int max, Duration window, long now) {
        expire(times, window, now);
        if (times.size() < max) {
            return 0;
        }
        return Math.max(1, (times.peekFirst() + window.toMillis() - now + 999) / 1000);
    }

    private Deque<Long> timesOf(String key, long now) {
        if (events.size() > SWEEP_THRESHOLD && now - lastSweepMillis > 60_000) {
            lastSweepMillis = now;
            events.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    return expire(e.getValue(), longestWindow, now).isEmpty();
                }
            });
        }
        return events.computeIfAbsent(key, k -> new ArrayDeque<>());
    }

    private static Deque<Long> expire(Deque<Long> times, Duration window, long now) {
        while (!times.isEmpty() && times.peekFirst() <= now - window.toMillis()) {
            times.pollFirst();
        }
        return times;
    }
}
