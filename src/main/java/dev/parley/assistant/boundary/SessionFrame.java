package dev.parley.assistant.boundary;

import dev.parley.assistant.control.PromptOptimizer;
import dev.parley.assistant.control.PromptTemplates;
import dev.parley.chat.control.ChatRef;
import dev.parley.chat.control.MessageView;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The frames an assistant session (seed 003's {@code /ws/chat/{sessionId}/})
 * sends, one record per {@code type}; docs/protocol.md shows each.
 */
public final class SessionFrame {

    private SessionFrame() {
    }

    /**
     * {@code {"type":"connection_ack","session_id":"…","chat_id":"7f1c…","participant_type":"customer",
     * "participant_id":12,"tenant_id":"…","connection_id":"…","heartbeat_interval_ms":25000,"history":[…]}}
     */
    public record ConnectionAck(String type, String sessionId, ChatRef chatId, String participantType,
                                long participantId, UUID tenantId, String connectionId, long heartbeatIntervalMs,
                                List<HistoryItem> history) {
    }

    /** {@code {"message_id":41,"role":"user","content":"…","timestamp":"…"}} */
    public record HistoryItem(long messageId, String role, String content, Instant timestamp) {

        static HistoryItem of(MessageView message) {
            return new HistoryItem(message.id(), message.role(), message.content(), message.createdAt());
        }
    }

    /** {@code {"type":"typing_start","chat_id":"…"}}, and {@code typing_stop} */
    public record Typing(String type, ChatRef chatId) {
    }

    /**
     * The assistant's reply: {@code {"type":"message","message_id":42,"in_reply_to":"5f0c…","chat_id":"…",
     * "content":"…","timestamp":"…","processing_time_ms":312,"template_suggestions":[…],"finish_reason":"stop",
     * "metadata":{…}}}
     */
    public record Reply(String type, long messageId, String inReplyTo, ChatRef chatId, String content,
                        Instant timestamp, Long processingTimeMs, List<PromptTemplates.Suggestion> templateSuggestions,
                        String finishReason, JsonObject metadata) {
    }

    /**
     * {@code {"type":"template_opportunity","suggestion":{"title":"…","category":"writing","confidence":0.7,
     * "reasoning":"…","description":"…"}}}
     */
    public record TemplateOpportunity(String type, Opportunity suggestion) {
    }

    public record Opportunity(String title, String category, double confidence, String reasoning,
                              String description) {
    }

    /** {@code {"type":"template_created","template":{"id":3,"title":"…","category":"…","description":"…","content":"…"}}} */
    public record TemplateCreated(String type, TemplatesResource.TemplateView template) {
    }

    /**
     * {@code {"type":"optimization_result","message_id":"5f0c…","optimized_prompt":"…","confidence":0.8,
     * "changed":true,"added":["role","output_format"]}}
     */
    public record OptimizationResult(String type, String messageId, String optimizedPrompt, double confidence,
                                     boolean changed, List<PromptOptimizer.Part> added) {
    }
}
