package dev.parley.realtime.control;

import dev.parley.chat.control.Chats;
import dev.parley.chat.control.MessageView;
import dev.parley.chat.control.Messages;
import dev.parley.tenant.control.CurrentTenant;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Hands each chat's messages to this instance's connections in seq order, each once, with none
 * skipped. On one instance they arrive in order (one announcer, commit order); in a cluster they
 * come from several instances over a grid that may reorder or lose them. A message that arrives
 * ahead of a missing one waits for it, at most {@code parley.cluster.gap-wait-ms}; then the missing
 * ones are read from PostgreSQL, where every seq below a stored one is already committed. A sweep
 * ({@code parley.cluster.sweep-ms}) catches what was lost with nothing after it, and what an instance
 * committed but died before publishing: a chat whose stored seq stayed ahead of what was handed out
 * here for a whole sweep is filled from PostgreSQL.
 */
@ApplicationScoped
public class ChatSequencer {

    private static final System.Logger LOG = System.getLogger(ChatSequencer.class.getName());
    /** Messages read from PostgreSQL at a time when filling a gap. */
    private static final int FILL_PAGE = 200;
    /** How long a seq below a stored one may be missing from reads before it is passed over. */
    static final long MISSING_GIVE_UP_MS = 10_000;

    @Inject
    @ConfigProperty(name = "parley.cluster.gap-wait-ms", defaultValue = "200")
    long gapWaitMs;

    @Inject
    Messages messages;

    @Inject
    Chats chats;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    /** What one chat's connections on this instance were handed, and what waits. Guarded by itself. */
    static final class Stream {
        final UUID tenantId;
        final long chatId;
        /** The highest seq handed out (or stored when the first connection here joined); -1: take what comes. */
        long last = -1;
        /** While the first connection here reads the stored seq: what arrives waits. */
        boolean opening = true;
        /** Messages that arrived ahead of a missing one. */
        final TreeMap<Long, Delivery> early = new TreeMap<>();
        boolean fillScheduled;
        /** The seq PostgreSQL had at the previous sweep. */
        long storedAtLastSweep;
        /** The seq a read from PostgreSQL lacked, and since when; 0: none lacking. */
        long missingSeq;
        long missingSinceNanos;

        Stream(UUID tenantId, long chatId) {
            this.tenantId = tenantId;
            this.chatId = chatId;
        }
    }

    /** A stream for a chat that a first connection here joins: it holds what arrives until {@link #opened}. */
    Stream open(UUID tenantId, long chatId) {
        return new Stream(tenantId, chatId);
    }

