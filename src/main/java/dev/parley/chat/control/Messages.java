package dev.parley.chat.control;

import dev.parley.chat.control.ChatEvent.MessageDeleted;
import dev.parley.chat.control.ChatEvent.MessageUpdated;
import dev.parley.chat.control.ChatEvent.MessagesRead;
import dev.parley.chat.entity.ChatParticipant;
import dev.parley.chat.entity.Message;
import dev.parley.chat.entity.MessageType;
import dev.parley.identity.entity.ParticipantType;
import dev.parley.platform.ApiException;
import dev.parley.tenant.control.CurrentTenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Reading and changing messages of the current tenant's chats, for members
 * only: to anyone else a chat does not exist (404). Posting is
 * {@link MessageWriter}'s; every change here is announced only after it committed.
 */
@ApplicationScoped
@Transactional
public class Messages {

    public static final int MAX_PAGE_SIZE = 200;

    @PersistenceContext
    EntityManager em;

    @Inject
    Chats chats;

    @Inject
    ReadReceipts receipts;

    @Inject
    Event<ChatEvent> events;

    @Inject
    MediaAttachments attachments;

    /** A page of history. */
    public record Page(List<MessageView> messages, long total, int page, int pageSize, boolean hasMore) {
    }

    /** Where the reader stands after a read. */
    public record ReadMark(ChatRef chatId, long lastReadSeq, long unreadCount) {
    }

    /**
     * Checks what a draft names before it is posted ({@link MessageWriter}): its upload (marked as carried,
     * so the unsent-upload sweep leaves it) and the message it replies to. Answers the draft with the
     * upload's canonical paths and file.
     */
    public Message.Draft prepare(Actor sender, long chatId, Message.Draft draft) {
        if (sender.isMember()) {
            chats.requireMember(sender, chatId);
        }
        if (draft.replyToMessageId() != null) {
            Message repliedTo = em.find(Message.class, draft.replyToMessageId());
            if (repliedTo == null || repliedTo.getChatId() != chatId) {
                throw ApiException.invalidField("reply_to_message_id", "no such message in this chat");
            }
        }
        return withUpload(sender, draft);
    }

    /**
     * A media message carries one of the tenant's uploads (a visitor's: one of its own), of a type that fits it (an image for
     * {@code image}, audio for {@code voice}); its canonical paths and the file's name, type and size
     * are stored with it, whatever the client wrote.
     */
    private Message.Draft withUpload(Actor sender, Message.Draft draft) {
        if (draft.mediaUrl() == null) {
            return draft.thumbnailUrl() == null ? draft : draft.withAttachment(null, null, null);
        }
        MediaAttachments.Upload upload = attachments.find(draft.mediaUrl())
                // An anonymous visitor sends its own uploads only: never a file it was not meant to have.
                .filter(u -> sender.type() != ParticipantType.visitor || (u.uploader().type() == ParticipantType.visitor
                        && u.uploader().id() == sender.id()))
                .orElseThrow(() -> ApiException.invalidField("media_url",
                        "not a file uploaded to this tenant (upload it with POST /api/v1/chat/upload)"));
        String type = upload.file().fileType();
        if ((draft.messageType() == MessageType.image && !type.startsWith("image/"))
                || (draft.messageType() == MessageType.voice && !type.startsWith("audio/"))) {
            throw ApiException.invalidField("message_type", "a " + draft.messageType() + " message cannot carry "
                    + type);
        }
        return draft.withAttachment(upload.url(), upload.thumbnailUrl(), upload.file());
    }

    /** A message id for a reply that is still being written: its streamed deltas name it. */
    public long reserveId() {
        return ((Number) em.createNativeQuery("SELECT nextval(pg_get_serial_sequence('messages', 'id'))")
                .getSingleResult()).longValue();
    }

    /** Newest first, {@code pageSize} at most {@value #MAX_PAGE_SIZE}. */
    public Page history(Actor reader, long chatId, int page, int pageSize) {
        chats.requireMember(reader, chatId);
        int size = clampPageSize(pageSize);
        int number = Math.max(1, page);
        long total = em.createNamedQuery(Message.COUNT, Long.class).setParameter("chatId", chatId).getSingleResult();
        List<Message> found = em.createNamedQuery(Message.NEWEST_FIRST, Message.class)
                .setParameter("chatId", chatId)
                .setFirstResult((number - 1) * size)
                .setMaxResults(size)
                .getResultList();
        return new Page(withReceipts(found), total, number, size, (long) number * size < total);
    }

    /** Oldest first, the messages after {@code afterSeq}: for catching up. */
    public Page after(Actor reader, long chatId, long afterSeq, int pageSize) {
        chats.requireMember(reader, chatId);
        int size = clampPageSize(pageSize);
        List<Message> found = em.createNamedQuery(Message.AFTER_SEQ, Message.class)
                .setParameter("chatId", chatId)
                .setParameter("seq", afterSeq)
                .setMaxResults(size + 1)
                .getResultList();
        boolean more = found.size() > size;
        List<Message> page = more ? found.subList(0, size) : found;
        long total = em.createNamedQuery(Message.COUNT, Long.class).setParameter("chatId", chatId).getSingleResult();
        return new Page(withReceipts(page), total, 1, size, more);
    }

