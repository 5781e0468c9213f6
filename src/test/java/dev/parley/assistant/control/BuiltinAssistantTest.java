package dev.parley.assistant.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuiltinAssistantTest {

    private static KnowledgeBase.Passage passage(long id, String title, String excerpt, String url) {
        return new KnowledgeBase.Passage(id, title, url, excerpt, 0.5, 2);
    }

    @Test
    void withoutPassagesItSaysSoAndOffersAPersonInsteadOfGuessing() {
        Assistant.Reply reply = BuiltinAssistant.answer(List.of());
        assertEquals("no_answer", reply.finishReason());
        assertTrue(reply.sources().isEmpty());
        assertTrue(reply.content().contains("talk to a person"), reply.content());
    }

    @Test
    void quotesTheBestPassagesAndNamesThem() {
        Assistant.Reply reply = BuiltinAssistant.answer(List.of(
                passage(1, "Opening hours", "On Saturdays from 10:00 to 14:00.", "https://example.test/hours"),
                passage(2, "Holidays", "Closed on public holidays.", null),
                passage(3, "Parking", "Park in the courtyard.", null)));
        assertEquals("stop", reply.finishReason());
        assertEquals(2, reply.sources().size(), "the best two");
        assertTrue(reply.content().contains("Opening hours: On Saturdays from 10:00 to 14:00."), reply.content());
        assertTrue(reply.content().contains("https://example.test/hours"));
        assertTrue(reply.content().contains("Holidays"));
        assertFalse(reply.content().contains("courtyard"));
    }

    @Test
    void streamsItsReplyThroughTheDeltas() {
        List<String> deltas = new ArrayList<>();
        Assistant.Generation generation = new BuiltinAssistant().start(new Assistant.Question("Ava", null, List.of(),
                "hours?", List.of(passage(1, "Opening hours", "From 10:00.", null))), deltas::add);
        assertEquals(String.join("", deltas), generation.reply().join().content());
    }
}
