package dev.parley.it.browser;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.it.Api;
import dev.parley.it.TestTenant;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.TimeoutException;

/**
 * The PromptCraft chat of a frontend team's guide (seed 003: its "Complete Fixed Component",
 * PromptCraftChatInline, copied verbatim into src/test/widget/src/promptcraft with Parley's ws URL for the guide's
 * localhost:8000 and the guide's authentication block uncommented, as it says to) on a website of its own origin:
 * signed in with a tenant owner's token, it asks the tenant's assistant, which answers from the knowledge base, and
 * saves the conversation as a template when Parley offers it, all through code Parley did not write.
 */
@ExtendWith(ArquillianExtension.class)
class PromptCraftBrowserIT {

    static final String GUIDANCE = "A good product description names the customer, the problem the product solves and "
            + "one concrete benefit, in under 80 words.";
    static final String FIRST_QUESTION = "How do I write a product description?";
    static final String SECOND_QUESTION = "And how long should a product description be?";
    static final String UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    /** The guide's assistant messages; its "AI is thinking..." indicator is a {@code .message.assistant} too. */
    static final String ANSWERS = ".message.assistant:not(.typing) .message-content";
    static final String QUESTIONS = ".message.user .message-content";
    static final String TYPING = ".message.assistant.typing";
    static final String MODAL = ".template-opportunity-modal";
    /**
     * The modal's "Create Template" button. The template_opportunity toast has a .btn-primary of its own, but its
     * onClick is the first render's acceptTemplateOpportunity (before any opportunity or socket), which sends nothing.
     */
    static final String CREATE_TEMPLATE = MODAL + " .btn-primary";

    private static WebsiteServer website;

    @BeforeAll
    static void serveTheWebsite() throws IOException {
        website = WebsiteServer.start("promptcraft.js", "promptcraft.html");
    }

    @AfterAll
    static void stopTheWebsite() {
        if (website != null) {
            website.close();
        }
    }

