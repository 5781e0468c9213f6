package dev.parley.it.browser;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;

/**
 * A frontend team's React website widget from their integration guide (seed 002: MIPTechAPI,
 * WebSocketManager, useChat and ChatWidget with their helpers, copied verbatim into src/test/widget and
 * bundled by npm before the integration tests), on a website of its own origin: a visitor asks the
 * tenant's assistant, which answers from the tenant's knowledge base, and the tenant's staff answer in
 * the same chat, all through code Parley did not write, cross-origin with the guide's tenant headers.
 */
@ExtendWith(ArquillianExtension.class)
class WidgetBrowserIT {

    static final String HOURS = "Our studio is open Monday to Friday from 9:00 to 18:00 and on Saturdays from 10:00 to 14:00.";
    static final String STAFF_REPLY = "Hi, this is Ada from the studio";
    static final String UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    /** Message bubbles of the guide's ChatWidget: the visitor's are right-aligned, everyone else's left. */
    static final By VISITOR_BUBBLES = By.xpath("//div[contains(concat(' ', @class, ' '), ' justify-end ')]"
            + "//div[contains(@class, 'break-words')]");
    static final By OTHER_BUBBLES = By.xpath("//div[contains(concat(' ', @class, ' '), ' justify-start ')]"
            + "//div[contains(@class, 'break-words')]");

    /** The website: another origin than Parley's, which Parley's CORS list names (see TestEnvironment). */
    private static WebsiteServer website;

    @BeforeAll
    static void serveTheWebsite() throws IOException {
        website = WebsiteServer.start("widget.js", "index.html");
    }

    @AfterAll
    static void stopTheWebsite() {
        if (website != null) {
            website.close();
        }
    }

    @Test
    void theGuidesApiClientAndSocketManagerWorkFromAnotherOrigin() throws Exception {
        TestTenant tenant = tenantWithAssistant();
        String visitorKey = UUID.randomUUID().toString();
        String visitorId = UUID.randomUUID().toString();
        try (Browser browser = Browser.desktop()) {
            openWebsite(browser, tenant);

            // The guide's own connection checks (its ConnectionDebugger runs these): health discovery with the four
            // tenant headers, so every request is preflighted.
            JsonObject api = (JsonObject) call(browser, "miptechApi.testConnection()");
            assertTrue(api.getBoolean("connected"), api::toString);
            assertTrue(List.of("/health", "/api/v1/health").contains(api.getString("endpoint")), api::toString);

            JsonObject chat = (JsonObject) call(browser, "miptechApi.createChat(arguments[0], arguments[1])",
                    visitorKey, visitorId);
            String chatId = chat.getString("id");
            assertTrue(chatId.matches(UUID_PATTERN), chat::toString);

            JsonObject probe = (JsonObject) call(browser, "websocketManager.testConnection()");
            assertTrue(probe.getBoolean("success"), probe::toString);
            assertEquals("/api/v1/ws", probe.getString("endpoint"), probe::toString);

            // As useChat does after creating the chat: the visitor's socket, named by the tenant and the visitor's key
            // only (no token).
            browser.script("websocketManager.connect(arguments[0])", visitorKey);
            awaitLiveSocket(browser);

            JsonObject reply = (JsonObject) call(browser,
                    "miptechApi.sendMessage(arguments[0], 'What are your opening hours on Saturday?')", chatId);
            assertEquals("assistant", reply.getString("role"), reply::toString);
            assertTrue(reply.getString("content").contains("10:00"), reply::toString);
            assertEquals("Opening hours", reply.getJsonObject("metadata").getJsonArray("sources").getJsonObject(0)
                    .getString("title"), reply::toString);

            JsonObject history = (JsonObject) call(browser, "miptechApi.getChatHistory(arguments[0])", chatId);
            JsonArray items = history.getJsonArray("items");
            assertEquals(2, history.getInt("total"), history::toString);
            assertEquals(List.of("user: What are your opening hours on Saturday?",
                    "assistant: " + reply.getString("content")), items.stream().map(JsonValue::asJsonObject)
                    .map(m -> m.getString("role") + ": " + m.getString("content")).toList(), history::toString);

            // Staff answer in the visitor's chat over REST; the guide's socket manager hears it live.
            awaitLiveSocket(browser);
            Api.Reply staff = Api.post("/api/v1/chat/chats/" + chatId + "/messages", obj("content", STAFF_REPLY),
                    tenant.owner());
            assertEquals(201, staff.status(), staff::toString);
            waitFor(browser, () -> Boolean.TRUE.equals(browser.script("return window.events.some((e) =>"
                    + " e.type === 'chat_message' && e.message && e.message.content === arguments[0])", STAFF_REPLY)),
                    "the staff reply as a chat_message frame");
            browser.script("websocketManager.disconnect()");
        }
    }

