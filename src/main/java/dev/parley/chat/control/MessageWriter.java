package dev.parley.chat.control;

import dev.parley.chat.entity.Message;
import dev.parley.metrics.ParleyMetrics;
import dev.parley.platform.ApiException;
import dev.parley.platform.DatabaseFailures;
import dev.parley.tenant.control.CurrentTenant;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Stores every message posted in Parley (by staff, customers, visitors, the assistant and Parley's own
 * notices) by group commit. Posts that arrive while a batch commits wait for the next batch, which stores
 * all of them (any tenants, any chats) in one transaction ({@link MessageBatch}): under load a commit
 * carries many messages instead of each message paying for a commit of its own.
 *
 * <p>Guarantees: a post completes only after its batch committed (durably: PostgreSQL flushes the
 * commit); if the batch fails, every post in it fails and nothing of it is announced. One writer commits
 * batches one after another, and one announcer tells of them in the same order, after commit and outside
 * any lock: per chat, messages are announced in seq order. The announcer completes each post after its
 * own announcements, so a sender's answer never overtakes its message.
 */
@ApplicationScoped
public class MessageWriter {

    private static final System.Logger LOG = System.getLogger(MessageWriter.class.getName());
    /** How long the writer's connection may sit unused before it is checked before use. */
    private static final long QUIET_BEFORE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(5);

    /**
     * A new message: who posts it where, and what. {@code chat} is resolved (its number, and its key for
     * keyed chats) or named by number by a client, which the batch checks. {@code presetId} is an id
     * reserved with {@link Messages#reserveId()} that streamed deltas already named;
     * {@code returnedToSender} says the message reaches the one it answers in a REST response.
     */
    public record Post(Actor sender, ChatRef chat, Message.Draft draft, Long presetId, boolean returnedToSender) {

        public Post(Actor sender, ChatRef chat, Message.Draft draft) {
            this(sender, chat, draft, null, false);
        }

        Post with(Message.Draft prepared) {
            return new Post(sender, chat, prepared, presetId, returnedToSender);
        }
    }

    /** The outcome of a post: the stored message, and whether it was stored by an earlier try. */
    public record Sent(MessageView message, boolean duplicate) {
    }

    /** Refused: the chat was handed to a person while the assistant was replying. */
    public static final class HandedOver extends RuntimeException {
        HandedOver() {
            super("The chat is no longer answered by the assistant", null, false, false);
        }
    }

    @Inject
    ParleyMetrics metrics;

    @Inject
    DataSource dataSource;

    @Inject
    Messages messages;

    @Inject
    Event<ChatEvent> events;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    /** The most posts one transaction stores. */
    @Inject
    @ConfigProperty(name = "parley.messages.max-batch", defaultValue = "500")
    int maxBatch;

    /** Posts waiting for a batch; beyond this, posts are refused (503) rather than queued without bound. */
    @Inject
    @ConfigProperty(name = "parley.messages.max-waiting", defaultValue = "20000")
    int maxWaiting;

    private BlockingQueue<PendingPost> waiting;
    private ExecutorService announcer;
    private Thread writer;
    private volatile boolean stopping;
    /** Only the writer thread uses these. */
    private Connection connection;
    private long lastCommit;

    @PostConstruct
    void start() {
        waiting = new ArrayBlockingQueue<>(maxWaiting);
        announcer = Executors.newSingleThreadExecutor(threads);
        writer = threads.newThread(this::writeBatches);
        writer.setName("parley-message-writer");
        writer.start();
    }