    @Test
    void theGuidesChatAnswersFromTheKnowledgeBaseAndSavesTheConversationAsATemplate() throws Exception {
        TestTenant tenant = TestTenant.signUp();
        Api.Reply knowledge = Api.post("/api/v1/knowledge",
                obj("title", "Writing product descriptions", "body", GUIDANCE), tenant.owner());
        assertEquals(201, knowledge.status(), knowledge::toString);

        try (Browser browser = Browser.desktop()) {
            // promptcraft.html puts the token where the guide's authentication block reads it (localStorage
            // 'authToken') before the component mounts; the component sends it in its first frame.
            browser.open(website.url("promptcraft.html?ws=" + encode(Api.base().replaceFirst("^http", "ws"))
                    + "&token=" + encode(tenant.ownerToken()) + "&user=" + tenant.ownerId()));
            waitFor(browser, () -> !browser.all(".connection-status.connected").isEmpty(),
                    "the guide's connection status: connected");

            ask(browser, FIRST_QUESTION);
            waitFor(browser, () -> browser.texts(ANSWERS).stream().anyMatch(t -> t.contains("80 words")),
                    "the assistant's answer from the knowledge base");

            ask(browser, SECOND_QUESTION);
            waitFor(browser, () -> browser.texts(ANSWERS).size() >= 2, "the assistant's second answer");

            waitFor(browser, () -> !browser.all(CREATE_TEMPLATE).isEmpty(), "the template opportunity modal");
            browser.screenshot("promptcraft-opportunity");
            browser.click(CREATE_TEMPLATE);

            waitFor(browser, () -> {
                JsonArray created = createdTemplates(browser);
                return !created.isEmpty() && !created.getJsonObject(0).getString("title", "").isBlank();
            }, "the component's onTemplateCreated with a titled template");
            JsonArray created = createdTemplates(browser);
            assertEquals(1, created.size(), created::toString);
            JsonObject template = created.getJsonObject(0);
            assertTrue(template.containsKey("id"), template::toString);
            // On template_created the guide closes the modal; typing_stop after each answer hides its indicator.
            waitFor(browser, () -> browser.all(MODAL).isEmpty(), "the modal closed");
            waitFor(browser, () -> browser.all(TYPING).isEmpty(), "no typing indicator");

            // Parley keeps the template: the owner lists it over REST.
            Api.Reply listed = Api.get("/api/v1/templates", tenant.owner());
            assertEquals(200, listed.status(), listed::toString);
            JsonObject kept = listed.json().getJsonArray("items").stream().map(JsonValue::asJsonObject)
                    .filter(t -> template.get("id").equals(t.get("id"))).findFirst()
                    .orElseThrow(() -> new AssertionError("GET /api/v1/templates does not list " + template + ": "
                            + listed));
            assertEquals(template.getString("title"), kept.getString("title"), kept::toString);

            // The page shows both questions once, and two answers, none of them an echo of a question.
            assertEquals(List.of(FIRST_QUESTION, SECOND_QUESTION), browser.texts(QUESTIONS));
            List<String> answers = browser.texts(ANSWERS);
            assertEquals(2, answers.size(), answers::toString);
            assertFalse(answers.contains(FIRST_QUESTION) || answers.contains(SECOND_QUESTION), answers::toString);
            assertFalse(browser.all(".connection-status.connected").isEmpty(), "the socket is still open");

            // What Parley sent, as the component's socket received it (promptcraft.html notes every frame).
            List<JsonObject> frames = received(browser);
            List<String> types = frames.stream().map(f -> f.getString("type", "?")).toList();
            JsonObject ack = frames.get(0);
            assertEquals("connection_ack", ack.getString("type", ""), types::toString);
            assertTrue(ack.containsKey("session_id") && ack.containsKey("history"), ack::toString);
            assertTrue(ack.getString("chat_id", "").matches(UUID_PATTERN), ack::toString);
            assertFalse(types.contains("error"), types::toString);
            assertEquals(List.of("typing_start", "message", "typing_stop", "typing_start", "message", "typing_stop"),
                    types.stream().filter(t -> t.startsWith("typing_") || t.equals("message")).toList(), types::toString);
            assertEquals(1, types.stream().filter("template_opportunity"::equals).count(), types::toString);
            assertEquals(1, types.stream().filter("template_created"::equals).count(), types::toString);
            assertTrue(types.lastIndexOf("message") < types.indexOf("template_opportunity")
                    && types.indexOf("template_opportunity") < types.indexOf("template_created"), types::toString);
            browser.screenshot("promptcraft-template");
        }
    }

    /** Types into the guide's input and submits with its send button, as a user does. */
    private static void ask(Browser browser, String question) {
        browser.type(".message-input", question);
        browser.click(".send-button");
        waitFor(browser, () -> browser.texts(QUESTIONS).contains(question), "the question on the page");
    }

    /** What the component handed onTemplateCreated (main.jsx notes each in window.createdTemplates). */
    private static JsonArray createdTemplates(Browser browser) {
        return parse((String) browser.script("return JSON.stringify(window.createdTemplates)")).asJsonArray();
    }

    /** Every frame the component's socket received, parsed, oldest first. */
    private static List<JsonObject> received(Browser browser) {
        return parse((String) browser.script("return JSON.stringify(window.socketLog"
                + ".filter((e) => e.event === 'in').map((e) => JSON.parse(e.data)))"))
                .asJsonArray().stream().map(JsonValue::asJsonObject).toList();
    }

    private static JsonValue parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Waits (Browser's 20 s) for {@code condition}; on a timeout, fails with what the component shows then and what
     * its socket sent and received, and saves a screenshot.
     */
    private static void waitFor(Browser browser, BooleanSupplier condition, String what) {
        try {
            browser.until(d -> condition.getAsBoolean(), what);
        } catch (TimeoutException e) {
            String shown;
            try {
                browser.screenshot("promptcraft-failure");
                shown = "the component shows \"" + browser.text("#root") + "\"; its socket saw "
                        + browser.script("return JSON.stringify(window.socketLog)");
            } catch (IOException | RuntimeException unreadable) {
                shown = "the page could not be read: " + unreadable;
            }
            throw new AssertionError("Waited in vain for " + what + ": " + shown, e);
        }
    }
}
