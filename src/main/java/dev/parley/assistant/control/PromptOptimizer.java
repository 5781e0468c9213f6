package dev.parley.assistant.control;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The offline prompt optimiser: a good prompt says who should answer (role),
 * for whom and in what situation (context), what to do (task), within which
 * limits (constraints) and in what shape (output format). The draft is kept
 * as the task and each part it lacks is added; {@code confidence} is how much
 * the rewrite changes it, by the share of parts that were missing. A draft
 * that has every part comes back unchanged with {@code changed: false} and
 * confidence 0: it is never presented as optimised. docs/assistant.md lists
 * the words each part is recognised by.
 */
public final class PromptOptimizer {

    /** The parts of a prompt, in the order a rewrite writes them. */
    public enum Part { role, context, task, constraints, output_format }

    static final Pattern ROLE = Pattern.compile(
            "(?i)\\b(you are|you're|act as|acting as|as an? (expert|senior|professional|experienced)|your role)\\b");
    static final Pattern CONTEXT = Pattern.compile(
            "(?i)\\b(context|background|audience|for (my|our|a|an|the) \\w+|i am|i'm|we are|we're|given that|because)\\b");
    static final Pattern TASK = Pattern.compile("(?i)\\b(write|create|draft|explain|summari[sz]e|list|compare|"
            + "translate|generate|analy[sz]e|describe|give|make|suggest|review|rewrite|improve|plan|design|answer|"
            + "help|tell|show|find|recommend|outline)\\b|\\?");
    static final Pattern CONSTRAINTS = Pattern.compile("(?i)\\b(must|should|avoid|don't|do not|at most|at least|"
            + "no more than|under \\d+|within|limit|only|never|always|\\d+ (words|characters|sentences))\\b");
    static final Pattern OUTPUT_FORMAT = Pattern.compile("(?i)\\b(format|bullet(s|ed)?|table|json|markdown|steps|"
            + "numbered|headings?|outline|csv|paragraphs?|one sentence|(\\d+|three|five) (points|sentences|bullets))\\b");

    /** {@code {"optimized_prompt":"…","confidence":0.8,"changed":true,"added":["role","context"]}} */
    public record Result(String optimizedPrompt, double confidence, boolean changed, List<Part> added) {
    }

    private PromptOptimizer() {
    }

    /** The parts {@code draft} lacks. */
    public static List<Part> missing(String draft) {
        List<Part> missing = new ArrayList<>();
        if (!ROLE.matcher(draft).find()) {
            missing.add(Part.role);
        }
        if (!CONTEXT.matcher(draft).find()) {
            missing.add(Part.context);
        }
        if (!TASK.matcher(draft).find()) {
            missing.add(Part.task);
        }
        if (!CONSTRAINTS.matcher(draft).find()) {
            missing.add(Part.constraints);
        }
        if (!OUTPUT_FORMAT.matcher(draft).find()) {
            missing.add(Part.output_format);
        }
        return missing;
    }

    public static Result optimize(String draft) {
        String text = draft.strip();
        List<Part> missing = missing(text);
        if (missing.isEmpty()) {
            return new Result(text, 0.0, false, List.of());
        }
        StringBuilder out = new StringBuilder();
        if (missing.contains(Part.role)) {
            out.append("You are an experienced expert on the subject of this request, and you write clearly.\n\n");
        }
        out.append("Task: ").append(missing.contains(Part.task) ? "Help me with the following: " : "")
                .append(sentence(text)).append("\n\n");
        if (missing.contains(Part.context)) {
            out.append("Context: Assume the reader is new to the topic; state any assumption you make.\n\n");
        }
        if (missing.contains(Part.constraints)) {
            out.append("Constraints: Be accurate and specific, say so when you are unsure, and keep it under "
                    + "200 words.\n\n");
        }
        if (missing.contains(Part.output_format)) {
            out.append("Output format: One summary sentence, then the key points as a bulleted list.\n\n");
        }
        double confidence = Math.round((0.15 + 0.8 * missing.size() / Part.values().length) * 100) / 100.0;
        return new Result(out.toString().strip(), Math.min(confidence, 0.95), true, List.copyOf(missing));
    }

    /** The draft as a sentence: capitalised, ending in a full stop or question mark. */
    private static String sentence(String text) {
        String first = Character.toUpperCase(text.charAt(0)) + text.substring(1);
        char last = first.charAt(first.length() - 1);
        return last == '.' || last == '?' || last == '!' ? first : first + ".";
    }
}
