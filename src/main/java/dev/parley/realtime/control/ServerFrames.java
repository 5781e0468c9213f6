package dev.parley.realtime.control;

import dev.parley.chat.control.ChatRef;
import dev.parley.chat.control.MessageView;
import dev.parley.platform.Json;
import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Every frame Parley sends on a WebSocket, as JSON text. docs/protocol.md
 * shows each one; the records' component names are the JSON names in snake_case.
 */
public final class ServerFrames {

    private ServerFrames() {
    }

    /** {@code {"type":"connected","participant_type":"user","participant_id":456,"tenant_id":"…","connection_id":"…","heartbeat_interval_ms":25000}} */
    public record Connected(String type, String participantType, long participantId, UUID tenantId,
                            String connectionId, long heartbeatIntervalMs) {
    }

    /** {@code {"type":"message","chat_id":1,"message":{…}}}, and the same shape for {@code message_updated} */
    public record MessageFrame(String type, ChatRef chatId, MessageView message) {
    }

    /** {@code {"type":"message_ack","chat_id":1,"client_message_id":"c-1","message_id":101,"seq":7,"duplicate":false}} */
    public record MessageAck(String type, ChatRef chatId, String clientMessageId, long messageId, long seq,
                             boolean duplicate) {
    }

    /** {@code {"type":"typing","chat_id":1,"participant_type":"customer","participant_id":123,"is_typing":true}} */
    public record Typing(String type, ChatRef chatId, String participantType, long participantId, boolean isTyping) {
    }

    /** {@code {"type":"read_receipt","chat_id":1,"message_id":101,"seq":7,"reader_type":"customer","reader_id":123,"read_at":"…"}} */
    public record ReadReceipt(String type, ChatRef chatId, long messageId, long seq, String readerType, long readerId,
                              Instant readAt) {
    }

    /** {@code {"type":"user_joined","chat_id":1,"participant_type":"user","participant_id":456}} (also {@code user_left}) */
    public record Membership(String type, ChatRef chatId, String participantType, long participantId) {
    }

    /** {@code {"type":"presence","chat_id":1,"online":[{"participant_type":"user","participant_id":456}]}} */
    public record Presence(String type, ChatRef chatId, List<Participant> online) {
    }

    public record Participant(String participantType, long participantId) {
    }

    /**
     * {@code {"type":"chat_joined","chat_id":1,"last_seq":7,"replayed":2,"has_more":false}}: the replay is
     * complete and live messages follow; with {@code has_more} the backlog was longer than one replay, and
     * joining again with the last replayed seq continues it.
     */
    public record ChatJoined(String type, ChatRef chatId, long lastSeq, int replayed, boolean hasMore) {
    }

    /** {@code {"type":"chat_left","chat_id":1}} */
    public record ChatLeft(String type, ChatRef chatId) {
    }

    /** {@code {"type":"message_deleted","chat_id":1,"message_id":101,"seq":7}} */
    public record MessageDeleted(String type, ChatRef chatId, long messageId, long seq) {
    }

    /** {@code {"type":"token_refreshed","expires_at":"…"}} */
    public record TokenRefreshed(String type, Instant expiresAt) {
    }

    /**
     * An event in the notification shape seed 000's dashboards read:
     * {@code {"type":"message_status","event":"message_status","data":{"message_id":101,"chat_id":1,"status":"delivered"}}}
     */
    public record Event(String type, String event, Object data) {
    }

    public record MessageStatus(long messageId, ChatRef chatId, String status) {
    }

    public static String messageStatus(long messageId, ChatRef chatId, String status) {
        return Json.write(new Event("message_status", "message_status", new MessageStatus(messageId, chatId, status)));
    }

    /** {@code {"type":"pong","timestamp":1795350000000}} */
    public record Pong(String type, long timestamp) {
    }

    /**
     * {@code {"type":"error","error":"not_found","message":"Chat not found","request_type":"join_chat","chat_id":7}}:
     * {@code request_type}, {@code chat_id} and {@code client_message_id} repeat the refused frame's, so a client
     * can tell which it was; any it did not have are left out, not sent as null.
     */
    @JsonbNillable(false)
    public record Error(String type, String error, String message, String requestType, ChatRef chatId,
                        String clientMessageId) {
    }

    public static String connected(String participantType, long participantId, UUID tenantId, String connectionId,
                                   long heartbeatMs) {
        return Json.write(new Connected("connected", participantType, participantId, tenantId, connectionId, heartbeatMs));
    }

    public static String message(ChatRef chatId, MessageView message) {
        return Json.write(new MessageFrame("message", chatId, message));
    }

