package dev.parley.chat.control;

import dev.parley.chat.entity.Chat;
import dev.parley.chat.entity.HandledBy;
import dev.parley.chat.entity.Message;
import dev.parley.chat.entity.MessageType;
import dev.parley.platform.ApiException;
import dev.parley.tenant.control.CurrentTenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
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
@Transactional
public class Handovers {

    @PersistenceContext
    EntityManager em;

    @Inject
    Chats chats;

    @Inject
    Messages messages;

    @Inject
    Event<ChatEvent> events;

    /**
     * Hands a visitor or assistant chat to {@code to}; {@code by} is the staff member taking
     * over or releasing it, or the visitor asking for a person. Announced to the chat and to staff,
     * and told in the chat itself by a notice (so seed 002's widget, which shows only messages,
     * shows who joined). Callers take the chat's send order: the notice is a message.
     */
    public ChatView handOver(Actor by, long chatId, HandledBy to) {
        chats.requireMember(by, chatId);
        Chat chat = em.find(Chat.class, chatId, LockModeType.PESSIMISTIC_WRITE);
        if (!chat.isKeyed()) {
            throw ApiException.conflict("not_assistant_chat", "Only visitor and assistant chats change hands");
        }
        if (to == HandledBy.waiting && chat.getHandledBy() != HandledBy.assistant) {
            return chats.view(by, chatId); // a person is already asked for, or here
        }
        if (chat.getHandledBy() != to) {
            chat.handOver(to);
            if (to == HandledBy.waiting) {
                chat.setNeedsAttention(true);
            }
            events.fire(new ChatEvent.HandedOver(CurrentTenant.idOrNone(), Chats.refOf(chat), to.name(), by, chats.visitorOf(chat)));
            messages.post(new Messages.Post(Actor.system(), chatId,
                    Message.Draft.text(MessageType.system, notice(by, to), null), null, false));
        }
        return chats.view(by, chatId);
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
    public void markNeedsAttention(long chatId) {
        Chat chat = em.find(Chat.class, chatId, LockModeType.PESSIMISTIC_WRITE);
        if (chat != null && chat.getHandledBy() == HandledBy.assistant && !chat.isNeedsAttention()) {
            chat.setNeedsAttention(true);
        }
    }
}
