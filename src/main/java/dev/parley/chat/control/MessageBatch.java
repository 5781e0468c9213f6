package dev.parley.chat.control;

import dev.parley.chat.control.ChatEvent.MessagePosted;
import dev.parley.chat.entity.Chat;
import dev.parley.chat.entity.Message;
import dev.parley.identity.entity.ParticipantType;
import dev.parley.platform.ApiException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Stores a batch of posts, of any tenants and chats, in the caller's transaction: the statements a batch
 * needs do not grow with its size (each takes arrays), so a batch of a hundred costs about what one post
 * does. In SQL with every tenant spelled out, since a batch has no single tenant for Hibernate's filter.
 *
 * <p>Per chat: the chat's row is locked ({@code FOR NO KEY UPDATE}, in id order, so two writers cannot
 * deadlock), and each post takes the next {@code last_seq} in the batch's order, so seqs stay gap-free
 * whichever instance writes. A post that is not allowed (no such chat in its tenant, not a member, the
 * assistant in a chat a person took) is refused alone; a retry ({@code client_message_id}) of a message
 * stored earlier, or earlier in the same batch, stores nothing.
 */
final class MessageBatch {

    private MessageBatch() {
    }

    /** A chat as its batch holds it: locked, and changed in memory until the batch writes it back. */
    private static final class LockedChat {
        final long id;
        final UUID tenantId;
        final String type;
        final UUID key;
        String handledBy;
        boolean takenOver;
        long lastSeq;
        Instant lastMessageAt;
        String preview;
        Long visitor;
        boolean changed;

        LockedChat(ResultSet row) throws SQLException {
            id = row.getLong("id");
            tenantId = row.getObject("tenant_id", UUID.class);
            type = row.getString("chat_type");
            key = row.getObject("chat_key", UUID.class);
            handledBy = row.getString("handled_by");
            lastSeq = row.getLong("last_seq");
        }

        ChatRef ref() {
            return new ChatRef(id, key);
        }
    }

    static void store(Connection db, List<PendingPost> posts) throws SQLException {
        Map<Long, LockedChat> chats = lock(db, posts);
        for (PendingPost post : posts) {
            LockedChat chat = chats.get(post.chatId());
            // Another tenant's chat does not exist; a keyed chat is named by its key only, never by number.
            if (chat == null || !chat.tenantId.equals(post.tenantId) || !post.post.chat().names(chat.id, chat.key)) {
                post.refused = ApiException.notFound("Chat");
            } else {
                post.chat = chat.ref();
            }
        }
        requireMembers(db, posts, chats);
        findVisitors(db, chats);
        findRetries(db, posts);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<PendingPost> stored = new ArrayList<>();
        for (PendingPost post : posts) {
            if (post.refused != null || post.isRetry()) {
                continue;
            }
            LockedChat chat = chats.get(post.chatId());
            Actor sender = post.post.sender();
            // The assistant is no member: it posts only while the chat is its to answer.
            if (sender.type() == ParticipantType.assistant && !"assistant".equals(chat.handledBy)) {
                post.refused = new MessageWriter.HandedOver();
                continue;
            }
            // A staff reply in a chat the assistant answers (or that waits for a person) takes it over.
            if (sender.isStaff() && "visitor".equals(chat.type) && !"human".equals(chat.handledBy)) {
                chat.handledBy = "human";
                chat.takenOver = true;
                post.events.add(new ChatEvent.HandedOver(post.tenantId, chat.ref(), "human", sender, chat.visitor));
            }
            post.seq = ++chat.lastSeq;
            chat.lastMessageAt = now;
            chat.preview = preview(post.post.draft());
            chat.changed = true;
            stored.add(post);
        }
        if (stored.isEmpty()) {
            return;
        }
        insert(db, stored, now);
        update(db, chats.values());
        for (PendingPost post : stored) {
            LockedChat chat = chats.get(post.chatId());
            post.events.add(new MessagePosted(post.tenantId, chat.ref(), chat.type, post.stored, chat.visitor,
                    post.post.returnedToSender()));
        }
    }

