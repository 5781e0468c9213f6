package dev.parley.realtime.boundary;

import dev.parley.chat.control.Actor;
import dev.parley.chat.control.ChatRef;
import dev.parley.chat.control.Chats;
import dev.parley.chat.control.Drafts;
import dev.parley.chat.control.MessageView;
import dev.parley.chat.control.MessageWriter;
import dev.parley.chat.control.Messages;
import dev.parley.chat.entity.ChatParticipant;
import dev.parley.identity.control.VisitorLimits;
import dev.parley.identity.entity.ParticipantType;
import dev.parley.realtime.control.Broker;
import dev.parley.realtime.control.Connection;
import dev.parley.realtime.control.ConnectionRegistry;
import dev.parley.realtime.control.Delivery;
import dev.parley.realtime.control.RealtimeSettings;
import dev.parley.realtime.control.ServerFrames;
import dev.parley.tenant.control.CurrentTenant;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The chat frames: joining and leaving chats, sending, typing and reading (docs/protocol.md). */
@ApplicationScoped
public class ChatFrames implements FrameHandler {

    /** The most messages one join_chat replays; a longer backlog is replayed by joining again. */
    static final int MAX_REPLAY = 500;

    @Inject
    RealtimeSettings settings;

    @Inject
    ConnectionRegistry registry;

    @Inject
    Broker broker;

    @Inject
    Chats chats;

    @Inject
    Messages messages;

    @Inject
    MessageWriter writer;

    /** Where frames that waited for this message's ack are handled. */
    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService later;

    @Inject
    VisitorLimits limits;

    @Override
    public Set<Class<? extends ClientFrame>> handles() {
        return Set.of(ClientFrame.JoinChat.class, ClientFrame.LeaveChat.class, ClientFrame.SendMessage.class,
                ClientFrame.Typing.class, ClientFrame.ReadMessage.class);
    }

    @Override
    public void handle(Connection connection, ClientFrame frame) {
        Actor actor = connection.actor();
        if (frame instanceof ClientFrame.JoinChat join) {
            joinChat(connection, join);
        } else if (frame instanceof ClientFrame.LeaveChat leave) {
            leaveChat(connection, leave);
        } else if (frame instanceof ClientFrame.SendMessage send) {
            send(connection, send);
        } else if (frame instanceof ClientFrame.Typing typing) {
            ChatRef chat = joinedOrResolved(connection, typing.chat());
            broker.publish(new Delivery(connection.tenantId(), new Delivery.ToChat(chat.number()),
                    ServerFrames.typing(chat, actor.type().name(), actor.id(), typing.isTyping()),
                    true, connection.id()));
        } else if (frame instanceof ClientFrame.ReadMessage read) {
            messages.readUpTo(actor, chats.resolve(actor, read.chat()).number(), read.messageId());
        }
    }

    /**
     * Stores a message and acknowledges it once committed, without holding the connection meanwhile: its
     * next messages are read and join the same or the next batch ({@link MessageWriter}), and its other
     * frames wait for the acks ({@link dev.parley.realtime.control.AnswerOrder}), so a client's answers come
     * in the order of its frames. A chat named by number is checked with the post itself; a key is
     * resolved first.
     */
    private void send(Connection connection, ClientFrame.SendMessage send) {
        Actor actor = connection.actor();
        ChatRef chat = send.chat() != null && send.chat().key() == null ? send.chat() : chats.resolve(actor, send.chat());
        if (actor.type() == ParticipantType.visitor) {
            limits.takeMessage(connection.tenantId(), actor.id());
            limits.checkReplies(connection.tenantId());
        }
        var draft = Drafts.of(send.messageType(), send.content(), send.mediaUrl(), send.thumbnailUrl(),
                send.replyToMessageId(), send.entityRefType(), send.entityRefId(), send.clientMessageId());
        var stored = writer.submit(new MessageWriter.Post(actor, chat, draft));
        connection.answers().awaitAnswer();
        stored.whenComplete((sent, failure) -> {
            try {
                if (failure == null) {
                    MessageView message = sent.message();
                    connection.send(ServerFrames.ack(chat, message.clientMessageId(), message.id(), message.seq(),
                            sent.duplicate()), false);
                } else {
                    connection.send(FrameErrors.answer(MessageWriter.unwrap(failure), send), false);
                }
            } finally {
                connection.answers().answered(later); // whatever happened: the frames after it must not wait forever
            }
        });
    }

