package dev.parley.realtime.control;

import dev.parley.chat.control.Actor;
import dev.parley.chat.control.ChatRef;
import dev.parley.identity.entity.ParticipantType;
import dev.parley.platform.LogFields;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One live WebSocket connection: who it is, the chats it joined, and its
 * bounded outgoing queue. Frames are sent asynchronously, one in flight at a
 * time, so a slow client only ever fills its own queue: when the queue is
 * full, droppable frames (typing, presence) are dropped first, and if that is
 * not enough the connection is closed (1013) and the client resumes later
 * from its last seq.
 *
 * <p>The queue is bounded in bytes, not frames: what a slow client can make the server hold is its
 * budget whatever the frames' sizes. A frame counts its length in characters, which is its size in
 * memory for the ASCII of almost every frame; the frames waiting behind a join's replay count too.
 */
public final class Connection {

    /** Close code for a client that reads too slowly: "try again later". */
    public static final CloseReason.CloseCode TOO_SLOW = CloseReason.CloseCodes.TRY_AGAIN_LATER;

    private static final System.Logger LOG = System.getLogger(Connection.class.getName());

    private final String id = UUID.randomUUID().toString();
    private final Session session;
    /** The most bytes of frames this connection may keep waiting, queued or held back. */
    private final int capacityBytes;
    /** Bytes of the frames queued or held back now. Guarded by this. */
    private int waitingBytes;
    private final long openedAtMillis = System.currentTimeMillis();
    private final Set<Long> joinedChats = ConcurrentHashMap.newKeySet();
    /** How the client names the chats it joined that have keys (a visitor chat is never named by number). */
    private final java.util.Map<Long, ChatRef> keyedChats = new ConcurrentHashMap<>();
    private final FrameRate rate;
    private final AnswerOrder answers = new AnswerOrder();
    private final ConnectionEvents events;

    private volatile UUID tenantId;
    private volatile Actor actor;
    private volatile long tokenExpiresAtMillis;
    private volatile long lastReceivedAtMillis = openedAtMillis;

    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
    private boolean inFlight;
    /** How many queued frames the write in flight carries. Guarded by this. */
    private int inFlightFrames;
    private boolean pumping;
    private volatile boolean closed;
    /**
     * Parley's writes to the socket happen inside this lock, and the container's close waits on it
     * ({@link #socketClosed}): see {@link #write}.
     */
    private final Object writeGate = new Object();
    /** The result of a write the container completed on the writing thread itself. Guarded by writeGate. */
    private SendResult completedInline;
    /** Closing as soon as the client is quiet: see {@link #closeWhenQuiet}. */
    private volatile boolean closing;

    private record Outgoing(String text, boolean droppable, Runnable onSent) {
    }

    /**
     * Chats whose history is being replayed to this connection: their live messages are held back here,
     * by seq, until the replay is sent ({@link #holdBack}). Guarded by this.
     */
    private java.util.Map<Long, java.util.TreeMap<Long, Outgoing>> heldBack;

    /** What to do once the frame in flight is written. */
    private final java.util.List<Runnable> inFlightDone = new java.util.ArrayList<>();

    private final boolean sendWithPlatformLoader;
    private final ParticipantType pathType;
    private final boolean batch;
    private final boolean stream;
    private final boolean widget;
    private final String assistantSession;
    private volatile ChatRef sessionChat;

    /** How long a batching connection lets frames gather before sending (at most 5 ms by contract). */
    static final long BATCH_WINDOW_MICROS = 2_000;

