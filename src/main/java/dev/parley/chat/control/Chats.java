package dev.parley.chat.control;

import dev.parley.chat.control.ChatView.ParticipantView;
import dev.parley.chat.entity.Chat;
import dev.parley.chat.entity.ChatParticipant;
import dev.parley.chat.entity.ChatType;
import dev.parley.chat.entity.Message;
import dev.parley.identity.control.CustomerAccounts;
import dev.parley.identity.control.UserAccounts;
import dev.parley.identity.entity.Customer;
import dev.parley.identity.entity.ParticipantType;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.User;
import dev.parley.platform.ApiException;
import dev.parley.tenant.control.CurrentTenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The current tenant's chats: opening them, listing and changing them, and who belongs to them. */
@ApplicationScoped
@Transactional
public class Chats {

    @PersistenceContext
    EntityManager em;

    @Inject
    UserAccounts users;

    @Inject
    CustomerAccounts customers;

    @Inject
    Instance<Presence> presence;

    @Inject
    Event<ChatEvent> events;

    /** A user opens a chat with a customer. */
    public Chat openWithCustomer(Actor user, long customerId, String title) {
        Customer customer = customers.get(customerId);
        if (!customer.isActive()) {
            throw ApiException.notFound("Customer");
        }
        return open(title, user, new ChatParticipant(0, ParticipantType.customer, customer.getId()));
    }

    /** A customer opens a chat with a user; without {@code userId}, with the tenant's first owner. */
    public Chat openWithUser(Actor customer, Long userId, String title) {
        User user = userId != null ? users.get(userId) : users.list().stream()
                .filter(u -> u.getRole() == Role.owner && u.isActive()).findFirst()
                .orElseThrow(() -> ApiException.notFound("User"));
        if (!user.isActive()) {
            throw ApiException.notFound("User");
        }
        return open(title, customer, new ChatParticipant(0, ParticipantType.user, user.getId()));
    }

    private Chat open(String title, Actor opener, ChatParticipant other) {
        Chat chat = new Chat(ChatType.user_customer, title);
        em.persist(chat);
        em.flush();
        em.persist(new ChatParticipant(chat.getId(), opener.type(), opener.id()));
        em.persist(new ChatParticipant(chat.getId(), other.getParticipantType(), other.getParticipantId()));
        events.fire(new ChatEvent.ChatOpened(CurrentTenant.idOrNone(), chat.getId(), title, List.of(
                new ChatEvent.ChatOpened.Participant(opener.type(), opener.id()),
                new ChatEvent.ChatOpened.Participant(other.getParticipantType(), other.getParticipantId()))));
        return chat;
    }

    /** The chats {@code member} belongs to, most recently active first. */
    public List<ChatView> listFor(Actor member, boolean archived) {
        List<Chat> found = em.createQuery("""
                        select c from Chat c
                        where c.archived = :archived and c.id in (
                            select p.chatId from ChatParticipant p
                            where p.participantType = :type and p.participantId = :id and p.active = true)
                        order by c.lastMessageAt desc nulls last, c.id desc""", Chat.class)
                .setParameter("archived", archived)
                .setParameter("type", member.type())
                .setParameter("id", member.id())
                .getResultList();
        List<ChatView> views = new ArrayList<>(found.size());
        for (Chat chat : found) {
            views.add(view(member, chat));
        }
        return views;
    }

    public ChatView view(Actor member, long chatId) {
        requireMember(member, chatId);
        return view(member, em.find(Chat.class, chatId));
    }

    public ChatView update(Actor member, long chatId, String title, Boolean archived) {
        requireMember(member, chatId);
        Chat chat = em.find(Chat.class, chatId, LockModeType.PESSIMISTIC_WRITE);
        if (title != null) {
            chat.setTitle(title.isBlank() ? null : title.trim());
        }
        if (archived != null) {
            chat.setArchived(archived);
        }
        return view(member, chat);
    }

    /** The membership of {@code actor} in the chat; 404 when the chat is not theirs (or not there). */
    public ChatParticipant requireMember(Actor actor, long chatId) {
        return member(actor, chatId, "").orElseThrow(() -> ApiException.notFound("Chat"));
    }

