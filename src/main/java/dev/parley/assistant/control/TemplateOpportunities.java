package dev.parley.assistant.control;

import dev.parley.chat.control.MessageView;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * When an assistant session looks worth saving as a template: right after the
 * assistant's second complete reply (two exchanges on one task make a
 * pattern), once per session, unless one of the tenant's templates already
 * fits its first question (that one is then among the replies' suggestions).
 * The suggestion's title is the first question's opening words; its category
 * is guessed from the words used.
 */
public final class TemplateOpportunities {

    /** A suggestion for a template: what seed 003's client shows before saving. */
    public record Suggestion(String title, String category, double confidence, String reasoning,
                             String description) {
    }

    static final double CONFIDENCE = 0.7;
    private static final int TITLE_WORDS = 8;
    private static final Map<String, Pattern> CATEGORIES = Map.of(
            "writing", Pattern.compile("(?i)\\b(write|writing|draft|blog|article|description|copy|headline|tagline|email|letter)"),
            "coding", Pattern.compile("(?i)\\b(code|function|bug|java|python|javascript|sql|api|regex|program)"),
            "marketing", Pattern.compile("(?i)\\b(campaign|seo|advert|landing|brand|social media|newsletter|audience)"),
            "analysis", Pattern.compile("(?i)\\b(analy[sz]|data|report|compare|metric|trend|forecast)"),
            "support", Pattern.compile("(?i)\\b(customer|support|complaint|refund|reply to|apolog)"));
    private static final List<String> CATEGORY_ORDER = List.of("writing", "coding", "marketing", "analysis", "support");

    private TemplateOpportunities() {
    }

    /**
     * The suggestion for a session whose messages (oldest first) are {@code conversation}, if it is
     * the moment: its assistant has just completed its second reply.
     */
    public static Optional<Suggestion> after(List<MessageView> conversation) {
        long completeReplies = conversation.stream().filter(m -> "assistant".equals(m.senderType())
                && "stop".equals(m.finishReason())).count();
        if (completeReplies != 2) {
            return Optional.empty();
        }
        return conversation.stream().filter(TemplateOpportunities::asked).map(MessageView::content).findFirst()
                .map(first -> new Suggestion(title(first), category(conversation), CONFIDENCE,
                        "Two exchanges on one task: a conversation you may want to start again from a template.",
                        "From an assistant conversation that began: \u201c" + shorten(first, 120) + "\u201d"));
    }

    /** The first question of a session, for matching existing templates. */
    public static Optional<String> firstQuestion(List<MessageView> conversation) {
        return conversation.stream().filter(TemplateOpportunities::asked).map(MessageView::content).findFirst();
    }

    private static boolean asked(MessageView message) {
        return message.content() != null && !"assistant".equals(message.senderType())
                && !"system".equals(message.senderType());
    }

    static String title(String question) {
        String[] words = question.strip().split("\\s+");
        String opening = String.join(" ", java.util.Arrays.copyOf(words, Math.min(words.length, TITLE_WORDS)))
                .replaceAll("[?!.,;:]+$", "");
        String title = opening.isEmpty() ? "Saved conversation"
                : Character.toUpperCase(opening.charAt(0)) + opening.substring(1);
        return shorten(title, 60);
    }

    static String category(List<MessageView> conversation) {
        String asked = String.join(" ", conversation.stream().filter(TemplateOpportunities::asked)
                .map(MessageView::content).toList()).toLowerCase(Locale.ROOT);
        for (String category : CATEGORY_ORDER) {
            if (CATEGORIES.get(category).matcher(asked).find()) {
                return category;
            }
        }
        return "general";
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1).strip() + "\u2026";
    }
}