    /**
     * Flushes batching connections after their window, and runs the closes that must wait (after the
     * handshake, once the client is quiet): a plain JDK timer, cheap per task, and never one of the
     * container's threads.
     */
    private static final java.util.concurrent.ScheduledExecutorService TIMER =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "parley-connection-timer");
                thread.setDaemon(true);
                return thread;
            });

    /** The most frames one batched WebSocket frame carries. */
    static final int MAX_BATCH_FRAMES = 64;
    /** Roughly the most characters one batched WebSocket frame carries. */
    static final int MAX_BATCH_CHARS = 64 * 1024;

    /**
     * What a client chose when it connected: its URL's path and query. {@code assistantSession} is the
     * session id of an assistant session's URL ({@code /ws/chat/{sessionId}/}), or null.
     */
    public record Options(ParticipantType pathType, boolean batch, boolean stream, boolean widget,
                          String assistantSession) {
    }

    /**
     * @param options the participant type the URL names ({@code /chat/user}) or null; {@code ?batch=1};
     *                {@code ?stream=1}; whether the path is seed 002's widget's ({@code /api/v1/ws})
     */
    public Connection(Session session, Options options, int capacityBytes, FrameRate rate,
                      boolean sendWithPlatformLoader, ConnectionEvents events) {
        this.session = session;
        this.pathType = options.pathType();
        this.batch = options.batch();
        this.stream = options.stream();
        this.widget = options.widget();
        this.assistantSession = options.assistantSession();
        this.capacityBytes = capacityBytes;
        this.rate = rate;
        this.sendWithPlatformLoader = sendWithPlatformLoader;
        this.events = events;
    }

    /** Queues a frame; {@code droppable} frames are the first to go when the client falls behind. */
    public void send(String frame, boolean droppable) {
        send(frame, droppable, null);
    }

    /** Queues an {@code error} frame answering the client. */
    public void send(ServerFrames.ErrorFrame error, boolean droppable) {
        events.answeredError(error.code());
        send(error.text(), droppable, null);
    }

    /** Queues a frame; {@code onSent} runs once the frame has been written to the client. */
    public void send(String frame, boolean droppable, Runnable onSent) {
        boolean tooSlow = false;
        synchronized (this) {
            if (closed) {
                return;
            }
            while (!fits(frame) && !tooSlow) {
                if (droppable) {
                    events.dropped();
                    return;
                }
                tooSlow = !dropOneDroppable();
            }
            if (tooSlow) {
                markClosed();
            } else {
                queue.addLast(new Outgoing(frame, droppable, onSent));
                waitingBytes += frame.length();
            }
        }
        if (tooSlow) {
            closeTooSlow();
            return;
        }
        events.queued(1);
        startPump();
    }

    /** Closes a connection whose queue is full; outside the lock: closing does I/O, and other connections' frames may be sent meanwhile. */
    private void closeTooSlow() {
        events.closed(ConnectionEvents.CloseCause.TOO_SLOW);
        closeQuietly(TOO_SLOW, "too slow: outgoing queue full");
    }

    /** Whether a frame may wait too: within the byte budget, or alone however large. Under this lock. */
    private boolean fits(String frame) {
        return waitingBytes == 0 || waitingBytes + frame.length() <= capacityBytes;
    }

    /** Sends what is queued, unless a pump is already at it; a batching connection first lets frames gather. */
    private void startPump() {
        synchronized (this) {
            if (pumping || closed || queue.isEmpty()) {
                return;
            }
            pumping = true;
        }
        if (batch) {
            TIMER.schedule(this::pump, BATCH_WINDOW_MICROS, java.util.concurrent.TimeUnit.MICROSECONDS);
        } else {
            pump();
        }
    }

    /**
     * Holds back the chat's live messages while its history is read and sent, so that joining never makes
     * senders wait for a history read: {@link #release} sends them after the history, in seq order.
     */
    public synchronized void holdBack(long chatId) {
        if (heldBack == null) {
            heldBack = new java.util.HashMap<>();
        }
        heldBack.put(chatId, new java.util.TreeMap<>());
    }

    /**
     * A chat's live message (seq {@code seq}): queued, or held back while the chat's history is replayed. A
     * client that cannot take the history fast enough to hold back what arrives meanwhile is too slow.
     */
    public void sendMessage(long chatId, long seq, String frame, Runnable onSent) {
        boolean tooSlow = false;
        synchronized (this) {
            java.util.TreeMap<Long, Outgoing> held = heldBack == null ? null : heldBack.get(chatId);
            if (held != null && fits(frame)) {
                held.put(seq, new Outgoing(frame, false, onSent));
                waitingBytes += frame.length();
                return;
            }
            if (held != null) {
                tooSlow = true; // sent now, it would overtake the history
                markClosed();
            }
        }
        if (tooSlow) {
            closeTooSlow();
            return;
        }
        send(frame, false, onSent);
    }

    /**
     * Ends a replay that sent the chat's messages up to {@code replayedSeq}: the live messages held back
     * after it follow at once, in seq order; the ones the replay already sent are dropped.
     */
    public void release(long chatId, long replayedSeq) {
        java.util.Collection<Outgoing> following;
        synchronized (this) {
            java.util.TreeMap<Long, Outgoing> held = heldBack == null ? null : heldBack.remove(chatId);
            if (held == null || closed) {
                return;
            }
            // Under the lock: a live message arriving meanwhile waits, and then follows these.
            for (Outgoing replayed : held.headMap(replayedSeq, true).values()) {
                waitingBytes -= replayed.text().length();
            }
            following = held.tailMap(replayedSeq, false).values();
            queue.addAll(following);
        }
        events.queued(following.size());
        startPump();
    }

    private boolean dropOneDroppable() {
        for (Iterator<Outgoing> it = queue.iterator(); it.hasNext(); ) {
            Outgoing next = it.next();
            if (next.droppable()) {
                it.remove();
                waitingBytes -= next.text().length();
                events.dropped();
                return true;
            }
        }
        return false;
    }

    /**
     * Hands queued frames to the container one at a time. Whoever finds the
     * pump idle runs it; a completion that arrives while another thread pumps
     * leaves the work to that thread, so completions never recurse.
     */
    private void pump() {
        while (true) {
            String next;
            synchronized (this) {
                if (inFlight || closed || queue.isEmpty()) {
                    pumping = false;
                    return;
                }
                next = take();
                inFlight = true;
            }
            SendResult inline = write(next);
            if (inline != null) {
                sent(inline);
            }
        }
    }

    /**
     * The next WebSocket frame: one queued frame, or for clients that opted in
     * ({@code ?batch=1}) every frame queued by now, newline-separated: what
     * gathered during the batch window (2 ms) or while the previous send was in flight.
     */
    private String take() {
        Outgoing first = pollNext();
        inFlightFrames = 1;
        if (!batch || queue.isEmpty()) {
            return first.text();
        }
        StringBuilder frames = new StringBuilder(first.text());
        int count = 1;
        while (!queue.isEmpty() && count < MAX_BATCH_FRAMES && frames.length() < MAX_BATCH_CHARS) {
            frames.append('\n').append(pollNext().text());
            count++;
        }
        inFlightFrames = count;
        return frames.toString();
    }

    /** The queue's next frame, on its way out: its bytes leave the budget, its callback waits for the send. */
    private Outgoing pollNext() {
        Outgoing next = queue.pollFirst();
        waitingBytes -= next.text().length();
        if (next.onSent() != null) {
            inFlightDone.add(next.onSent());
        }
        return next;
    }

    /**
     * Hands one frame to the container, unless the socket has closed: returns the send's result if the
     * container completed it on this thread (the usual case), or null if it completes later.
     *
     * <p>The check and the write happen under {@link #writeGate}, which the container's close waits for
     * ({@link #socketClosed}). Once a socket closes, Payara recycles the upgrade request's response, and
     * the next HTTP request on any connection reuses it: the container keeps the socket's output stream
     * bound to that response, so a frame written after the close lands inside another client's HTTP
     * answer. (What the container writes by itself, and a write already inside it when two of its closes
     * race, this cannot order: {@code RecycledRequestScope} makes those fail.) A completion on this thread
     * is handed back rather than run here, so that no other connection's work (the callbacks, their sends)
     * ever runs under this connection's gate.
     *
     * <p>Payara's Tyrus reschedules the session's idle-timeout task on every send, on the managed
     * scheduled executor, whose context capture runs a ServiceLoader scan over the thread's context class
     * loader: with the application's loader that walks every jar of the WAR, under a JarFile lock, for
     * every frame (measured: the largest cost of a delivery, and heavy lock contention;
     * docs/benchmarks.md). With the platform class loader as context loader the scan finds nothing and
     * costs little; the task it schedules needs no application context, as Parley closes idle sockets
     * itself. Leans on a Payara implementation detail, so it is switchable
     * ({@code parley.ws.send-with-platform-class-loader}) and guarded by a benchmark row.
     */
    private SendResult write(String frame) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        synchronized (writeGate) {
            if (closed || !session.isOpen()) { // the session closes first, even when its @OnClose cannot run yet
                return null;
            }
            if (sendWithPlatformLoader) {
                thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
            }
            try {
                session.getAsyncRemote().sendText(frame, this::completed);
            } catch (RuntimeException e) {
                completed(new SendResult(e));
            } finally {
                thread.setContextClassLoader(previous);
            }
            SendResult inline = completedInline;
            completedInline = null;
            return inline;
        }
    }

    /**
     * The container's word on a write: kept for {@link #write} when it comes on the writing thread, else
     * (a write the container queued for a slow client and finished later, on its own thread, maybe holding
     * its own locks) handled on Parley's timer thread, so that no Parley lock is taken under the container's.
     */
    private void completed(SendResult result) {
        if (Thread.holdsLock(writeGate)) {
            completedInline = result;
        } else {
            TIMER.execute(() -> sent(result));
        }
    }

    private void sent(SendResult result) {
        boolean failed = !result.isOK();
        List<Runnable> done;
        boolean resume;
        int frames;
        boolean firstClose = false;
        synchronized (this) {
            frames = inFlightFrames;
            done = List.copyOf(inFlightDone);
            inFlightDone.clear();
            inFlight = false;
            if (failed) {
                firstClose = !closed; // not when Parley or the client closed it already
                markClosed();
            }
            // A thread already pumping picks up the next frame itself.
            resume = !failed && !pumping && !closed;
            if (resume) {
                pumping = true;
            }
        }
        if (failed) {
            if (firstClose) { // never leave a connection open and silent: a send that failed ends it
                events.closed(ConnectionEvents.CloseCause.SEND_FAILED);
                closeQuietly(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "send failed");
            }
            return;
        }
        events.sent(frames);
        for (Runnable callback : done) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "After sending to connection {0}: {1}", id, e.toString(),
                        logFields());
            }
        }
        if (resume) {
            pump();
        }
    }

    /** A WebSocket ping frame; the client's pong counts as a frame received. */
    public void ping() {
        synchronized (writeGate) { // see write()
            if (closed || !session.isOpen()) {
                return;
            }
            try {
                session.getAsyncRemote().sendPing(java.nio.ByteBuffer.allocate(0));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "Pinging connection {0}: {1}", id, e.toString());
            } finally {
                SendResult stray = completedInline; // a queued frame the container finished meanwhile
                completedInline = null;
                if (stray != null) {
                    TIMER.execute(() -> sent(stray));
                }
            }
        }
    }

    /** Quiet this long (no frame in, nothing left to send) before a close for the client's misbehaviour. */
    static final long DRAIN_QUIET_MS = 150;
    /** ... but never longer than this: a client that never stops sending is cut off all the same. */
    static final long DRAIN_MAX_MS = 3_000;

    /**
     * Closes once the client has stopped sending, or after {@link #DRAIN_MAX_MS}. Closing a socket while
     * the client's frames are still unread in it makes the operating system reset the connection, and a
     * reset throws away what was sent before it, the close frame included: the client would see 1006, not
     * {@code code}. Meanwhile what is queued is still sent, and what arrives is read and ignored.
     */
    public void closeWhenQuiet(CloseReason.CloseCode code, String reason) {
        synchronized (this) {
            if (closing || closed) {
                return;
            }
            closing = true;
        }
        long deadline = System.currentTimeMillis() + DRAIN_MAX_MS;
        TIMER.schedule(() -> closeIfQuiet(code, reason, deadline), DRAIN_QUIET_MS,
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void closeIfQuiet(CloseReason.CloseCode code, String reason, long deadline) {
        long now = System.currentTimeMillis();
        boolean sending;
        synchronized (this) {
            sending = !queue.isEmpty() || inFlight;
        }
        if (closed || now >= deadline || (!sending && now - lastReceivedAtMillis >= DRAIN_QUIET_MS)) {
            close(code, reason);
        } else {
            TIMER.schedule(() -> closeIfQuiet(code, reason, deadline), DRAIN_QUIET_MS,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    /** Closed, or closing once the client is quiet: frames from it are no longer answered. */
    public boolean isClosing() {
        return closing || isClosed();
    }

    /**
     * How long after the open a close waits at least. A socket opens while the container is still serving
     * its upgrade request; closing it then hands that request's objects back to the container's pools while
     * they are still in use, and other clients' requests later get them half-recycled (lost bodies, 500s,
     * stray 301s). Refusals in {@code @OnOpen} (a bad token, a suspended tenant) are the usual case.
     */
    static final long HANDSHAKE_SETTLE_MS = 100;

    public void close(CloseReason.CloseCode code, String reason) {
        long wait = openedAtMillis + HANDSHAKE_SETTLE_MS - System.currentTimeMillis();
        if (wait > 0) {
            closing = true; // frames meanwhile are read and ignored
            TIMER.schedule(() -> close(code, reason), wait, java.util.concurrent.TimeUnit.MILLISECONDS);
            return;
        }
        boolean first;
        synchronized (this) {
            first = !closed;
            markClosed();
        }
        if (first) {
            events.closed(ConnectionEvents.CloseCause.of(code));
        }
        closeQuietly(code, reason);
    }

    /** Refuses a socket in {@code @OnOpen}, before any connection is made for it: see {@link #HANDSHAKE_SETTLE_MS}. */
    public static void refuse(Session session, CloseReason reason) {
        TIMER.schedule(() -> {
            try {
                if (session.isOpen()) {
                    session.close(reason);
                }
            } catch (IOException | IllegalStateException e) {
                LOG.log(Level.DEBUG, "Refusing a socket: {0}", e.getMessage());
            }
        }, HANDSHAKE_SETTLE_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * The container closed the socket (its {@code @OnClose}, which runs before it lets go of the socket's
     * connection): waits for a write in progress to finish, and lets no write start after it (see
     * {@link #write}); then runs {@code then}. A close the container runs on a thread inside this
     * connection's write (a write that failed and took the socket down with it) runs {@code then} on the
     * timer thread instead, as what follows a close (telling the chats) must not run under the gate.
     */
    public void socketClosed(Runnable then) {
        boolean insideWrite = Thread.holdsLock(writeGate);
        synchronized (writeGate) {
            markClosed();
        }
        if (insideWrite) {
            TIMER.execute(then);
        } else {
            then.run();
        }
    }

    /** Returns once the timer thread has run what was handed to it before: a barrier for tests. */
    static void awaitTimer() throws Exception {
        TIMER.submit(() -> { }).get(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Stops sending; the registry forgets the connection on its close event or the next sweep. */
    public synchronized void markClosed() {
        closed = true;
        queue.clear();
        heldBack = null;
        waitingBytes = 0;
    }

    /** Closed by Parley, by the client, or by the network. */
    public boolean isClosed() {
        return closed || !session.isOpen();
    }

    private void closeQuietly(CloseReason.CloseCode code, String reason) {
        try {
            if (session.isOpen()) {
                session.close(new CloseReason(code, reason));
            }
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.DEBUG, "Closing connection {0}: {1}", id, e.getMessage());
        }
    }

    public void authenticated(UUID tenantId, Actor actor, long tokenExpiresAtMillis) {
        this.tenantId = tenantId;
        this.actor = actor;
        this.tokenExpiresAtMillis = tokenExpiresAtMillis;
    }

    public void tokenRefreshed(long tokenExpiresAtMillis) {
        this.tokenExpiresAtMillis = tokenExpiresAtMillis;
    }

    /** A frame from the client. */
    public void received() {
        lastReceivedAtMillis = System.currentTimeMillis();
        events.received();
    }

    /** A pong from the client: alive, but no frame of Parley's protocol. */
    public void ponged() {
        lastReceivedAtMillis = System.currentTimeMillis();
    }

    /** Its tenant, id and participant, as fields of a log line about it (the JSON log format). */
    public java.util.Map<String, String> logFields() {
        Actor who = actor;
        return LogFields.of("tenant", tenantId, "connection", id, "participant", who == null ? null : who.type() + ":" + who.id());
    }

    public FrameRate rate() { return rate; }

    public AnswerOrder answers() { return answers; }
    /** Opted in to assistant replies as they are written ({@code ?stream=1}). */
    public boolean streams() { return stream; }
    /** Connected on seed 002's widget paths: gets {@code chat_message} frames, and no echo of its own messages. */
    public boolean speaksWidget() { return widget; }
    /** The session id of an assistant session's URL, or null: such a connection speaks seed 003's frames. */
    public String assistantSession() { return assistantSession; }
    /** The assistant session's chat, once the caller is known. */
    public ChatRef sessionChat() { return sessionChat; }
    public void sessionChat(ChatRef chat) { sessionChat = chat; }
    public ParticipantType pathType() { return pathType; }
    public String id() { return id; }
    public Session session() { return session; }
    public UUID tenantId() { return tenantId; }
    public Actor actor() { return actor; }
    public boolean isAuthenticated() { return actor != null; }
    public Set<Long> joinedChats() { return joinedChats; }

    /** Notes how the client names a chat it joins. */
    public void naming(ChatRef chat) {
        if (chat.key() != null) {
            keyedChats.put(chat.number(), chat);
        }
    }

    /** A joined chat as the client names it. */
    public ChatRef chatRef(long chatId) {
        return keyedChats.getOrDefault(chatId, ChatRef.numbered(chatId));
    }
    public long openedAtMillis() { return openedAtMillis; }
    public long lastReceivedAtMillis() { return lastReceivedAtMillis; }
    public long tokenExpiresAtMillis() { return tokenExpiresAtMillis; }
}
