package dev.parley.chat.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serializes sends to one chat within this instance, from the seq they take
 * through commit to the hand-over to delivery (the after-commit observers run
 * before the transactional call returns). Without it, two senders' commits
 * could reach the delivery in the opposite order of their seqs. Striped:
 * memory does not grow with the number of chats, and unrelated chats rarely
 * share a stripe. Taken before the transaction begins.
 */
@ApplicationScoped
public class ChatSendOrder {

    private static final int STRIPES = 1024;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    public ChatSendOrder() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    public <T> T inOrder(UUID tenantId, long chatId, Supplier<T> send) {
        ReentrantLock lock = locks[Math.floorMod(31 * tenantId.hashCode() + Long.hashCode(chatId), STRIPES)];
        lock.lock();
        try {
            return send.get();
        } finally {
            lock.unlock();
        }
    }
}
