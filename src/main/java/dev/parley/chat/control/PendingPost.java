package dev.parley.chat.control;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** A post on its way through {@link MessageWriter}: filled in by its batch, completed once the batch committed. */
final class PendingPost {

    final UUID tenantId;
    final MessageWriter.Post post;
    final CompletableFuture<MessageWriter.Sent> result = new CompletableFuture<>();

    /** The chat as its batch found it (number and key). */
    ChatRef chat;
    /** Why it is not stored; the rest of its batch is not affected. */
    RuntimeException refused;
    long seq;
    MessageView stored;
    /** A retry of a message stored by an earlier batch. */
    Long originalId;
    /** A retry of a post earlier in the same batch. */
    PendingPost sameAs;
    /** What to announce once committed, in order. */
    final List<ChatEvent> events = new ArrayList<>(2);

    PendingPost(UUID tenantId, MessageWriter.Post post) {
        this.tenantId = tenantId;
        this.post = post;
    }

    long chatId() {
        return post.chat().number();
    }

    boolean isRetry() {
        return originalId != null || sameAs != null;
    }

    /** What makes two posts the same message: their sender's {@code client_message_id} in the chat. */
    String retryKey() {
        String clientId = post.draft().clientMessageId();
        return clientId == null ? null
                : retryKey(tenantId, chatId(), post.sender().type().name(), post.sender().id(), clientId);
    }

    static String retryKey(UUID tenantId, long chatId, String senderType, long senderId, String clientMessageId) {
        return tenantId + "/" + chatId + "/" + senderType + "/" + senderId + "/" + clientMessageId;
    }
}
