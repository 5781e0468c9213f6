package dev.parley.chat.control;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A chat as its participants see it; {@code unread_count} is the caller's.
 * Visitor chats are named by their key, carry who answers them
 * ({@code handled_by}), whether a person should look ({@code needs_attention})
 * and the visitor's session and context.
 *
 * <pre>{"id":1,"chat_type":"user_customer","tenant_id":"…","title":"Support Chat","is_active":true,
 *  "is_archived":false,"last_seq":3,"last_message_at":"…","last_message_preview":"Hi","created_at":"…",
 *  "updated_at":"…","participants":[…],"total_messages":3,"unread_count":1,"online_participants":[456],
 *  "handled_by":null,"needs_attention":false,"visitor":null}</pre>
 */
public record ChatView(ChatRef id, String chatType, UUID tenantId, String title, boolean isActive, boolean isArchived,
                       long lastSeq, Instant lastMessageAt, String lastMessagePreview, Instant createdAt,
                       Instant updatedAt, List<ParticipantView> participants, long totalMessages, long unreadCount,
                       List<Long> onlineParticipants, String handledBy, boolean needsAttention,
                       VisitorView visitor) {

    /**
     * {@code {"participant_type":"customer","participant_id":123,"name":"Bo","email":…,"phone":…,
     * "joined_at":"…","is_active":true,"is_online":false,"unread_count":1,"last_read_seq":2}}
     */
    public record ParticipantView(String participantType, long participantId, String name, String email,
                                  String phone, Instant joinedAt, boolean isActive, boolean isOnline,
                                  long unreadCount, long lastReadSeq) {
    }

    /** {@code {"session_id":"…","visitor_id":"…","context":{"page_url":"…","user_agent":"…","referrer":""}}} */
    public record VisitorView(String sessionId, String visitorId, JsonObject context) {
    }
}
