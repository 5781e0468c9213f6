package dev.parley.realtime.control;

import dev.parley.chat.control.ChatEvent;
import dev.parley.chat.control.ChatEvent.MessageDeleted;
import dev.parley.chat.control.ChatEvent.MessagePosted;
import dev.parley.chat.control.ChatEvent.MessageUpdated;
import dev.parley.chat.control.ChatEvent.MessagesRead;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/**
 * Announces committed chat changes to the chat's live connections. Runs after
 * the transaction succeeded, never inside it: nothing rolled back is ever
 * announced. What a client misses (offline, too slow) it reads back by seq.
 */
@ApplicationScoped
public class ChatFanout {

    @Inject
    Broker broker;

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) ChatEvent event) {
        String frame;
        if (event instanceof MessagePosted posted) {
            frame = ServerFrames.message(posted.chatId(), posted.message());
        } else if (event instanceof MessageUpdated updated) {
            frame = ServerFrames.messageUpdated(updated.chatId(), updated.message());
        } else if (event instanceof MessageDeleted deleted) {
            frame = ServerFrames.messageDeleted(deleted.chatId(), deleted.messageId(), deleted.seq());
        } else {
            MessagesRead read = (MessagesRead) event;
            frame = ServerFrames.readReceipt(read.chatId(), read.messageId(), read.seq(), read.readerType(),
                    read.readerId(), read.readAt());
        }
        broker.publish(new Delivery(event.tenantId(), new Delivery.ToChat(event.chatId()), frame, false, null));
    }
}