    private static Map<Long, LockedChat> lock(Connection db, List<PendingPost> posts) throws SQLException {
        Long[] ids = posts.stream().map(PendingPost::chatId).distinct().sorted().toArray(Long[]::new);
        Map<Long, LockedChat> chats = new HashMap<>();
        try (PreparedStatement select = db.prepareStatement("SELECT id, tenant_id, chat_type, chat_key, handled_by,"
                + " last_seq FROM chats WHERE id = ANY(?) ORDER BY id FOR NO KEY UPDATE")) {
            select.setArray(1, db.createArrayOf("bigint", ids));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    LockedChat chat = new LockedChat(rows);
                    chats.put(chat.id, chat);
                }
            }
        }
        return chats;
    }

    /**
     * Members only; staff are members of every visitor chat of their tenant and join it the first time
     * they post there.
     */
    private static void requireMembers(Connection db, List<PendingPost> posts, Map<Long, LockedChat> chats)
            throws SQLException {
        List<PendingPost> members = posts.stream().filter(p -> p.refused == null && p.post.sender().isMember()).toList();
        if (members.isEmpty()) {
            return;
        }
        java.util.Set<String> found = new java.util.HashSet<>();
        try (PreparedStatement select = db.prepareStatement("SELECT p.chat_id, p.participant_type, p.participant_id"
                + " FROM chat_participants p JOIN unnest(?::uuid[], ?::bigint[], ?::text[], ?::bigint[])"
                + " AS w(tenant_id, chat_id, participant_type, participant_id) ON p.tenant_id = w.tenant_id"
                + " AND p.chat_id = w.chat_id AND p.participant_type = w.participant_type"
                + " AND p.participant_id = w.participant_id WHERE p.is_active")) {
            bindSenders(db, select, members);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getLong(1) + ":" + rows.getString(2) + ":" + rows.getLong(3));
                }
            }
        }
        for (PendingPost post : members) {
            Actor sender = post.post.sender();
            if (found.contains(post.chatId() + ":" + sender.type().name() + ":" + sender.id())) {
                continue;
            }
            LockedChat chat = chats.get(post.chatId());
            if (sender.isStaff() && "visitor".equals(chat.type) && joinAsStaff(db, post)) {
                found.add(post.chatId() + ":" + sender.type().name() + ":" + sender.id());
            } else {
                post.refused = ApiException.notFound("Chat");
            }
        }
    }

    private static boolean joinAsStaff(Connection db, PendingPost post) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO chat_participants (tenant_id, chat_id,"
                + " participant_type, participant_id) VALUES (?, ?, 'user', ?) ON CONFLICT (tenant_id, chat_id,"
                + " participant_type, participant_id) DO NOTHING RETURNING id")) {
            insert.setObject(1, post.tenantId);
            insert.setLong(2, post.chatId());
            insert.setLong(3, post.post.sender().id());
            try (ResultSet rows = insert.executeQuery()) {
                return rows.next(); // nothing inserted: the staff member's membership exists and is inactive
            }
        }
    }

    /** The visitor of each visitor chat: its widget connections hear of what is posted there. */
    private static void findVisitors(Connection db, Map<Long, LockedChat> chats) throws SQLException {
        Long[] ids = chats.values().stream().filter(c -> "visitor".equals(c.type)).map(c -> c.id).toArray(Long[]::new);
        if (ids.length == 0) {
            return;
        }
        try (PreparedStatement select = db.prepareStatement("SELECT chat_id, participant_id FROM chat_participants"
                + " WHERE chat_id = ANY(?) AND participant_type = 'visitor'")) {
            select.setArray(1, db.createArrayOf("bigint", ids));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    chats.get(rows.getLong(1)).visitor = rows.getLong(2);
                }
            }
        }
    }

    /** Retries: of a message stored before (looked up under the chat's lock), or of a post earlier in this batch. */
    private static void findRetries(Connection db, List<PendingPost> posts) throws SQLException {
        Map<String, PendingPost> byKey = new LinkedHashMap<>();
        for (PendingPost post : posts) {
            String key = post.retryKey();
            if (post.refused != null || key == null) {
                continue;
            }
            PendingPost first = byKey.putIfAbsent(key, post);
            if (first != null) {
                post.sameAs = first;
            }
        }
        List<PendingPost> firsts = List.copyOf(byKey.values());
        if (firsts.isEmpty()) {
            return;
        }
        try (PreparedStatement select = db.prepareStatement("SELECT m.id, m.tenant_id, m.chat_id, m.sender_type,"
                + " m.sender_id, m.client_message_id FROM messages m JOIN unnest(?::uuid[], ?::bigint[], ?::text[],"
                + " ?::bigint[], ?::text[]) AS w(tenant_id, chat_id, sender_type, sender_id, client_message_id)"
                + " ON m.tenant_id = w.tenant_id AND m.chat_id = w.chat_id AND m.sender_type = w.sender_type"
                + " AND m.sender_id = w.sender_id AND m.client_message_id = w.client_message_id")) {
            bindSenders(db, select, firsts);
            select.setArray(5, texts(db, firsts, p -> p.post.draft().clientMessageId()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String key = PendingPost.retryKey(rows.getObject(2, UUID.class), rows.getLong(3), rows.getString(4),
                            rows.getLong(5), rows.getString(6));
                    byKey.get(key).originalId = rows.getLong(1);
                }
            }
        }
        for (PendingPost post : posts) {
            if (post.sameAs != null && post.sameAs.originalId != null) { // a retry of a retry: of the stored original
                post.originalId = post.sameAs.originalId;
                post.sameAs = null;
            }
        }
    }

    private static void insert(Connection db, List<PendingPost> posts, Instant now) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO messages (id, tenant_id, chat_id, seq,"
                + " sender_type, sender_id, sender_name, message_type, content, media_url, thumbnail_url,"
                + " reply_to_message_id, entity_ref_type, entity_ref_id, client_message_id, metadata, file_name,"
                + " file_type, file_size, created_at)"
                + " SELECT coalesce(u.id, nextval(s.name)), u.tenant_id, u.chat_id, u.seq, u.sender_type, u.sender_id,"
                + " u.sender_name, u.message_type, u.content, u.media_url, u.thumbnail_url, u.reply_to, u.ref_type,"
                + " u.ref_id, u.client_id, u.metadata, u.file_name, u.file_type, u.file_size, ?"
                + " FROM unnest(?::bigint[], ?::uuid[], ?::bigint[], ?::bigint[], ?::text[], ?::bigint[], ?::text[],"
                + " ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[],"
                + " ?::text[], ?::text[], ?::bigint[]) AS u(id, tenant_id, chat_id, seq, sender_type, sender_id,"
                + " sender_name, message_type, content, media_url, thumbnail_url, reply_to, ref_type, ref_id, client_id,"
                + " metadata, file_name, file_type, file_size),"
                + " (SELECT pg_get_serial_sequence('messages', 'id')::regclass AS name) s"
                + " RETURNING id, chat_id, seq")) {
            int i = 1;
            insert.setObject(i++, now.atOffset(java.time.ZoneOffset.UTC));
            insert.setArray(i++, longs(db, posts, p -> p.post.presetId()));
            insert.setArray(i++, texts(db, posts, p -> p.tenantId.toString()));
            insert.setArray(i++, longs(db, posts, PendingPost::chatId));
            insert.setArray(i++, longs(db, posts, p -> p.seq));
            insert.setArray(i++, texts(db, posts, p -> p.post.sender().type().name()));
            insert.setArray(i++, longs(db, posts, p -> p.post.sender().id()));
            insert.setArray(i++, texts(db, posts, p -> p.post.sender().name()));
            insert.setArray(i++, texts(db, posts, p -> p.post.draft().messageType().name()));
            insert.setArray(i++, texts(db, posts, p -> p.post.draft().content()));
            insert.setArray(i++, texts(db, posts, p -> p.post.draft().mediaUrl()));
            insert.setArray(i++, texts(db, posts, p -> p.post.draft().thumbnailUrl()));
            insert.setArray(i++, longs(db, posts, p -> p.post.draft().replyToMessageId()));
            insert.setArray(i++, texts(db, posts, p -> p.post.draft().entityRefType()));
            insert.setArray(i++, texts(db, posts, p -> p.post.draft().entityRefId()));
            insert.setArray(i++, texts(db, posts, p -> p.post.draft().clientMessageId()));
            insert.setArray(i++, texts(db, posts, p -> p.post.draft().metadata()));
            insert.setArray(i++, texts(db, posts, p -> attachment(p) == null ? null : attachment(p).fileName()));
            insert.setArray(i++, texts(db, posts, p -> attachment(p) == null ? null : attachment(p).fileType()));
            insert.setArray(i++, longs(db, posts, p -> attachment(p) == null ? null : attachment(p).fileSize()));
            Map<String, Long> ids = new HashMap<>();
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    ids.put(rows.getLong(2) + ":" + rows.getLong(3), rows.getLong(1));
                }
            }
            for (PendingPost post : posts) {
                long id = ids.get(post.chatId() + ":" + post.seq);
                post.stored = MessageView.posted(id, post.chat, post.seq, post.post.sender(), post.post.draft(), now);
            }
        }
    }

    private static void update(Connection db, java.util.Collection<LockedChat> all) throws SQLException {
        List<LockedChat> chats = all.stream().filter(c -> c.changed).toList();
        try (PreparedStatement update = db.prepareStatement("UPDATE chats c SET last_seq = u.last_seq,"
                + " last_message_at = u.at, last_message_preview = u.preview, updated_at = u.at,"
                + " handled_by = u.handled_by, needs_attention = c.needs_attention AND NOT u.taken_over"
                + " FROM unnest(?::bigint[], ?::bigint[], ?::timestamptz[], ?::text[], ?::text[], ?::boolean[])"
                + " AS u(id, last_seq, at, preview, handled_by, taken_over) WHERE c.id = u.id")) {
            update.setArray(1, db.createArrayOf("bigint", chats.stream().map(c -> c.id).toArray()));
            update.setArray(2, db.createArrayOf("bigint", chats.stream().map(c -> c.lastSeq).toArray()));
            update.setArray(3, db.createArrayOf("text", chats.stream().map(c -> c.lastMessageAt.toString()).toArray()));
            update.setArray(4, db.createArrayOf("text", chats.stream().map(c -> c.preview).toArray()));
            update.setArray(5, db.createArrayOf("text", chats.stream().map(c -> c.handledBy).toArray()));
            update.setArray(6, db.createArrayOf("boolean", chats.stream().map(c -> c.takenOver).toArray()));
            update.executeUpdate();
        }
    }

    /** Parameters 1 to 4: each post's tenant, chat, sender type and sender id, as arrays to unnest together. */
    private static void bindSenders(Connection db, PreparedStatement statement, List<PendingPost> posts)
            throws SQLException {
        statement.setArray(1, texts(db, posts, p -> p.tenantId.toString()));
        statement.setArray(2, longs(db, posts, PendingPost::chatId));
        statement.setArray(3, texts(db, posts, p -> p.post.sender().type().name()));
        statement.setArray(4, longs(db, posts, p -> p.post.sender().id()));
    }

    private static Message.Attachment attachment(PendingPost post) {
        return post.post.draft().attachment();
    }

    private static Array texts(Connection db, List<PendingPost> posts, java.util.function.Function<PendingPost, String> value)
            throws SQLException {
        return db.createArrayOf("text", posts.stream().map(value).toArray());
    }

    private static Array longs(Connection db, List<PendingPost> posts, java.util.function.Function<PendingPost, Long> value)
            throws SQLException {
        return db.createArrayOf("bigint", posts.stream().map(value).toArray());
    }

    /** What a chat list shows of its newest message. */
    static String preview(Message.Draft draft) {
        String text = draft.content() != null && !draft.content().isBlank() ? draft.content()
                : "[" + draft.messageType().name() + "]";
        return text.length() <= Chat.PREVIEW_LENGTH ? text : text.substring(0, Chat.PREVIEW_LENGTH);
    }
}
