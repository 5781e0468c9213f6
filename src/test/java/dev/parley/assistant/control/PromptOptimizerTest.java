package dev.parley.assistant.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PromptOptimizerTest {

    @Test
    void aBarePromptGetsEveryMissingPartAndAHighConfidence() {
        PromptOptimizer.Result result = PromptOptimizer.optimize("product descriptions");
        assertTrue(result.changed());
        assertEquals(5, result.added().size(), result.added()::toString);
        assertTrue(result.optimizedPrompt().startsWith("You are "), result.optimizedPrompt());
        assertTrue(result.optimizedPrompt().contains("Task: Help me with the following: Product descriptions."));
        assertTrue(result.optimizedPrompt().contains("Output format:"));
        assertTrue(result.confidence() >= 0.9, () -> "confidence " + result.confidence());
    }

    @Test
    void aPartlyGoodPromptKeepsWhatItHasAndGainsLess() {
        PromptOptimizer.Result result = PromptOptimizer.optimize(
                "Write a product description for our new kettle, in at most 80 words.");
        assertTrue(result.changed());
        assertFalse(result.added().contains(PromptOptimizer.Part.task));
        assertFalse(result.added().contains(PromptOptimizer.Part.constraints));
        assertFalse(result.added().contains(PromptOptimizer.Part.context), "'for our new kettle' is context");
        assertTrue(result.optimizedPrompt().contains("Write a product description for our new kettle"));
        assertTrue(result.confidence() < PromptOptimizer.optimize("kettle").confidence());
    }

    @Test
    void aCompletePromptIsNeverPresentedAsOptimised() {
        String complete = "You are a senior copywriter. Write a product description for our new kettle; our "
                + "audience is busy parents. Use at most 80 words and avoid jargon. Format: three bullet points.";
        PromptOptimizer.Result result = PromptOptimizer.optimize(complete);
        assertFalse(result.changed());
        assertEquals(0.0, result.confidence());
        assertEquals(complete, result.optimizedPrompt());
        assertNotEquals(0, complete.length());
    }
}
