package dev.parley.realtime.boundary;

import dev.parley.chat.control.ChatRef;

/**
 * Every frame a client may send, one record per {@code type}. Parsed by
 * {@link ClientFrames}; docs/protocol.md shows each with an example.
 */
public sealed interface ClientFrame {

    /** The frame's {@code type}, as errors about it name it. */
    String type();

    /** A frame about one chat, named as the client names it: a number, or a visitor chat's key. */
    sealed interface InChat extends ClientFrame
            permits JoinChat, LeaveChat, SendMessage, Typing, ReadMessage, StopGeneration, RequestHuman {
        ChatRef chat();
    }

    /** The chat the frame is about, if any: errors about the frame repeat it. */
    static ChatRef chatOf(ClientFrame frame) {
        return frame instanceof InChat about ? about.chat() : null;
    }

    /** The client's id for the message a frame sends, if any: errors about the frame repeat it. */
    static String clientMessageIdOf(ClientFrame frame) {
        if (frame instanceof ChatMessage message) {
            return message.messageId();
        }
        return frame instanceof SendMessage send ? send.clientMessageId() : null;
    }

    /**
     * {@code {"type":"auth","token":"eyJ…"}} or {@code {"type":"authenticate","token":"eyJ…"}}; a visitor
     * (seed 002's widget) names its tenant and session instead:
     * {@code {"type":"auth","data":{"tenant_id":"miptech-company","session_id":"…"}}}.
     */
    record Auth(String token, String tenant, String sessionId) implements ClientFrame {
        @Override
        public String type() {
            return "auth";
        }
    }

    /** {@code {"type":"join_chat","chat_id":1,"since_seq":5}}: since_seq is optional. */
    record JoinChat(ChatRef chat, Long sinceSeq) implements InChat {
        @Override
        public String type() {
            return "join_chat";
        }
    }

    /** {@code {"type":"leave_chat","chat_id":1}} */
    record LeaveChat(ChatRef chat) implements InChat {
        @Override
        public String type() {
            return "leave_chat";
        }
    }

    /**
     * {@code {"type":"send_message","chat_id":1,"content":"Hi","message_type":"text","media_url":null,
     * "reply_to_message_id":null,"entity_ref":{"type":"appointment","id":"42"},"client_message_id":"c-1"}}
     */
    record SendMessage(ChatRef chat, String content, String messageType, String mediaUrl, String thumbnailUrl,
                       Long replyToMessageId, String entityRefType, String entityRefId, String clientMessageId)
            implements InChat {
        @Override
        public String type() {
            return "send_message";
        }
    }

    /** {@code {"type":"typing","chat_id":1,"is_typing":true}} */
    record Typing(ChatRef chat, boolean isTyping) implements InChat {
        @Override
        public String type() {
            return "typing";
        }
    }

    /** {@code {"type":"read_message","chat_id":1,"message_id":101}} */
    record ReadMessage(ChatRef chat, long messageId) implements InChat {
        @Override
        public String type() {
            return "read_message";
        }
    }

    /** {@code {"type":"stop_generation","chat_id":"…"}}: ends the assistant's reply being written; the part written stays. */
    record StopGeneration(ChatRef chat) implements InChat {
        @Override
        public String type() {
            return "stop_generation";
        }
    }

    /** {@code {"type":"request_human","chat_id":"…"}}: a visitor asks for a person. */
    record RequestHuman(ChatRef chat) implements InChat {
        @Override
        public String type() {
            return "request_human";
        }
    }

    /**
     * On an assistant session ({@code /ws/chat/{sessionId}/}, seed 003):
     * {@code {"type":"chat_message","content":"Help me write a tagline","message_id":"5f0c…"}}
     */
    record ChatMessage(String content, String messageId) implements ClientFrame {
        @Override
        public String type() {
            return "chat_message";
        }
    }

    /**
     * {@code {"type":"save_conversation_as_template","title":"Taglines","category":"marketing",
     * "include_ai_responses":true,"description":"…"}}
     */
    record SaveConversationAsTemplate(String title, String category, Boolean includeAiResponses, String description)
            implements ClientFrame {
        @Override
        public String type() {
            return "save_conversation_as_template";
        }
    }

    /** {@code {"type":"optimize_prompt","message_id":"5f0c…","content":"write tagline"}} */
    record OptimizePrompt(String messageId, String content) implements ClientFrame {
        @Override
        public String type() {
            return "optimize_prompt";
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