    /** Typing comes often: a chat this connection joined needs no database look-up when named by number. */
    private ChatRef joinedOrResolved(Connection connection, ChatRef named) {
        if (named.key() == null && connection.joinedChats().contains(named.id())) {
            return named;
        }
        return chats.resolve(connection.actor(), named);
    }

    /**
     * Joins a chat: with {@code since_seq}, every message after it is sent
     * first, in order, then {@code chat_joined}, then live messages. The
     * connection subscribes before reading the backlog and holds the live
     * messages back meanwhile, then sends the ones the backlog did not have:
     * none is lost or repeated between the replay and the live ones, and
     * senders never wait for a join.
     */
    private void joinChat(Connection connection, ClientFrame.JoinChat join) {
        Actor actor = connection.actor();
        ChatRef chat = chats.resolve(actor, join.chat());
        long chatId = chat.number();
        // At most half the outgoing queue's bytes, so a long absence cannot overflow it; the rest comes on request.
        int budget = settings.outgoingQueueBytes() / 2;
        connection.naming(chat);
        connection.holdBack(chatId);
        boolean participantJoined = registry.join(connection, chatId, () -> chats.lastSeq(chatId));
        long after = join.sinceSeq() == null ? 0 : join.sinceSeq();
        try {
            int replayed = 0;
            int replayedBytes = 0;
            boolean more = false;
            boolean full = false;
            if (join.sinceSeq() != null) {
                do {
                    Messages.Page page = messages.after(actor, chatId, after,
                            Math.min(Messages.MAX_PAGE_SIZE, MAX_REPLAY - replayed));
                    more = page.hasMore();
                    for (MessageView message : page.messages()) {
                        String frame = ServerFrames.message(chat, message);
                        if (replayed > 0 && replayedBytes + frame.length() > budget) {
                            more = true; // the rest of this page comes with the next join
                            full = true;
                            break;
                        }
                        connection.send(frame, false);
                        after = message.seq();
                        replayed++;
                        replayedBytes += frame.length();
                    }
                } while (more && !full && replayed < MAX_REPLAY && !connection.isClosed());
            }
            connection.send(ServerFrames.chatJoined(chat, chats.lastSeq(chatId), replayed, more), false);
        } finally {
            connection.release(chatId, after);
        }
        if (participantJoined) {
            announce(connection, chat, "user_joined"); // the participant's first connection there
        }
        connection.send(ServerFrames.presence(chat, online(connection, chatId)), true);
    }

    /** Joins a chat with neither replay nor announcement: an assistant session's socket, for its streamed replies. */
    void joinQuietly(Connection connection, ChatRef chat) {
        connection.naming(chat);
        registry.join(connection, chat.number(),
                () -> CurrentTenant.call(connection.tenantId(), () -> chats.lastSeq(chat.number())));
    }

    private void leaveChat(Connection connection, ClientFrame.LeaveChat leave) {
        ChatRef chat = chats.resolve(connection.actor(), leave.chat());
        if (registry.leave(connection, chat.number())) {
            announce(connection, chat, "user_left"); // the participant's last connection there
        }
        connection.send(ServerFrames.chatLeft(chat), false);
    }

    private List<ServerFrames.Participant> online(Connection connection, long chatId) {
        List<ServerFrames.Participant> online = new ArrayList<>();
        for (ChatParticipant p : chats.participants(chatId)) {
            if (registry.isOnline(connection.tenantId(), p.getParticipantType(), p.getParticipantId())) {
                online.add(new ServerFrames.Participant(p.getParticipantType().name(), p.getParticipantId()));
            }
        }
        return online;
    }

    /**
     * Tells the chat that the connection's participant joined or left; the registry decides
     * which join is a participant's first and which leave its last.
     */
    void announce(Connection connection, ChatRef chat, String type) {
        Actor actor = connection.actor();
        broker.publish(new Delivery(connection.tenantId(), new Delivery.ToChat(chat.number()),
                ServerFrames.membership(type, chat, actor.type().name(), actor.id()), true, connection.id()));
    }
}
