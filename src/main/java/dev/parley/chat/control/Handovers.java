package dev.parley.chat.control;

import dev.parley.chat.entity.Chat;
import dev.parley.chat.entity.HandledBy;
import dev.parley.chat.entity.Message;
import dev.parley.chat.entity.MessageType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/**
 * Who answers a visitor or assistant chat ({@code handled_by}): the assistant,
 * nobody yet (a person was asked for), or a person; and whether a person
 * should look. Every change is announced and told in the chat by a notice.
 */
@ApplicationScoped
public class Handovers {

    @PersistenceContext
    EntityManager em;

    @Inject
    Chats chats;

    @Inject
    MessageWriter writer;

    /**
     * Hands a visitor or assistant chat to {@code to}; {@code by} is the staff member taking
     * over or releasing it, or the visitor asking for a person. Announced to the chat and to staff,
     * then told in the chat itself by a notice (so seed 002's widget, which shows only messages,
     * shows who joined). Not in a transaction: the change commits before its notice is posted.
     */
    public ChatView handOver(Actor by, ChatRef chat, HandledBy to) {
        if (chats.changeHands(by, chat.number(), to)) {
            writer.send(Actor.system(), chat, Message.Draft.text(MessageType.system, notice(by, to), null));
        }
        return chats.view(by, chat.number());
    }

    private static String notice(Actor by, HandledBy to) {
        return switch (to) {
            case human -> (by.name() == null ? "A member of our team" : by.name()) + " joined the chat.";
            case waiting -> "A member of our team has been asked to join. Please hold on.";
            case assistant -> "The assistant is answering again.";
        };
    }

    /**
     * Notes that a person should look at a chat the assistant still answers (it had no answer,
     * or failed); under the chat's lock, so a takeover that came first is not marked again.
     */
    @Transactional
    public void markNeedsAttention(long chatId) {
        Chat chat = em.find(Chat.class, chatId, LockModeType.PESSIMISTIC_WRITE);
        if (chat != null && chat.getHandledBy() == HandledBy.assistant && !chat.isNeedsAttention()) {
            chat.setNeedsAttention(true);
        }
    }
}
