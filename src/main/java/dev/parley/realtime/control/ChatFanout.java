package dev.parley.realtime.control;

import dev.parley.chat.control.ChatEvent.ChatOpened;
import dev.parley.chat.control.ChatEvent.MessageDeleted;
import dev.parley.chat.control.ChatEvent.MessagePosted;
import dev.parley.chat.control.ChatEvent.MessageUpdated;
import dev.parley.chat.control.ChatEvent.MessagesRead;
import dev.parley.chat.control.ChatEvent;
import dev.parley.chat.control.MessageView;
import dev.parley.identity.entity.ParticipantType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Announces committed chat changes to the chat's live connections, and each
 * message's status (sent, delivered, read) to its sender's. Runs after
 * the transaction succeeded, never inside it: nothing rolled back is ever
 * announced. What a client misses (offline, too slow) it reads back by seq.
 */
@ApplicationScoped
public class ChatFanout {

    @Inject
    Broker broker;

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) ChatEvent event) {
        if (event instanceof MessagePosted posted) {
            announcePosted(posted);
            return;
        }
        if (event instanceof ChatOpened opened) {
            // Nobody has joined a new chat yet: each participant's connections hear of it directly.
            String frame = ServerFrames.chatCreated(opened.chatId(), opened.title());
            for (ChatOpened.Participant participant : opened.participants()) {
                broker.publish(new Delivery(opened.tenantId(),
                        new Delivery.ToParticipant(participant.type(), participant.id()), frame, false, null));
            }
            return;
        }
        String frame;
        if (event instanceof MessageUpdated updated) {
            frame = ServerFrames.messageUpdated(updated.chatId(), updated.message());
        } else if (event instanceof MessageDeleted deleted) {
            frame = ServerFrames.messageDeleted(deleted.chatId(), deleted.messageId(), deleted.seq());
        } else {
            MessagesRead read = (MessagesRead) event;
            frame = ServerFrames.readReceipt(read.chatId(), read.messageId(), read.seq(), read.readerType(),
                    read.readerId(), read.readAt());
            toSender(read.tenantId(), read.senderType(), read.senderId(),
                    ServerFrames.messageStatus(read.messageId(), read.chatId(), "read"));
        }
        broker.publish(new Delivery(event.tenantId(), new Delivery.ToChat(event.chatId()), frame, false, null));
    }

    /**
     * A new message: {@code message_status sent} to its sender, the message to the
     * chat, and {@code message_status delivered} to the sender once the first
     * connection of another participant has been sent it.
     */
    private void announcePosted(MessagePosted posted) {
        MessageView message = posted.message();
        toSender(posted.tenantId(), message.senderType(), message.senderId(),
                ServerFrames.messageStatus(message.id(), posted.chatId(), "sent"));
        AtomicBoolean delivered = new AtomicBoolean();
        Consumer<Connection> onSent = connection -> {
            boolean byOther = !(connection.actor().type().name().equals(message.senderType())
                    && connection.actor().id() == message.senderId());
            if (byOther && delivered.compareAndSet(false, true)) {
                toSender(posted.tenantId(), message.senderType(), message.senderId(),
                        ServerFrames.messageStatus(message.id(), posted.chatId(), "delivered"));
            }
        };
        broker.publish(new Delivery(posted.tenantId(), new Delivery.ToChat(posted.chatId()),
                ServerFrames.message(posted.chatId(), message), false, null, onSent));
    }

    private void toSender(UUID tenantId, String senderType, long senderId, String frame) {
        if ("system".equals(senderType)) {
            return;
        }
        broker.publish(new Delivery(tenantId,
                new Delivery.ToParticipant(ParticipantType.valueOf(senderType), senderId), frame, false, null));
    }
}
