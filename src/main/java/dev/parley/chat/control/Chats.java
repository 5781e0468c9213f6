package dev.parley.chat.control;

import dev.parley.chat.control.ChatView.ParticipantView;
import dev.parley.chat.entity.Chat;
import dev.parley.chat.entity.ChatParticipant;
import dev.parley.chat.entity.ChatType;
import dev.parley.chat.entity.HandledBy;
import dev.parley.chat.entity.Message;
import dev.parley.identity.control.CustomerAccounts;
import dev.parley.identity.control.UserAccounts;
import dev.parley.identity.control.Visitors;
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
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The current tenant's chats: opening them, listing and changing them, and who belongs to them. */
@ApplicationScoped
@Transactional
public class Chats {

    /** How many visitor chats a staff member's list holds at most: the inbox is for current conversations. */
    static final int VISITOR_CHATS_LISTED = 200;

    @PersistenceContext
    EntityManager em;

    @Inject
    UserAccounts users;

    @Inject
    CustomerAccounts customers;

    @Inject
    Visitors visitors;


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
        events.fire(new ChatEvent.ChatOpened(CurrentTenant.idOrNone(), refOf(chat), chat.getChatType().name(), title,
                List.of(new ChatEvent.ChatOpened.Participant(opener.type(), opener.id()),
                        new ChatEvent.ChatOpened.Participant(other.getParticipantType(), other.getParticipantId()))));
        return chat;
    }

    /**
     * A visitor opens a chat that the assistant answers until a person takes over. Named by a fresh
     * unguessable key; every staff connection hears of it.
     */
    public Chat openForVisitor(Actor visitor, String title, String context) {
        return openWithAssistant(visitor, Chat.answeredByAssistant(ChatType.visitor, title, context));
    }

    /** A caller opens an assistant session (seed 003), named by the client's session id and by a key. */
    public Chat openAssistantSession(Actor owner, String sessionId) {
        return openWithAssistant(owner, Chat.assistantSession(sessionId, "Assistant session"));
    }

    private Chat openWithAssistant(Actor opener, Chat chat) {
        em.persist(chat);
        em.flush();
        em.persist(new ChatParticipant(chat.getId(), opener.type(), opener.id()));
        events.fire(new ChatEvent.ChatOpened(CurrentTenant.idOrNone(), refOf(chat), chat.getChatType().name(),
                chat.getTitle(), List.of(new ChatEvent.ChatOpened.Participant(opener.type(), opener.id()))));
        return chat;
    }

    /** The current tenant's assistant session of this id, if there is one. */
    public Optional<Chat> assistantSession(String sessionId) {
        return em.createQuery("select c from Chat c where c.sessionId = :session", Chat.class)
                .setParameter("session", sessionId).getResultList().stream().findFirst();
    }

    /**
     * Whether any tenant has an assistant session of this id. Deliberately across tenants (native
     * SQL, unfiltered): a session id taken in one tenant is refused in every other.
     */
    public boolean sessionIdTaken(String sessionId) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM chats WHERE session_id = ?1")
                .setParameter(1, sessionId).getSingleResult()).longValue() > 0;
    }

    /**
     * The chat a client names, if {@code actor} may see it: 404 otherwise. Keyed chats are found by
     * their key only, never by number, so a number cannot be guessed into a visitor's conversation.
     */
    public ChatRef resolve(Actor actor, ChatRef named) {
        Chat chat = find(named).orElseThrow(() -> ApiException.notFound("Chat"));
        requireMember(actor, chat.getId());
        return refOf(chat);
    }

    /** The chat a client names, whoever asks; for checks that come after. */
    public Optional<Chat> find(ChatRef named) {
        if (named == null) {
            return Optional.empty();
        }
        if (named.key() != null) {
            return em.createQuery("select c from Chat c where c.key = :key", Chat.class)
                    .setParameter("key", named.key()).getResultList().stream().findFirst();
        }
        Chat chat = named.id() == null ? null : em.find(Chat.class, named.id());
        return chat == null || chat.isKeyed() ? Optional.empty() : Optional.of(chat);
    }

    public Chat get(long chatId) {
        return em.find(Chat.class, chatId);
    }

    public static ChatRef refOf(Chat chat) {
        return new ChatRef(chat.getId(), chat.getKey());
    }

    /** The visitor taking part in a visitor chat, or null (other chats, assistant sessions of accounts). */
    public Long visitorOf(Chat chat) {
        if (chat.getChatType() != ChatType.visitor) {
            return null;
        }
        List<?> found = em.createNativeQuery("SELECT participant_id FROM chat_participants WHERE tenant_id = ?1"
                        + " AND chat_id = ?2 AND participant_type = 'visitor'")
                .setParameter(1, CurrentTenant.idOrNone())
                .setParameter(2, chat.getId())
                .getResultList();
        return found.isEmpty() ? null : ((Number) found.get(0)).longValue();
    }

    /**
     * The chats {@code member} belongs to, most recently active first; staff also see the tenant's
     * {@value #VISITOR_CHATS_LISTED} most recently active visitor chats (the inbox), whether or not
     * they took part. {@code type}, when given, keeps only chats of that type.
     */
    public List<ChatView> listFor(Actor member, boolean archived, ChatType type) {
        List<Chat> found = new ArrayList<>(em.createQuery("""
                        select c from Chat c
                        where c.archived = :archived and (:type is null or c.chatType = :type) and c.id in (
                            select p.chatId from ChatParticipant p
                            where p.participantType = :participantType and p.participantId = :id and p.active = true)
                        """, Chat.class)
                .setParameter("archived", archived)
                .setParameter("type", type)
                .setParameter("participantType", member.type())
                .setParameter("id", member.id())
                .getResultList());
        if (member.isStaff() && (type == null || type == ChatType.visitor)) {
            Set<Long> listed = new HashSet<>();
            found.forEach(chat -> listed.add(chat.getId()));
            em.createQuery("""
                            select c from Chat c where c.chatType = :visitor and c.archived = :archived
                            order by c.lastMessageAt desc nulls last, c.id desc""", Chat.class)
                    .setParameter("visitor", ChatType.visitor)
                    .setParameter("archived", archived)
                    .setMaxResults(VISITOR_CHATS_LISTED)
                    .getResultList().stream().filter(chat -> listed.add(chat.getId())).forEach(found::add);
        }
        found.sort(Comparator.comparing(Chat::getLastMessageAt, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
                .thenComparing(Chat::getId).reversed());
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

    /** Who is taking part in a chat, whoever asks (for Parley's own deliveries). */
    public List<ChatParticipant> participantsOf(long chatId) {
        return participants(chatId);
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

    /**
     * The membership of {@code actor} in the chat; 404 when the chat is not theirs (or not there).
     * Staff are members of every visitor chat of their tenant: the first time one acts in it, they join it.
     */
    public ChatParticipant requireMember(Actor actor, long chatId) {
        return member(actor, chatId, "").or(() -> joinAsStaff(actor, chatId))
                .orElseThrow(() -> ApiException.notFound("Chat"));
    }

    /**
     * Hands a visitor or assistant chat to {@code to} under its lock, announced after commit; answers
     * whether it changed hands. Asking for a person ({@code waiting}) changes nothing once one is asked
     * for or there.
     */
    public boolean changeHands(Actor by, long chatId, HandledBy to) {
        requireMember(by, chatId);
        Chat chat = em.find(Chat.class, chatId, LockModeType.PESSIMISTIC_WRITE);
        if (!chat.isKeyed()) {
            throw ApiException.conflict("not_assistant_chat", "Only visitor and assistant chats change hands");
        }
        if (chat.getHandledBy() == to || (to == HandledBy.waiting && chat.getHandledBy() != HandledBy.assistant)) {
            return false;
        }
        chat.handOver(to);
        if (to == HandledBy.waiting) {
            chat.setNeedsAttention(true);
        }
        events.fire(new ChatEvent.HandedOver(CurrentTenant.idOrNone(), refOf(chat), to.name(), by, visitorOf(chat)));
        return true;
    }

    /** The membership, locked until commit: read marks only ever move forward, even from two devices at once. */
    public ChatParticipant requireMemberForUpdate(Actor actor, long chatId) {
        requireMember(actor, chatId);
        return member(actor, chatId, " FOR UPDATE").orElseThrow(() -> ApiException.notFound("Chat"));
    }

    private Optional<ChatParticipant> joinAsStaff(Actor actor, long chatId) {
        Chat chat = actor.isStaff() ? em.find(Chat.class, chatId) : null;
        if (chat == null || chat.getChatType() != ChatType.visitor) {
            return Optional.empty();
        }
        em.createNativeQuery("INSERT INTO chat_participants (tenant_id, chat_id, participant_type, participant_id)"
                        + " VALUES (?1, ?2, 'user', ?3) ON CONFLICT (tenant_id, chat_id, participant_type, participant_id)"
                        + " DO NOTHING")
                .setParameter(1, CurrentTenant.idOrNone())
                .setParameter(2, chatId)
                .setParameter(3, actor.id())
                .executeUpdate();
        return member(actor, chatId, "");
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

    /** The seq of each named chat's newest message, whatever its tenant: for Parley's own delivery checks. */
    public Map<Long, Long> lastSeqs(List<Long> chatIds) {
        Map<Long, Long> found = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT id, last_seq FROM chats WHERE id = ANY(?1)")
                .setParameter(1, chatIds.toArray(Long[]::new)).getResultList();
        for (Object[] row : rows) {
            found.put(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
        }
        return found;
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
        boolean viewerIsMember = false;
        for (ChatParticipant p : participants(chat.getId())) {
            long unread = unreadCount(chat.getId(), p);
            boolean isOnline = presence.isResolvable()
                    && presence.get().isOnline(tenant, p.getParticipantType(), p.getParticipantId());
            if (isOnline) {
                online.add(p.getParticipantId());
            }
            if (p.is(viewer.type(), viewer.id())) {
                viewerUnread = unread;
                viewerIsMember = true;
            }
            participants.add(describe(p, unread, isOnline));
        }
        long total = em.createNamedQuery(Message.COUNT, Long.class).setParameter("chatId", chat.getId())
                .getSingleResult();
        if (!viewerIsMember && viewer.isStaff()) {
            viewerUnread = total; // a visitor chat this staff member has not opened yet
        }
        return new ChatView(refOf(chat), chat.getChatType().name(), tenant, chat.getTitle(), true,
                chat.isArchived(), chat.getLastSeq(), chat.getLastMessageAt(), chat.getLastMessagePreview(),
                chat.getCreatedAt(), chat.getUpdatedAt(), participants, total, viewerUnread, online,
                chat.getHandledBy() == null ? null : chat.getHandledBy().name(), chat.isNeedsAttention(),
                visitorOf(chat, participants));
    }

    private ChatView.VisitorView visitorOf(Chat chat, List<ParticipantView> participants) {
        if (chat.getChatType() != ChatType.visitor) {
            return null;
        }
        JsonObject context = chat.getContext() == null ? JsonValue.EMPTY_JSON_OBJECT
                : Json.createReader(new StringReader(chat.getContext())).readObject();
        return participants.stream().filter(p -> p.participantType().equals(ParticipantType.visitor.name()))
                .findFirst().flatMap(p -> visitors.get(p.participantId()))
                .map(v -> new ChatView.VisitorView(v.getSessionId(), v.getVisitorId(), context))
                .orElse(new ChatView.VisitorView(null, null, context));
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
        } else if (p.getParticipantType() == ParticipantType.visitor) {
            name = "Visitor";
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