    /** The membership, locked until commit: read marks only ever move forward, even from two devices at once. */
    public ChatParticipant requireMemberForUpdate(Actor actor, long chatId) {
        return member(actor, chatId, " FOR UPDATE").orElseThrow(() -> ApiException.notFound("Chat"));
    }

    /**
     * In SQL, with the tenant spelled out, because it runs for every message sent: Hibernate counts an entity's
     * {@code @TenantId} as an enabled filter and never caches the SQL of a query on such an entity, so a JPQL
     * query is translated again on every call (a fifth of the server's CPU in the persisted-throughput benchmark).
     */
    private Optional<ChatParticipant> member(Actor actor, long chatId, String lock) {
        List<?> found = em.createNativeQuery("SELECT * FROM chat_participants WHERE tenant_id = ?1 AND chat_id = ?2"
                        + " AND participant_type = ?3 AND participant_id = ?4 AND is_active" + lock, ChatParticipant.class)
                .setParameter(1, CurrentTenant.idOrNone())
                .setParameter(2, chatId)
                .setParameter(3, actor.type().name())
                .setParameter(4, actor.id())
                .getResultList();
        return found.stream().map(ChatParticipant.class::cast).findFirst();
    }

    /** The seq of the chat's newest message. */
    public long lastSeq(long chatId) {
        return em.createQuery("select c.lastSeq from Chat c where c.id = :id", Long.class)
                .setParameter("id", chatId).getSingleResult();
    }

    public List<ChatParticipant> participants(long chatId) {
        return em.createNamedQuery(ChatParticipant.OF_CHAT, ChatParticipant.class)
                .setParameter("chatId", chatId).getResultList();
    }

    long unreadCount(long chatId, ChatParticipant member) {
        return em.createNamedQuery(Message.UNREAD_COUNT, Long.class)
                .setParameter("chatId", chatId)
                .setParameter("afterSeq", member.getLastReadSeq())
                .setParameter("readerType", member.getParticipantType().name())
                .setParameter("readerId", member.getParticipantId())
                .getSingleResult();
    }

    private ChatView view(Actor viewer, Chat chat) {
        UUID tenant = CurrentTenant.idOrNone();
        List<ParticipantView> participants = new ArrayList<>();
        List<Long> online = new ArrayList<>();
        long viewerUnread = 0;
        for (ChatParticipant p : participants(chat.getId())) {
            long unread = unreadCount(chat.getId(), p);
            boolean isOnline = presence.isResolvable()
                    && presence.get().isOnline(tenant, p.getParticipantType(), p.getParticipantId());
            if (isOnline) {
                online.add(p.getParticipantId());
            }
            if (p.is(viewer.type(), viewer.id())) {
                viewerUnread = unread;
            }
            participants.add(describe(p, unread, isOnline));
        }
        long total = em.createNamedQuery(Message.COUNT, Long.class).setParameter("chatId", chat.getId())
                .getSingleResult();
        return new ChatView(chat.getId(), chat.getChatType().name(), tenant, chat.getTitle(), true,
                chat.isArchived(), chat.getLastSeq(), chat.getLastMessageAt(), chat.getLastMessagePreview(),
                chat.getCreatedAt(), chat.getUpdatedAt(), participants, total, viewerUnread, online);
    }

    private ParticipantView describe(ChatParticipant p, long unread, boolean online) {
        String name = null;
        String email = null;
        String phone = null;
        if (p.getParticipantType() == ParticipantType.user) {
            User user = em.find(User.class, p.getParticipantId());
            if (user != null) {
                name = user.getName();
                email = user.getEmail();
            }
        } else {
            Customer customer = em.find(Customer.class, p.getParticipantId());
            if (customer != null) {
                name = customer.getName();
                email = customer.getEmail();
                phone = customer.getPhone();
            }
        }
        return new ParticipantView(p.getParticipantType().name(), p.getParticipantId(), name, email, phone,
                p.getCreatedAt(), p.isActive(), online, unread, p.getLastReadSeq());
    }
}
