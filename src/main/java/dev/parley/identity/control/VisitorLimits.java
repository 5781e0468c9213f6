package dev.parley.identity.control;

import dev.parley.platform.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What anonymous visitors may do, in sliding windows: open chats (per client
 * address and hour), send messages (per session and minute), and have the
 * assistant reply (per tenant and day). Over a limit: {@code 429} with
 * {@code Retry-After}, or {@code rate_limited} on a socket. Held in memory:
 * each instance limits on its own.
 */
@ApplicationScoped
public class VisitorLimits {

    private static final int SWEEP_THRESHOLD = 10_000;

    private final Map<String, Deque<Long>> events = new ConcurrentHashMap<>();
    private volatile long lastSweepMillis;

    @Inject
    @ConfigProperty(name = "parley.visitor.chats-per-address-per-hour", defaultValue = "20")
    int chatsPerAddress;

    @Inject
    @ConfigProperty(name = "parley.visitor.messages-per-session-per-minute", defaultValue = "10")
    int messagesPerSession;

    @Inject
    @ConfigProperty(name = "parley.assistant.replies-per-tenant-per-day", defaultValue = "5000")
    int repliesPerTenant;

    public void takeChat(UUID tenantId, String address) {
        take("chat:" + tenantId + ":" + address, chatsPerAddress, Duration.ofHours(1),
                "Too many new chats from this address");
    }

    /** One more message of a visitor (over REST or a socket alike). */
    public void takeMessage(UUID tenantId, long visitorId) {
        take("message:" + tenantId + ":" + visitorId, messagesPerSession, Duration.ofMinutes(1),
                "Too many messages: at most " + messagesPerSession + " a minute");
    }

    /** Refuses (429) when the tenant's assistant has replied its daily allowance; counts nothing. */
    public void checkReplies(UUID tenantId) {
        long wait = retryAfter("reply:" + tenantId, repliesPerTenant, Duration.ofDays(1), System.currentTimeMillis());
        if (wait > 0) {
            throw ApiException.tooManyRequests("The assistant has answered all it may today", wait);
        }
    }

    public void countReply(UUID tenantId) {
        record("reply:" + tenantId, Duration.ofDays(1), System.currentTimeMillis());
    }

    private void take(String key, int max, Duration window, String message) {
        long now = System.currentTimeMillis();
        long wait = retryAfter(key, max, window, now);
        if (wait > 0) {
            throw ApiException.tooManyRequests(message, wait);
        }
        record(key, window, now);
    }

    /** Seconds until one more is allowed, or 0. */
    private long retryAfter(String key, int max, Duration window, long now) {
        Deque<Long> times = events.get(key);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            expire(times, window, now);
            if (times.size() < max) {
                return 0;
            }
            return Math.max(1, (times.peekFirst() + window.toMillis() - now + 999) / 1000);
        }
    }

    private void record(String key, Duration window, long now) {
        if (events.size() > SWEEP_THRESHOLD && now - lastSweepMillis > 60_000) {
            lastSweepMillis = now;
            events.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    return expire(e.getValue(), Duration.ofDays(1), now).isEmpty();
                }
            });
        }
        Deque<Long> times = events.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            expire(times, window, now);
            times.addLast(now);
        }
    }

    private static Deque<Long> expire(Deque<Long> times, Duration window, long now) {
        while (!times.isEmpty() && times.peekFirst() <= now - window.toMillis()) {
            times.pollFirst();
        }
        return times;
    }
}