    @Test
    void aVisitorAsksTheWidgetAndGetsTheAssistantsAnswerOnceThenStaffJoinIn() throws Exception {
        TestTenant tenant = tenantWithAssistant();
        try (Browser browser = Browser.desktop()) {
            openWebsite(browser, tenant);
            // The widget keeps its chat to itself: note the guide's createChat answer for staff to reply in it.
            browser.script("const createChat = miptechApi.createChat.bind(miptechApi);"
                    + "miptechApi.createChat = async (...args) => (window.chat = await createChat(...args));");

            browser.click("button[aria-label='Open chat']");
            waitFor(browser, () -> browser.all("span").stream().anyMatch(e -> "Connected".equals(e.getText())),
                    "the widget's header showing Connected");
            String input = "input[placeholder='How can I help you today?']";
            waitFor(browser, () -> browser.find(input).isEnabled(), "the widget's input enabled");
            browser.type(input, "When are you open on Saturday?");
            browser.click("button[aria-label='Send message']");

            waitFor(browser, () -> bubbles(browser, OTHER_BUBBLES).stream().anyMatch(t -> t.contains("10:00")),
                    "the assistant's answer in the widget");

            // Parley delivers a chat's messages in order, so once staff's later message is on the page, an echo of
            // the visitor's question or of the assistant's answer on the visitor's socket would be there too.
            awaitLiveSocket(browser);
            String chatId = (String) browser.script("return window.chat && window.chat.id");
            Api.Reply staff = Api.post("/api/v1/chat/chats/" + chatId + "/messages", obj("content", STAFF_REPLY),
                    tenant.owner());
            assertEquals(201, staff.status(), staff::toString);
            waitFor(browser, () -> bubbles(browser, OTHER_BUBBLES).contains(STAFF_REPLY), "the staff reply in the widget");

            assertEquals(List.of("When are you open on Saturday?"), bubbles(browser, VISITOR_BUBBLES));
            List<String> others = bubbles(browser, OTHER_BUBBLES);
            assertEquals(1, others.stream().filter(t -> t.contains("10:00")).count(), others::toString);
            assertEquals(STAFF_REPLY, others.get(others.size() - 1), others::toString);
            browser.screenshot("widget-chat");
        }
    }

    /** A tenant that lets visitors in and whose assistant knows the opening hours. */
    private static TestTenant tenantWithAssistant() {
        TestTenant tenant = TestTenant.signUp();
        Api.Reply visitors = Api.patch("/api/v1/tenants/" + tenant.slug(), obj("settings", obj("anonymous_access", true)),
                tenant.owner());
        assertEquals(200, visitors.status(), visitors::toString);
        Api.Reply knowledge = Api.post("/api/v1/knowledge",
                obj("title", "Opening hours", "body", HOURS, "url", "https://example.test/hours"), tenant.owner());
        assertEquals(201, knowledge.status(), knowledge::toString);
        return tenant;
    }

    /**
     * Opens the website with the guide's widget configured for Parley and the tenant (what their .env holds), and
     * records every frame the guide's socket manager hands its listeners, and each close, in window.events.
     */
    private static void openWebsite(Browser browser, TestTenant tenant) {
        browser.open(website.url("index.html?api=" + URLEncoder.encode(Api.base(), StandardCharsets.UTF_8)
                + "&tenant=" + tenant.slug()));
        browser.find("button[aria-label='Open chat']");
        browser.script("window.events = [];"
                + "websocketManager.on('message', (frame) => window.events.push(frame));"
                + "websocketManager.on('disconnected', (e) => window.events.push({type: 'socket_closed', code: e.code,"
                + " reason: e.reason}));");
    }

    /**
     * Waits until Parley has authenticated the guide's socket: its latest event is Parley's {@code connected} frame.
     * The guide never pings, so Parley may close an idle socket; the guide then reconnects by itself.
     */
    private static void awaitLiveSocket(Browser browser) {
        waitFor(browser, () -> Boolean.TRUE.equals(browser.script("const last = window.events.filter((e) =>"
                + " e.type === 'connected' || e.type === 'socket_closed').pop();"
                + "return websocketManager.isConnected && !!last && last.type === 'connected';")),
                "Parley's connected frame on the guide's socket");
    }

    /**
     * Runs a JavaScript expression in the page (a promise is awaited) and answers its value as JSON, or fails with
     * what it threw.
     */
    private static JsonValue call(Browser browser, String expression, Object... args) {
        String answer = (String) browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "Promise.resolve().then(() => " + expression + ")"
                + ".then((value) => done(JSON.stringify({value: value === undefined ? null : value})),"
                + " (e) => done(JSON.stringify({thrown: String(e && e.stack || e)})));", args);
        try (var reader = Json.createReader(new StringReader(answer))) {
            JsonObject result = reader.readObject();
            if (result.containsKey("thrown")) {
                fail(expression + " threw " + result.getString("thrown"));
            }
            return result.get("value");
        }
    }

    private static List<String> bubbles(Browser browser, By which) {
        return browser.until(d -> d.findElements(which).stream().map(e -> e.getText().trim()).toList(), which.toString());
    }

    /**
     * Waits (Browser's 20 s) for {@code condition}; on a timeout, fails with what the widget shows then (the guide's
     * error box says why it could not connect) and what its socket saw, and saves a screenshot.
     */
    private static void waitFor(Browser browser, BooleanSupplier condition, String what) {
        try {
            browser.until(d -> condition.getAsBoolean(), what);
        } catch (TimeoutException e) {
            String shown;
            try {
                browser.screenshot("widget-failure");
                shown = "the widget shows \"" + browser.text("#root") + "\"; its socket saw "
                        + browser.script("return JSON.stringify(window.events)");
            } catch (IOException | RuntimeException unreadable) {
                shown = "the page could not be read: " + unreadable;
            }
            throw new AssertionError("Waited in vain for " + what + ": " + shown, e);
        }
    }
}
