package dev.parley.realtime.control;

import dev.parley.chat.control.Actor;
import dev.parley.chat.control.ChatEvent;
import dev.parley.chat.control.ChatEvent.ChatOpened;
import dev.parley.chat.control.ChatEvent.HandedOver;
import dev.parley.chat.control.ChatEvent.MessageDeleted;
import dev.parley.chat.control.ChatEvent.MessagePosted;
import dev.parley.chat.control.ChatEvent.MessageUpdated;
import dev.parley.chat.control.ChatEvent.MessagesRead;
import dev.parley.chat.control.MessageView;
import dev.parley.identity.entity.ParticipantType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * Announces committed chat changes to the chat's live connections, and each
 * message's status (sent, delivered, read) to its sender's. Runs after
 * the transaction succeeded, never inside it: nothing rolled back is ever
 * announced. What a client misses (offline, too slow) it reads back by seq.
 *
 * <p>Visitor chats: staff see them all, so their openings and hand-overs go
 * to every staff connection; the visitor's widget connections (seed 002's
 * paths) get {@code chat_message} frames for what they did not send or receive
 * in a REST response (docs/assistant.md, "What the widget receives").
 */
@ApplicationScoped
public class ChatFanout {

    @Inject
    Broker broker;

    @Inject
    DeliveredStatus statuses;

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) ChatEvent event) {
        if (event instanceof MessagePosted posted) {
            announcePosted(posted);
        } else if (event instanceof ChatOpened opened) {
            announceOpened(opened);
        } else if (event instanceof HandedOver handedOver) {
            announceHandOver(handedOver);
        } else if (event instanceof MessageUpdated updated) {
            toChat(event, ServerFrames.messageUpdated(updated.chat(), updated.message()));
        } else if (event instanceof MessageDeleted deleted) {
            toChat(event, ServerFrames.messageDeleted(deleted.chat(), deleted.messageId(), deleted.seq()));
        } else if (event instanceof MessagesRead read) {
            toChat(event, ServerFrames.readReceipt(read.chat(), read.messageId(), read.seq(), read.readerType(),
                    read.readerId(), read.readAt()));
            toSender(read.tenantId(), read.senderType(), read.senderId(),
                    ServerFrames.messageStatus(read.messageId(), read.chat(), "read"));
        }
    }

    private void toChat(ChatEvent event, String frame) {
        broker.publish(new Delivery(event.tenantId(), new Delivery.ToChat(event.chatId()), frame, false, null));
    }

    /** Nobody has joined a new chat yet: each participant's connections hear of it directly, staff of visitor chats. */
    private void announceOpened(ChatOpened opened) {
        String frame = ServerFrames.chatCreated(opened.chat(), opened.chatType(), opened.title());
        for (ChatOpened.Participant participant : opened.participants()) {
            broker.publish(new Delivery(opened.tenantId(),
                    new Delivery.ToParticipant(participant.type(), participant.id()), frame, false, null));
        }
        if (opened.chat().key() != null && "visitor".equals(opened.chatType())) {
            broker.publish(new Delivery(opened.tenantId(), new Delivery.ToStaff(), frame, false, null));
        }
    }

    private void announceHandOver(HandedOver handedOver) {
        Actor by = handedOver.by();
        String frame = ServerFrames.handoff(handedOver.chat(), handedOver.handledBy(),
                by == null ? null : new ServerFrames.By(by.type().name(), by.id(), by.name()));
        broker.publish(new Delivery(handedOver.tenantId(), new Delivery.ToStaff(), frame, false, null));
        if (handedOver.visitor() != null) {
            broker.publish(new Delivery(handedOver.tenantId(),
                    new Delivery.ToParticipant(ParticipantType.visitor, handedOver.visitor()), frame, false, null)
                    .withWidgetFrame(frame));
        } else {
            toChat(handedOver, frame); // an assistant session of an account: its own connections joined it
        }
    }

    /**
     * A new message: {@code message_status sent} to its sender, the message to the chat, and
     * {@code message_status delivered} to the sender once the first connection of another participant
     * has been sent it ({@link DeliveredStatus}).
     */
    private void announcePosted(MessagePosted posted) {
        MessageView message = posted.message();
        toSender(posted.tenantId(), message.senderType(), message.senderId(),
                ServerFrames.messageStatus(message.id(), posted.chat(), "sent"));
        // Announced right after its commit (MessageWriter): the delivery latency counts from here.
        Delivery toChat = messageDelivery(posted.tenantId(), posted.chatId(), message, null, Delivery.epochMicros());
        if (toChat.sender() != null) {
            statuses.expect(message.id());
        }
        broker.publish(toChat);
        Long visitor = posted.visitor();
        boolean ownMessage = "visitor".equals(message.senderType());
        if (visitor != null && !ownMessage && !posted.returnedToSender()) {
            broker.publish(new Delivery(posted.tenantId(), new Delivery.ToParticipant(ParticipantType.visitor, visitor),
                    null, false, null).withWidgetFrame(ServerFrames.chatMessage(message)).sentBy(toChat.sender()));
        }
    }

    /**
     * A chat's message for its connections, in seq order; {@code origin} as in {@link Delivery.SentBy}.
     * Messages of the system and the assistant have no sender to tell.
     */
    static Delivery messageDelivery(UUID tenantId, long chatId, MessageView message, String origin,
                                    long committedAtMicros) {
        Delivery delivery = new Delivery(tenantId, new Delivery.ToChat(chatId),
                ServerFrames.message(message.chatId(), message), false, null).ofMessage(message.seq(), committedAtMicros);
        if ("system".equals(message.senderType()) || "assistant".equals(message.senderType())) {
            return delivery;
        }
        return delivery.sentBy(new Delivery.SentBy(message.id(), message.chatId(), message.senderType(),
                message.senderId(), origin));
    }

    private void toSender(UUID tenantId, String senderType, long senderId, String frame) {
        if ("system".equals(senderType) || "assistant".equals(senderType)) {
            return;
        }
        broker.publish(new Delivery(tenantId,
                new Delivery.ToParticipant(ParticipantType.valueOf(senderType), senderId), frame, false, null));
    }
}
