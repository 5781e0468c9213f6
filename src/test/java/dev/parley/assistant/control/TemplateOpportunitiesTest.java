package dev.parley.assistant.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.control.ChatRef;
import dev.parley.chat.control.MessageView;
import jakarta.json.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateOpportunitiesTest {

    private static long ids;

    private static MessageView message(String senderType, String content, String finishReason) {
        var metadata = finishReason == null ? null : Json.createObjectBuilder().add("finish_reason", finishReason).build();
        return new MessageView(++ids, ChatRef.numbered(1), ids, senderType, 1, null, null, senderType, "text", content,
                null, null, null, null, null, Instant.now(), null, false, false, List.of(), metadata, null, null, null);
    }

    @Test
    void offeredRightAfterTheSecondCompleteReplyAndOnlyThen() {
        var first = List.of(message("customer", "Write a tagline for our bakery, please", null),
                message("assistant", "Fresh every morning.", "stop"));
        assertTrue(TemplateOpportunities.after(first).isEmpty(), "one exchange is no pattern yet");
        var second = new java.util.ArrayList<>(first);
        second.add(message("customer", "And one for the café?", null));
        second.add(message("assistant", "Coffee worth waking up for.", "stop"));
        var suggestion = TemplateOpportunities.after(second).orElseThrow();
        assertEquals("Write a tagline for our bakery, please", suggestion.title());
        assertEquals("writing", suggestion.category());
        assertEquals(0.7, suggestion.confidence());
        second.add(message("customer", "And for the shop?", null));
        second.add(message("assistant", "Sorry, I could not answer in time.", "timeout"));
        assertTrue(TemplateOpportunities.after(second).isPresent(), "a failed reply does not count");
        second.add(message("assistant", "Bread you remember.", "stop"));
        assertTrue(TemplateOpportunities.after(second).isEmpty(), "once per session");
    }

    @Test
    void titlesAreTheQuestionsOpeningWordsAndCategoriesAGuess() {
        assertEquals("How do I fix this null pointer bug", TemplateOpportunities.title(
                "how do I fix this null pointer bug in my Java code?"));
        assertEquals("coding", TemplateOpportunities.category(List.of(message("user", "Fix my SQL query", null))));
        assertEquals("general", TemplateOpportunities.category(List.of(message("user", "Plan a picnic", null))));
    }
}