    public static String ack(ChatRef chatId, String clientMessageId, long messageId, long seq, boolean duplicate) {
        return Json.write(new MessageAck("message_ack", chatId, clientMessageId, messageId, seq, duplicate));
    }

    public static String typing(ChatRef chatId, String participantType, long participantId, boolean isTyping) {
        return Json.write(new Typing("typing", chatId, participantType, participantId, isTyping));
    }

    /** {@code {"type":"chat_created","chat_id":1,"chat_type":"user_customer","title":"Support Chat"}} */
    public record ChatCreated(String type, ChatRef chatId, String chatType, String title) {
    }

    public static String chatCreated(ChatRef chatId, String chatType, String title) {
        return Json.write(new ChatCreated("chat_created", chatId, chatType, title));
    }

    /**
     * A message as seed 002's widget reads it, on the widget's paths ({@code /api/v1/ws}):
     * {@code {"type":"chat_message","chat_id":"…","message":{…}}}
     */
    public record ChatMessage(String type, ChatRef chatId, MessageView message) {
    }

    public static String chatMessage(MessageView message) {
        return Json.write(new ChatMessage("chat_message", message.chatId(), message));
    }

    /**
     * A visitor or assistant chat changed hands:
     * {@code {"type":"handoff","chat_id":"…","handled_by":"human","by":{"participant_type":"user","participant_id":456,"name":"Ada"}}}
     */
    public record Handoff(String type, ChatRef chatId, String handledBy, By by) {
    }

    public record By(String participantType, long participantId, String name) {
    }

    public static String handoff(ChatRef chatId, String handledBy, By by) {
        return Json.write(new Handoff("handoff", chatId, handledBy, by));
    }

    /**
     * A piece of an assistant reply being written, for connections that opted in with {@code ?stream=1}:
     * {@code {"type":"message_delta","chat_id":"…","message_id":205,"index":0,"delta":"We are open"}}.
     * The final message has the same {@code message_id}.
     */
    public record MessageDelta(String type, ChatRef chatId, long messageId, int index, String delta) {
    }

    public static String messageDelta(ChatRef chatId, long messageId, int index, String delta) {
        return Json.write(new MessageDelta("message_delta", chatId, messageId, index, delta));
    }

    public static String readReceipt(ChatRef chatId, long messageId, long seq, String readerType, long readerId,
                                     Instant readAt) {
        return Json.write(new ReadReceipt("read_receipt", chatId, messageId, seq, readerType, readerId, readAt));
    }

    public static String membership(String type, ChatRef chatId, String participantType, long participantId) {
        return Json.write(new Membership(type, chatId, participantType, participantId));
    }

    public static String presence(ChatRef chatId, List<Participant> online) {
        return Json.write(new Presence("presence", chatId, online));
    }

    public static String chatJoined(ChatRef chatId, long lastSeq, int replayed, boolean hasMore) {
        return Json.write(new ChatJoined("chat_joined", chatId, lastSeq, replayed, hasMore));
    }

    public static String chatLeft(ChatRef chatId) {
        return Json.write(new ChatLeft("chat_left", chatId));
    }

    public static String messageUpdated(ChatRef chatId, MessageView message) {
        return Json.write(new MessageFrame("message_updated", chatId, message));
    }

    public static String messageDeleted(ChatRef chatId, long messageId, long seq) {
        return Json.write(new MessageDeleted("message_deleted", chatId, messageId, seq));
    }

    public static String tokenRefreshed(Instant expiresAt) {
        return Json.write(new TokenRefreshed("token_refreshed", expiresAt));
    }

    public static String pong(long timestamp) {
        return Json.write(new Pong("pong", timestamp));
    }

    /** An {@code error} frame and its code, which {@link Connection#send(ErrorFrame, boolean)} counts. */
    public record ErrorFrame(String code, String text) {
    }

    public static ErrorFrame error(String error, String message, String requestType) {
        return error(error, message, requestType, null, null);
    }

    /**
     * An error about a client's frame, repeating its type and {@code client_message_id}, but not where the client
     * wrote them as text with no UTF-8 form (an unpaired surrogate): such a frame could not be sent at all.
     */
    public static ErrorFrame error(String error, String message, String requestType, ChatRef chatId,
                                   String clientMessageId) {
        return new ErrorFrame(error,
                Json.write(new Error("error", error, message, sendable(requestType), chatId, sendable(clientMessageId))));
    }

    private static String sendable(String echoed) {
        return echoed == null || dev.parley.platform.Text.isWellFormed(echoed) ? echoed : null;
    }
}
