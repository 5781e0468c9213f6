package dev.parley.cluster;

import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.parley.platform.EventWindows;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;

/**
 * {@link EventWindows} shared by every instance on the grid: one Hazelcast map per kind of limit. A key's
 * events are counted in {@value #SLOTS} time slots of its window (a day's allowance of thousands is a
 * hundred-odd numbers, not a timestamp each), and changed by compare-and-set, so that events counted at
 * once on several instances are all counted. An event counts until its whole slot has left the window:
 * a wait is at most one slot (a sixtieth of the window) longer than an exact one. Entries expire a
 * longest window after their last event. Values are {@code long[]}, which Hazelcast carries itself.
 */
final class GridWindows implements EventWindows {

    static final int SLOTS = 60;
    private static final System.Logger LOG = System.getLogger(GridWindows.class.getName());

    private final IMap<String, long[]> counts;
    private final Clock clock;

    GridWindows(HazelcastInstance hazelcast, String name, Duration longestWindow, Clock clock) {
        String map = "parley.windows." + name;
        try {
            hazelcast.getConfig().addMapConfig(new MapConfig(map)
                    .setTimeToLiveSeconds((int) Math.max(1, Math.min(Integer.MAX_VALUE, longestWindow.toSeconds()))));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Map {0} keeps the expiry another instance gave it: {1}", map, e.toString());
        }
        this.counts = hazelcast.getMap(map);
        this.clock = clock;
    }

    @Override
    public long retryAfter(String key, int max, Duration window) {
        long now = clock.millis();
        return wait(live(counts.get(key), window, now), max, window, now);
    }

    @Override
    public void record(String key, Duration window) {
        change(key, Integer.MAX_VALUE, window);
    }

    @Override
    public long take(String key, int max, Duration window) {
        return change(key, max, window);
    }

    @Override
    public void forget(String key) {
        counts.delete(key);
    }

    /** Counts one event unless the window is full; retries when another instance changed the key meanwhile. */
    private long change(String key, int max, Duration window) {
        while (true) {
            long now = clock.millis();
            long[] stored = counts.get(key);
            long[] live = live(stored, window, now);
            long wait = wait(live, max, window, now);
            if (wait > 0) {
                return wait;
            }
            long[] changed = plusOne(live, now / slotMillis(window));
            boolean written = stored == null ? counts.putIfAbsent(key, changed) == null
                    : counts.replace(key, stored, changed);
            if (written) {
                return 0;
            }
        }
    }

    private static long slotMillis(Duration window) {
        return Math.max(1, window.toMillis() / SLOTS);
    }

    /** The (slot, count) pairs, oldest first, whose slot has not wholly left the window. */
    static long[] live(long[] pairs, Duration window, long now) {
        if (pairs == null) {
            return new long[0];
        }
        long slot = slotMillis(window);
        int from = 0;
        while (from < pairs.length && (pairs[from] + 1) * slot + window.toMillis() <= now) {
            from += 2;
        }
        return java.util.Arrays.copyOfRange(pairs, from, pairs.length);
    }

    /** Seconds until fewer than {@code max} events are in the window, or 0. */
    static long wait(long[] live, int max, Duration window, long now) {
        long total = 0;
        for (int i = 1; i < live.length; i += 2) {
            total += live[i];
        }
        for (int i = 0; i < live.length && total >= max; i += 2) {
            total -= live[i + 1];
            if (total < max) {
                long leaves = (live[i] + 1) * slotMillis(window) + window.toMillis();
                return Math.max(1, (leaves - now + 999) / 1000);
            }
        }
        return 0;
    }

    static long[] plusOne(long[] live, long slot) {
        if (live.length > 0 && live[live.length - 2] == slot) {
            long[] changed = live.clone();
            changed[changed.length - 1]++;
            return changed;
        }
        long[] changed = java.util.Arrays.copyOf(live, live.length + 2);
        changed[live.length] = slot;
        changed[live.length + 1] = 1;
        return changed;
    }
}
