package dev.parley.assistant.control;

import dev.parley.chat.control.Drafts;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An OpenAI-compatible chat-completions endpoint that ops configure
 * ({@code POST {base}/chat/completions}, streamed as server-sent events),
 * given the tenant's instructions and the knowledge base's best passages.
 * Nothing waits on the model: the request is asynchronous, each event line
 * is handled as it arrives, and a timer ends a reply that takes too long.
 * Every way it can fail (refused connection, error status, malformed or
 * truncated stream, timeout) completes the reply with a readable text.
 */
@ApplicationScoped
public class RemoteAssistant implements Assistant {

    private static final System.Logger LOG = System.getLogger(RemoteAssistant.class.getName());
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    @Inject
    AssistantConfig config;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    private volatile HttpClient client;

    private HttpClient client() {
        if (client == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                            .connectTimeout(Duration.ofMillis(Math.min(config.timeoutMs(), 5000))).build();
                }
            }
        }
        return client;
    }

    @Override
    public Generation start(Question question, Consumer<String> deltas) {
        Streamed generation = new Streamed(deltas, question.passages());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint()))
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body(question).toString()));
        config.apiKey().ifPresent(key -> request.header("Authorization", "Bearer " + key));
        CompletableFuture.delayedExecutor(config.timeoutMs(), TimeUnit.MILLISECONDS, executor)
                .execute(generation::timedOut);
        CompletableFuture<HttpResponse<Void>> exchange = client().sendAsync(request.build(),
                info -> info.statusCode() == 200
                        ? HttpResponse.BodySubscribers.fromLineSubscriber(generation)
                        : HttpResponse.BodySubscribers.replacing(null));
        generation.exchange = exchange;
        exchange.whenComplete((response, failure) -> {
            if (failure != null) {
                generation.failed("the model could not be reached: " + rootMessage(failure));
            } else if (response.statusCode() != 200) {
                generation.failed("the model answered HTTP " + response.statusCode());
            }
        });
        return generation;
    }

    private String endpoint() {
        String base = config.baseUrl();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/chat/completions";
    }

    /** The request: the tenant's instructions and the passages as the system message, then the conversation. */
    private JsonObject body(Question question) {
        StringBuilder system = new StringBuilder("You are ")
                .append(question.assistantName() == null ? "the assistant" : question.assistantName())
                .append(" of this website, answering its visitors.");
        if (question.instructions() != null && !question.instructions().isBlank()) {
            system.append("\n\n").append(question.instructions());
        }
        if (!question.passages().isEmpty()) {
            system.append("\n\nAnswer from these articles of the knowledge base where they help; "
                    + "when you do not know, say so and offer a person.");
            int n = 1;
            for (KnowledgeBase.Passage passage : question.passages()) {
                system.append("\n[").append(n++).append("] ").append(passage.title()).append(": ")
                        .append(passage.excerpt());
            }
        }
        JsonArrayBuilder messages = Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("role", "system").add("content", system.toString()));
        for (Line line : question.history()) {
            messages.add(Json.createObjectBuilder().add("role", "user".equals(line.role()) ? "user" : "assistant")
                    .add("content", line.content()));
        }
        return Json.createObjectBuilder().add("model", config.model()).add("stream", true)
                .add("messages", messages).build();
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    /**
     * One streamed reply: reads the event lines, and ends once, however it ends. The stream's
     * signals come one at a time (Flow's rule); a timeout or a cancel may come from another thread,
     * so the text is read and written under its own lock, and nothing else (cancelling the exchange,
     * publishing deltas) happens while holding it.
     */
    static final class Streamed implements Generation, Flow.Subscriber<String> {

        private final Consumer<String> deltas;
        private final List<KnowledgeBase.Passage> sources;
        private final CompletableFuture<Reply> reply = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private volatile Flow.Subscription subscription;
        private volatile boolean finishReasonSeen;
        volatile CompletableFuture<HttpResponse<Void>> exchange;

        Streamed(Consumer<String> deltas, List<KnowledgeBase.Passage> sources) {
            this.deltas = deltas;
            this.sources = sources;
        }

        @Override
        public CompletableFuture<Reply> reply() {
            return reply;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (reply.isDone()) {
                subscription.cancel();
            } else {
                subscription.request(Long.MAX_VALUE);
            }
        }

        /** One line of the event stream: {@code data: {...}} chunks, {@code data: [DONE]} at the end. */
        @Override
        public void onNext(String line) {
            if (reply.isDone() || !line.startsWith("data:")) {
                return; // comments, event names, blank separators
            }
            String data = line.substring(5).strip();
            if (data.equals("[DONE]")) {
                stopped();
                return;
            }
            String piece;
            try {
                JsonObject chunk = READERS.createReader(new StringReader(data)).readObject();
                JsonArray choices = chunk.getJsonArray("choices");
                if (choices == null || choices.isEmpty()) {
                    return;
                }
                JsonObject choice = choices.getJsonObject(0);
                JsonObject delta = choice.getJsonObject("delta");
                piece = delta != null && delta.get("content") instanceof jakarta.json.JsonString content
                        ? content.getString() : "";
                finishReasonSeen |= choice.containsKey("finish_reason") && choice.get("finish_reason") != JsonValue.NULL;
            } catch (JsonException | ClassCastException malformed) {
                failed("the model sent a malformed stream");
                return;
            }
            if (piece.isEmpty()) {
                return;
            }
            boolean full;
            synchronized (text) {
                if (reply.isDone()) {
                    return;
                }
                text.append(piece);
                full = text.length() >= Drafts.MAX_CONTENT;
            }
            deltas.accept(piece);
            if (full) {
                stopped(); // as long as a message may be: the rest would not be stored anyway
            }
        }

        @Override
        public void onError(Throwable failure) {
            failed("the model's stream broke: " + rootMessage(failure));
        }

        @Override
        public void onComplete() {
            if (finishReasonSeen) {
                stopped();
            } else {
                failed("the model's stream ended before the reply did");
            }
        }

        /** The model finished; a reply without a word (an error inside a 200 stream, say) is no answer. */
        private void stopped() {
            String written = written();
            if (written.isBlank()) {
                failed("the model's reply was empty");
            } else {
                end(new Reply(written, "stop", sources, null));
            }
        }

        void failed(String why) {
            if (!reply.isDone()) {
                LOG.log(Level.WARNING, "Assistant reply failed: {0}", why);
                end(new Reply(withNotice(UNAVAILABLE), "error", sources, why));
            }
        }

        void timedOut() {
            if (!reply.isDone()) {
                LOG.log(Level.WARNING, "Assistant reply timed out");
                end(new Reply(withNotice(NOT_IN_TIME), "timeout", sources, "no complete reply within the timeout"));
            }
        }

        @Override
        public void cancel() {
            end(new Reply(written(), "cancelled", sources, null));
        }

        private String written() {
            synchronized (text) {
                return text.toString();
            }
        }

        private String withNotice(String notice) {
            String written = written();
            return written.isEmpty() ? notice : written + " …\n\n" + notice;
        }

        /** Completes the reply once; stopping the exchange then makes it fail, which changes nothing. */
        private void end(Reply result) {
            if (!reply.complete(result)) {
                return;
            }
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
            if (exchange != null) {
                exchange.cancel(true);
            }
        }
    }
}
