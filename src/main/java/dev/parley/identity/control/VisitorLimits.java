package dev.parley.identity.control;

import dev.parley.platform.ApiException;
import dev.parley.cluster.SharedWindows;
import dev.parley.platform.EventWindows;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What anonymous visitors may do, in sliding windows: open chats (per client
 * address and hour), send messages (per session and minute), and have the
 * assistant reply (per tenant and day). Over a limit: {@code 429} with
 * {@code Retry-After}, or {@code rate_limited} on a socket. Counted for the
 * whole deployment ({@link SharedWindows}).
 */
@ApplicationScoped
public class VisitorLimits {

    @Inject
    SharedWindows windows;

    private EventWindows events;

    @Inject
    @ConfigProperty(name = "parley.visitor.chats-per-address-per-hour", defaultValue = "20")
    int chatsPerAddress;

    @Inject
    @ConfigProperty(name = "parley.visitor.messages-per-session-per-minute", defaultValue = "10")
    int messagesPerSession;

    @Inject
    @ConfigProperty(name = "parley.assistant.replies-per-tenant-per-day", defaultValue = "5000")
    int repliesPerTenant;

    @PostConstruct
    void open() {
        events = windows.named("visitors", Duration.ofDays(1));
    }

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
        long wait = events.retryAfter("reply:" + tenantId, repliesPerTenant, Duration.ofDays(1));
        if (wait > 0) {
            throw ApiException.tooManyRequests("The assistant has answered all it may today", wait);
        }
    }

    public void countReply(UUID tenantId) {
        events.record("reply:" + tenantId, Duration.ofDays(1));
    }

    private void take(String key, int max, Duration window, String message) {
        long wait = events.take(key, max, window);
        if (wait > 0) {
            throw ApiException.tooManyRequests(message, wait);
        }
    }
}