    /**
     * The first connection here read the chat's newest stored seq after the stream opened: every later
     * message is handed out, live or from PostgreSQL; what arrived meanwhile up to it is stored and so
     * left to the join's replay. Null: PostgreSQL did not answer, so whatever comes next is taken as next.
     */
    void opened(Stream stream, Long storedSeq, Consumer<Delivery> hand) {
        synchronized (stream) {
            stream.opening = false;
            if (storedSeq != null) {
                stream.last = storedSeq;
                stream.storedAtLastSweep = storedSeq;
            } else if (!stream.early.isEmpty()) {
                stream.last = stream.early.firstKey() - 1;
            }
            stream.early.headMap(stream.last, true).clear();
            handWaiting(stream, hand);
            if (!stream.early.isEmpty() && !stream.fillScheduled) {
                stream.fillScheduled = true;
                scheduler.schedule(() -> fill(stream, hand, -1), gapWaitMs, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Hands {@code message} to {@code hand} in its order: now, after the missing ones, or never if handed already. */
    void accept(Stream stream, Delivery message, Consumer<Delivery> hand) {
        synchronized (stream) {
            if (stream.opening) {
                stream.early.put(message.seq(), message);
                return;
            }
            if (stream.last < 0) {
                stream.last = message.seq() - 1;
            }
            if (message.seq() <= stream.last) {
                return; // handed already: a second copy, or read from PostgreSQL before this one arrived
            }
            if (message.seq() > stream.last + 1) {
                stream.early.put(message.seq(), message);
                if (!stream.fillScheduled) {
                    stream.fillScheduled = true;
                    scheduler.schedule(() -> fill(stream, hand, -1), gapWaitMs, TimeUnit.MILLISECONDS);
                }
                return;
            }
            hand.accept(message);
            stream.last = message.seq();
            handWaiting(stream, hand);
        }
    }

    /** Under the stream's lock: hands the early messages that are next in line now. */
    private static void handWaiting(Stream stream, Consumer<Delivery> hand) {
        while (!stream.early.isEmpty() && stream.early.firstKey() <= stream.last + 1) {
            Delivery next = stream.early.pollFirstEntry().getValue();
            if (next.seq() == stream.last + 1) {
                hand.accept(next);
                stream.last = next.seq();
            }
        }
    }

    /**
     * Reads what is missing from PostgreSQL and hands it out: up to the first early message, or up to
     * {@code upTo} when the sweep found the stream behind. Reads outside the stream's lock.
     *
     * <p>Seqs are gap-free in PostgreSQL and messages are never removed (a deletion keeps the row), so
     * every seq below a stored one is there: a read that lacks one is tried again rather than passed
     * over, and only after {@link #MISSING_GIVE_UP_MS} is the seq given up, loudly.
     */
    private void fill(Stream stream, Consumer<Delivery> hand, long upTo) {
        try {
            long after;
            long target;
            synchronized (stream) {
                if (stream.opening || stream.last < 0) {
                    return;
                }
                after = stream.last;
                target = upTo >= 0 ? upTo : stream.early.isEmpty() ? after : stream.early.firstKey() - 1;
            }
            while (after < target) {
                long readUpTo = Math.min(target, after + FILL_PAGE); // every stored seq of this range is read
                List<MessageView> found = read(stream, after, readUpTo);
                synchronized (stream) {
                    for (MessageView message : found) {
                        if (message.seq() == stream.last + 1 && message.seq() <= readUpTo) {
                            hand.accept(ChatFanout.messageDelivery(stream.tenantId, stream.chatId, message, "", 0));
                            stream.last = message.seq();
                        }
                    }
                    handWaiting(stream, hand);
                    if (stream.last < readUpTo) {
                        if (!passOverMissing(stream, readUpTo, found.size())) {
                            return; // tried again after the gap wait (early messages) or at the next sweep
                        }
                        handWaiting(stream, hand);
                    }
                    stream.missingSinceNanos = 0;
                    after = stream.last;
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Reading chat " + stream.chatId + "'s missed messages failed; trying again", e);
        } finally {
            synchronized (stream) {
                stream.fillScheduled = false;
                if (!stream.early.isEmpty()) {
                    stream.fillScheduled = true;
                    scheduler.schedule(() -> fill(stream, hand, -1), gapWaitMs, TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    /**
     * Under the stream's lock, after a read that lacked seqs up to {@code readUpTo}: false while they may
     * still appear; true, and the stream moved past them, once they have been missing for too long.
     */
    private static boolean passOverMissing(Stream stream, long readUpTo, int read) {
        long now = System.nanoTime();
        if (stream.missingSinceNanos == 0 || stream.missingSeq != stream.last + 1) { // a gap of its own
            stream.missingSeq = stream.last + 1;
            stream.missingSinceNanos = now;
            LOG.log(Level.WARNING, "Chat {0}: PostgreSQL answered {1} messages for seqs {2} to {3}, lacking {4}; "
                    + "trying again", stream.chatId, read, stream.last + 1, readUpTo, stream.last + 1);
            return false;
        }
        if (now - stream.missingSinceNanos < TimeUnit.MILLISECONDS.toNanos(MISSING_GIVE_UP_MS)) {
            return false;
        }
        LOG.log(Level.ERROR, "Chat {0}: seqs {1} to {2} missing from PostgreSQL for {3} ms; passed over",
                stream.chatId, stream.last + 1, readUpTo, MISSING_GIVE_UP_MS);
        stream.last = readUpTo;
        return true;
    }

    private List<MessageView> read(Stream stream, long after, long upTo) {
        List<MessageView> found = CurrentTenant.call(stream.tenantId, () -> messages.between(stream.chatId, after, upTo));
        return found == null ? List.of() : found;
    }

    /**
     * Compares each stream with PostgreSQL: one that did not reach, within a sweep, the seq stored at
     * the previous sweep lost something with nothing after it (or its instance died before publishing).
     */
    void sweep(Map<?, Stream> streams, Consumer<Delivery> hand) {
        if (streams.isEmpty()) {
            return;
        }
        List<Stream> all = new ArrayList<>(streams.values());
        Map<Long, Long> stored = chats.lastSeqs(all.stream().map(s -> s.chatId).toList());
        for (Stream stream : all) {
            Long now = stored.get(stream.chatId);
            long behindUpTo = -1;
            synchronized (stream) {
                if (!stream.opening && stream.last >= 0 && stream.last < stream.storedAtLastSweep
                        && !stream.fillScheduled) {
                    behindUpTo = stream.storedAtLastSweep;
                    stream.fillScheduled = true;
                }
                if (now != null) {
                    stream.storedAtLastSweep = now;
                }
            }
            if (behindUpTo >= 0) {
                LOG.log(Level.INFO, "Chat {0} was behind PostgreSQL for a whole sweep (seq {1} of {2}): "
                        + "filling from PostgreSQL", stream.chatId, stream.last, behindUpTo);
                long upTo = behindUpTo;
                scheduler.execute(() -> fill(stream, hand, upTo));
            }
        }
    }
}
