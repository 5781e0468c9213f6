package dev.parley.assistant.control;

import dev.parley.chat.control.ChatRef;
import dev.parley.chat.control.MessageView;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * One reply of the assistant to one or more of a chat's messages: what
 * {@link AssistantTurns} schedules and {@link AssistantReplies} writes. The
 * flags are set by whoever decides (a REST request waiting, a takeover, a
 * stop) and read by the writer; {@code messageIds} changes only under the
 * chat's turns lock, before the turn starts.
 */
final class Turn {

    final UUID tenantId;
    final ChatRef chat;
    final Set<Long> messageIds = new HashSet<>();
    /** The reply once posted; null when none is (a person answers, the assistant is off, nothing was written). */
    final CompletableFuture<MessageView> done = new CompletableFuture<>();
    /** A REST request returns the reply: the visitor's widget socket is not sent it again. */
    volatile boolean answeredOverRest;
    /** A person took the chat over: the reply is dropped. */
    volatile boolean dismissed;
    /** {@code stop_generation}: what was written is kept. */
    volatile boolean stopped;
    volatile Assistant.Generation generation;

    Turn(UUID tenantId, ChatRef chat) {
        this.tenantId = tenantId;
        this.chat = chat;
    }
}