    @PreDestroy
    void stop() {
        stopping = true;
        writer.interrupt();
        try {
            writer.join(10_000);
            announcer.shutdown();
            announcer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (PendingPost post; (post = waiting.poll()) != null; ) {
            post.result.completeExceptionally(shuttingDown());
        }
    }

    /**
     * Posts in the current tenant: completes with the stored message once committed and announced, or
     * with why it was not stored. A draft that names an upload or a message is checked first.
     */
    public CompletableFuture<Sent> submit(Post post) {
        Message.Draft draft = post.draft();
        if (draft.mediaUrl() != null || draft.thumbnailUrl() != null || draft.replyToMessageId() != null) {
            post = post.with(messages.prepare(post.sender(), post.chat().number(), draft));
        }
        PendingPost pending = new PendingPost(CurrentTenant.idOrNone(), post);
        if (stopping || !waiting.offer(pending)) {
            throw stopping ? shuttingDown() : ApiException.unavailable("overloaded",
                    "Too many messages are waiting to be stored; nothing was stored: try again");
        }
        return pending.result;
    }

    /** {@link #submit}, waiting for the outcome: the stored message, or the refusal thrown. */
    public Sent post(Post post) {
        try {
            return submit(post).get();
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw shuttingDown();
        }
    }

    public Sent send(Actor sender, ChatRef chat, Message.Draft draft) {
        return post(new Post(sender, chat, draft));
    }

    /** The failure a completed post carries, as thrown. */
    public static RuntimeException unwrap(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }

    private void writeBatches() {
        while (!stopping) {
            try {
                PendingPost first = waiting.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                List<PendingPost> batch = new ArrayList<>(Math.min(maxBatch, waiting.size() + 1));
                batch.add(first);
                waiting.drainTo(batch, maxBatch - 1);
                RuntimeException failed = commit(batch);
                announcer.execute(() -> announce(batch, failed));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "The message writer failed", e);
            }
        }
        releaseConnection();
    }

    /** Stores the batch in one transaction; answers null once committed, or what every post in it fails with. */
    private RuntimeException commit(List<PendingPost> batch) {
        Connection db;
        try {
            db = connection();
        } catch (SQLException e) {
            return failureOf(e, batch.size());
        }
        try {
            MessageBatch.store(db, batch);
            db.commit();
            lastCommit = System.nanoTime();
            return null;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(db);
            if (DatabaseFailures.isOutage(e)) {
                releaseConnection(); // the pool checks it before anyone uses it again
            }
            return failureOf(e, batch.size());
        }
    }

    /**
     * The writer's connection, kept from batch to batch: a checkout from the pool costs a validation
     * round trip of its own, which would be one more per commit. After a quiet spell it is checked
     * once, so a database restarted meanwhile costs no batch.
     */
    private Connection connection() throws SQLException {
        boolean quiet = System.nanoTime() - lastCommit > QUIET_BEFORE_CHECK_NANOS;
        if (connection != null && quiet && !connection.isValid(5)) {
            releaseConnection();
        }
        if (connection == null) {
            Connection fresh = dataSource.getConnection();
            try {
                fresh.setAutoCommit(false);
            } catch (SQLException e) {
                fresh.close(); // a broken connection: back to the pool, which discards it
                throw e;
            }
            connection = fresh;
        }
        return connection;
    }

    private void releaseConnection() {
        if (connection != null) {
            try (Connection held = connection) {
                connection = null;
                held.setAutoCommit(true); // the pool hands it to JPA next
            } catch (SQLException ignored) {
                // a broken connection, which the pool discards
            }
        }
    }

    private static RuntimeException failureOf(Exception e, int posts) {
        if (DatabaseFailures.isOutage(e)) {
            return DatabaseFailures.outage();
        }
        LOG.log(Level.ERROR, "Storing a batch of " + posts + " messages failed; none of them was stored", e);
        return new ApiException(500, "internal_error", "The message could not be stored; nothing was stored: try again");
    }

    private static void rollbackQuietly(Connection db) {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the connection is broken: nothing was committed
        }
    }

    /** After commit, in commit order: each post's changes announced, then the post completed. */
    private void announce(List<PendingPost> batch, RuntimeException failed) {
        int stored = 0;
        for (PendingPost post : batch) {
            try {
                if (post.refused != null || failed != null) {
                    post.result.completeExceptionally(post.refused != null ? post.refused : failed);
                } else if (post.sameAs != null) {
                    PendingPost original = post.sameAs;
                    if (original.refused != null) {
                        post.result.completeExceptionally(original.refused);
                    } else {
                        post.result.complete(new Sent(original.stored, true));
                    }
                } else if (post.originalId != null) {
                    post.result.complete(new Sent(CurrentTenant.call(post.tenantId,
                            () -> messages.view(post.chatId(), post.originalId)), true));
                } else {
                    stored++;
                    for (ChatEvent event : post.events) {
                        fire(event);
                    }
                    post.result.complete(new Sent(post.stored, false));
                }
            } catch (RuntimeException e) {
                post.result.completeExceptionally(e);
            }
        }
        metrics.messagesStored(stored);
    }

    private void fire(ChatEvent event) {
        try {
            events.fire(event);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Announcing a committed " + event.getClass().getSimpleName() + " failed", e);
        }
    }

    private static ApiException shuttingDown() {
        return ApiException.unavailable("shutting_down", "Parley is stopping; nothing was stored: try again");
    }
}