    public MessageView edit(Actor editor, long chatId, long messageId, String content) {
        Message message = ownMessage(editor, chatId, messageId, "edit");
        message.edit(content);
        MessageView view = withReceipts(message);
        events.fire(new MessageUpdated(CurrentTenant.idOrNone(), view.chatId(), view));
        return view;
    }

    public void delete(Actor deleter, long chatId, long messageId) {
        Message message = ownMessage(deleter, chatId, messageId, "delete");
        message.delete();
        events.fire(new MessageDeleted(CurrentTenant.idOrNone(), Chats.refOf(chats.get(chatId)), message.getId(),
                message.getSeq()));
    }

    /**
     * Marks everything up to {@code messageId} as read by {@code reader},
     * storing a receipt per message; reading an older message changes nothing.
     */
    public ReadMark readUpTo(Actor reader, long chatId, long messageId) {
        ChatParticipant member = chats.requireMemberForUpdate(reader, chatId);
        Message message = em.find(Message.class, messageId);
        if (message == null || message.getChatId() != chatId) {
            throw ApiException.notFound("Message");
        }
        long before = member.getLastReadSeq();
        if (member.readUpTo(message.getSeq())) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            receipts.record(chatId, before, message.getSeq(), reader.type().name(), reader.id(), now);
            events.fire(new MessagesRead(CurrentTenant.idOrNone(), Chats.refOf(chats.get(chatId)), message.getId(),
                    message.getSeq(),
                    reader.type().name(), reader.id(), now, message.getSenderType(), message.getSenderId()));
        }
        return new ReadMark(Chats.refOf(chats.get(chatId)), member.getLastReadSeq(), chats.unreadCount(chatId, member));
    }

    /** A message of the chat, for Parley itself (a retried post answers with its original). */
    MessageView view(long chatId, long messageId) {
        Message message = em.find(Message.class, messageId);
        if (message == null || message.getChatId() != chatId) {
            throw ApiException.notFound("Message");
        }
        return withReceipts(message);
    }

    public MessageView get(Actor reader, long chatId, long messageId) {
        chats.requireMember(reader, chatId);
        Message message = em.find(Message.class, messageId);
        if (message == null || message.getChatId() != chatId) {
            throw ApiException.notFound("Message");
        }
        return withReceipts(message);
    }

    private Message ownMessage(Actor actor, long chatId, long messageId, String action) {
        chats.requireMember(actor, chatId);
        // Locked: an edit racing a delete must not bring the message back.
        Message message = em.find(Message.class, messageId, LockModeType.PESSIMISTIC_WRITE);
        if (message == null || message.getChatId() != chatId) {
            throw ApiException.notFound("Message");
        }
        if (!message.isSentBy(actor.type().name(), actor.id())) {
            throw ApiException.forbidden("forbidden", "Only its sender may " + action + " a message");
        }
        if (message.isDeleted()) {
            throw ApiException.conflict("message_deleted", "The message was deleted");
        }
        return message;
    }

    private MessageView withReceipts(Message message) {
        return withReceipts(List.of(message)).get(0);
    }

    private List<MessageView> withReceipts(List<Message> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        ChatRef chat = Chats.refOf(chats.get(messages.get(0).getChatId()));
        Map<Long, List<MessageView.ReadReceipt>> byMessage = receipts.of(messages.stream().map(Message::getId).toList());
        return messages.stream().map(m -> MessageView.of(m, chat, byMessage.getOrDefault(m.getId(), List.of())))
                .toList();
    }

    /** The messages with a seq in ({@code afterSeq}, {@code toSeq}], oldest first, for Parley itself (a gap in delivery). */
    public List<MessageView> between(long chatId, long afterSeq, long toSeq) {
        List<Message> found = em.createNamedQuery(Message.AFTER_SEQ, Message.class)
                .setParameter("chatId", chatId)
                .setParameter("seq", afterSeq)
                .setMaxResults((int) Math.max(0, toSeq - afterSeq))
                .getResultList();
        return withReceipts(found.stream().filter(m -> m.getSeq() <= toSeq).toList());
    }

    /** The newest messages of a chat, oldest first, for Parley itself (the assistant's context). */
    public List<MessageView> recent(long chatId, int count) {
        List<Message> newest = em.createNamedQuery(Message.NEWEST_FIRST, Message.class)
                .setParameter("chatId", chatId).setMaxResults(count).getResultList();
        List<MessageView> views = new java.util.ArrayList<>(withReceipts(newest));
        java.util.Collections.reverse(views);
        return views;
    }

    static int clampPageSize(int requested) {
        return requested <= 0 ? 50 : Math.min(requested, MAX_PAGE_SIZE);
    }
}
