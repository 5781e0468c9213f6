package dev.parley.assistant.control;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Writes the assistant's reply to a visitor. Implementations never block the
 * caller and never fail: a timeout, an error or a cancel completes the reply
 * with its finish reason and a text the visitor can read.
 */
public interface Assistant {

    /** Starts a reply; {@code deltas} receives its text as it is written, in order. */
    Generation start(Question question, Consumer<String> deltas);

    /** What the assistant is asked: the tenant's instructions, the conversation so far, and what the knowledge base found. */
    record Question(String assistantName, String instructions, List<Line> history, String question,
                    List<KnowledgeBase.Passage> passages) {
    }

    /** One earlier message: {@code role} user (the visitor), assistant, or agent (staff). */
    record Line(String role, String content) {
    }

    /**
     * A finished reply. {@code finishReason}: {@code stop}, {@code cancelled}, {@code timeout},
     * {@code error} or {@code no_answer}; {@code error} says what went wrong, for the logs and metadata.
     */
    record Reply(String content, String finishReason, List<KnowledgeBase.Passage> sources, String error) {

        public boolean isFailure() {
            return "timeout".equals(finishReason) || "error".equals(finishReason);
        }
    }

    /** A reply being written. */
    interface Generation {

        CompletableFuture<Reply> reply();

        /** Stops writing: the reply completes at once with what was written and {@code cancelled}. */
        void cancel();
    }

    /** A reply written already (the built-in assistant), or one that failed to start. */
    static Generation finished(Reply reply) {
        CompletableFuture<Reply> done = CompletableFuture.completedFuture(reply);
        return new Generation() {
            @Override
            public CompletableFuture<Reply> reply() {
                return done;
            }

            @Override
            public void cancel() {
                // nothing is being written
            }
        };
    }

    /** What the visitor reads when no answer could be had; offered a person either way. */
    String NOT_IN_TIME = "Sorry, I could not answer in time. Please try again, or ask for a person to help you.";
    String UNAVAILABLE = "Sorry, I cannot answer right now. Please try again, or ask for a person to help you.";
}
