package dev.parley.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rate windows shared by two Hazelcast members on loopback, as two Parley instances share them. */
class GridWindowsTest {

    private static HazelcastInstance first;
    private static HazelcastInstance second;

    @BeforeAll
    static void startGrid() {
        String group = "grid-windows-test-" + System.nanoTime();
        first = Hazelcast.newHazelcastInstance(config(group, 15701));
        second = Hazelcast.newHazelcastInstance(config(group, 15701));
        assertEquals(2, first.getCluster().getMembers().size(), "two members on one grid");
    }

    private static Config config(String group, int port) {
        Config config = new Config().setClusterName(group);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(true);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true)
                .addMember("127.0.0.1:" + port).addMember("127.0.0.1:" + (port + 1));
        return config;
    }

    @AfterAll
    static void stopGrid() {
        if (second != null) {
            second.shutdown();
        }
        if (first != null) {
            first.shutdown();
        }
    }

    @Test
    void eventsTakenAtOnceOnTwoMembersAreAllCountedAndNeverPastTheLimit() throws Exception {
        GridWindows onFirst = new GridWindows(first, "concurrent", Duration.ofHours(1), Clock.systemUTC());
        GridWindows onSecond = new GridWindows(second, "concurrent", Duration.ofHours(1), Clock.systemUTC());
        AtomicInteger taken = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<?>> work = new ArrayList<>();
        for (GridWindows windows : List.of(onFirst, onSecond, onFirst, onSecond)) {
            work.add(threads.submit(() -> {
                for (int i = 0; i < 30; i++) {
                    if (windows.take("key", 50, Duration.ofHours(1)) == 0) {
                        taken.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> future : work) {
            future.get();
        }
        threads.shutdown();
        assertEquals(50, taken.get(), "120 attempts on two members, 50 allowed");
        long wait = onSecond.retryAfter("key", 50, Duration.ofHours(1));
        assertTrue(wait > 3500 && wait <= 3600 + 60, "about an hour, at most one slot more: " + wait);
        onFirst.forget("key");
        assertEquals(0, onSecond.retryAfter("key", 50, Duration.ofHours(1)), "forgotten on every member");
    }

    @Test
    void eventsLeaveTheWindowOnceTheirWholeSlotHasLeftIt() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));
        Duration minute = Duration.ofMinutes(1); // slots of one second
        GridWindows windows = new GridWindows(first, "sliding", minute, clock);
        assertEquals(0, windows.take("visitor", 2, minute));
        clock.advance(Duration.ofMillis(30_500));
        windows.record("visitor", minute);
        assertEquals(31, windows.take("visitor", 2, minute), "the first event's slot leaves at 61 s, 30.5 s from now");
        clock.advance(Duration.ofMillis(30_000));
        assertEquals(1, windows.retryAfter("visitor", 2, minute));
        clock.advance(Duration.ofMillis(500));
        assertEquals(0, windows.take("visitor", 2, minute), "the first event has left the window");
        assertEquals(30, new GridWindows(second, "sliding", minute, clock).retryAfter("visitor", 2, minute),
                "the other member sees the same window");
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public long millis() {
            return now.toEpochMilli();
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
