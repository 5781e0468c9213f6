package dev.parley.assistant.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Consumer;

/**
 * The offline assistant: answers only with what the tenant's knowledge base
 * says, quoting the best passages and naming their articles; when nothing
 * matches it says so and offers a person, and never invents an answer.
 */
@ApplicationScoped
public class BuiltinAssistant implements Assistant {

    /** The most articles one reply quotes. */
    static final int MAX_SOURCES = 2;

    static final String NO_ANSWER = "I could not find anything about that in our help articles, so I would rather "
            + "not guess. Would you like to talk to a person? Just ask, and a member of our team will join this chat.";

    @Override
    public Generation start(Question question, Consumer<String> deltas) {
        Reply reply = answer(question.passages());
        deltas.accept(reply.content());
        return Assistant.finished(reply); // written at once: nothing left to stop
    }

    /** The reply built from the best passages, or a plain "no answer". */
    static Reply answer(List<KnowledgeBase.Passage> passages) {
        if (passages.isEmpty()) {
            return new Reply(NO_ANSWER, "no_answer", List.of(), null);
        }
        List<KnowledgeBase.Passage> used = passages.subList(0, Math.min(MAX_SOURCES, passages.size()));
        StringBuilder text = new StringBuilder(used.size() == 1
                ? "Here is what our help articles say:" : "Here is what I found in our help articles:");
        for (KnowledgeBase.Passage passage : used) {
            text.append("\n\n").append(passage.title()).append(": ").append(passage.excerpt());
            if (passage.url() != null) {
                text.append("\n(more: ").append(passage.url()).append(')');
            }
        }
        return new Reply(text.toString(), "stop", used, null);
    }
}
