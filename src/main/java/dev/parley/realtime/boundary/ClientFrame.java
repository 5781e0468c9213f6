package dev.parley.realtime.boundary;

/**
 * Every frame a client may send, one record per {@code type}. Parsed by
 * {@link ClientFrames}; docs/protocol.md shows each with an example.
 */
public sealed interface ClientFrame {

    /** The frame's {@code type}, as errors about it name it. */
    String type();

    /** A frame about one chat. */
    sealed interface InChat extends ClientFrame permits JoinChat, LeaveChat, SendMessage, Typing, ReadMessage {
        long chatId();
    }

    /** The chat the frame is about, if any: errors about the frame repeat it. */
    static Long chatOf(ClientFrame frame) {
        return frame instanceof InChat about ? about.chatId() : null;
    }

    /** The client's id for the message a frame sends, if any: errors about the frame repeat it. */
    static String clientMessageIdOf(ClientFrame frame) {
        return frame instanceof SendMessage send ? send.clientMessageId() : null;
    }

    /** {@code {"type":"auth","token":"eyJ…"}} or {@code {"type":"authenticate","token":"eyJ…"}} */
    record Auth(String token) implements ClientFrame {
        @Override
        public String type() {
            return "auth";
        }
    }

    /** {@code {"type":"join_chat","chat_id":1,"since_seq":5}}: since_seq is optional. */
    record JoinChat(long chatId, Long sinceSeq) implements InChat {
        @Override
        public String type() {
            return "join_chat";
        }
    }

    /** {@code {"type":"leave_chat","chat_id":1}} */
    record LeaveChat(long chatId) implements InChat {
        @Override
        public String type() {
            return "leave_chat";
        }
    }

    /**
     * {@code {"type":"send_message","chat_id":1,"content":"Hi","message_type":"text","media_url":null,
     * "reply_to_message_id":null,"entity_ref":{"type":"appointment","id":"42"},"client_message_id":"c-1"}}
     */
    record SendMessage(long chatId, String content, String messageType, String mediaUrl, String thumbnailUrl,
                       Long replyToMessageId, String entityRefType, String entityRefId, String clientMessageId)
            implements InChat {
        @Override
        public String type() {
            return "send_message";
        }
    }

    /** {@code {"type":"typing","chat_id":1,"is_typing":true}} */
    record Typing(long chatId, boolean isTyping) implements InChat {
        @Override
        public String type() {
            return "typing";
        }
    }

    /** {@code {"type":"read_message","chat_id":1,"message_id":101}} */
    record ReadMessage(long chatId, long messageId) implements InChat {
        @Override
        public String type() {
            return "read_message";
        }
    }

    /** {@code {"type":"ping"}} */
    record Ping() implements ClientFrame {
        @Override
        public String type() {
            return "ping";
        }
    }

    /** {@code {"type":"refresh_token","token":"eyJ…"}} */
    record RefreshToken(String token) implements ClientFrame {
        @Override
        public String type() {
            return "refresh_token";
        }
    }
}
