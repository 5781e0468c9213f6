package dev.parley.it.browser;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.it.Api;
import dev.parley.it.ChatFixture;
import dev.parley.it.TcpProxy;
import dev.parley.it.TestTenant;
import jakarta.json.JsonValue;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The console and parley.js in a real browser (headless Chromium): two people
 * chat, and the client survives dropped connections without losing or
 * repeating a message.
 */
@ExtendWith(ArquillianExtension.class)
class ConsoleBrowserIT {

    @Test
    void staffAndCustomerChatTypingAndReadTicks() throws Exception {
        ChatFixture f = ChatFixture.create();
        try (Browser staff = Browser.desktop(); Browser customer = Browser.phone()) {
            signInStaff(staff, Api.base(), f.tenant());
            signInCustomer(customer, Api.base(), f.tenant(), f.customerEmail());
            String staffItem = "#chat-list li[data-chat-id='" + f.chatId() + "']";
            staff.find(staffItem + " [data-testid=online-marker]"); // the customer is online
            openChat(customer, f.chatId());

            // The customer writes while the staff member is elsewhere: an unread count, then the message, once.
            customer.find("#message-input").sendKeys("Hello, my order has not arrived");
            customer.click("#send-button");
            staff.untilText(staffItem + " [data-testid=unread-count]", "1");
            assertEquals("delivered", customer.until(d -> {
                String tick = tickOf(customer, "Hello, my order has not arrived");
                return "delivered".equals(tick) || "read".equals(tick) ? tick : null;
            }, "delivered tick"));
            openChat(staff, f.chatId());
            messageWith(staff, "Hello, my order has not arrived");
            // The staff member has it on screen: the customer's tick turns to read.
            customer.until(d -> "read".equals(tickOf(customer, "Hello, my order has not arrived")),
                    "read tick on the customer's message");

            // Typing, both ways.
            staff.find("#message-input").sendKeys("Sorry about that");
            customer.untilText("#typing-indicator", "typing");
            staff.find("#message-input").sendKeys(", let me check");
            staff.click("#send-button");
            messageWith(customer, "Sorry about that, let me check");
            staff.until(d -> "read".equals(tickOf(staff, "Sorry about that, let me check")),
                    "read tick on the staff member's message");
            customer.find("#message-input").sendKeys("Thanks");
            staff.untilText("#typing-indicator", "typing");

            assertEquals(1, countOf(staff, "Hello, my order has not arrived"));
            assertEquals(1, countOf(customer, "Sorry about that, let me check"));
            assertEquals("open", staff.attribute("#connection-state", "data-state"));
            Path shot = staff.screenshot("console-chat-staff");
            customer.screenshot("console-chat-customer-phone");
            assertTrue(Files.size(shot) > 10_000, "a real screenshot");
        }
    }

    @Test
    void aChatOpenedByStaffAppearsInTheCustomersListAtOnce() {
        ChatFixture f = ChatFixture.create();
        try (Browser customer = Browser.phone()) {
            signInCustomer(customer, Api.base(), f.tenant(), f.customerEmail());
            customer.find("#chat-list li[data-chat-id='" + f.chatId() + "']");
            Api.Reply opened = Api.post("/api/v1/chat/chats", obj("customer_id", f.customerId(), "title", "Your refund"),
                    f.tenant().owner());
            assertEquals(201, opened.status(), opened::toString);
            customer.untilText("#chat-list li[data-chat-id='" + opened.json().getJsonNumber("id") + "']", "Your refund");
        }
    }

    @Test
    void aNewTenantSignsUpThenSeesLiveConnectionsAddsACustomerAndSeesANotificationArrive() {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        try (Browser admin = Browser.desktop()) {
            admin.open(Api.base() + "/console/");
            admin.click("#auth-tab-signup");
            admin.type("#signup-name", "Bakery " + unique);
            admin.type("#signup-slug", "bakery-" + unique);
            admin.type("#signup-owner-name", "Ada");
            admin.type("#signup-email", "ada-" + unique + "@example.test");
            admin.type("#signup-password", TestTenant.PASSWORD);
            admin.click("#signup-submit");
            awaitOpen(admin);
            Api.Reply login = Api.post("/api/v1/auth/login", obj("email", "ada-" + unique + "@example.test",
                    "password", TestTenant.PASSWORD, "tenant", "bakery-" + unique));
            assertEquals(200, login.status(), "the tenant signed up in the console exists: " + login);
            String[] owner = Api.bearer(login.json().getString("access_token"));
            admin.click("#tab-admin");
            admin.until(d -> {
                String count = admin.text("#stats-connections");
                return count != null && count.matches("\\d+") && Integer.parseInt(count) >= 1;
            }, "a live connection count of at least 1 (this browser)");
            admin.type("#customer-name", "Grace Hopper");
            admin.type("#customer-new-email", "grace@example.test");
            admin.click("#customer-create");
            admin.untilText("#customers-table", "Grace Hopper");
            Api.Reply customers = Api.get("/api/v1/customers", owner);
            assertTrue(customers.body().contains("grace@example.test"), customers::toString);

            // A notification the tenant's backend publishes shows up live in the notifications panel.
            Api.Reply published = Api.post("/api/v1/notifications",
                    obj("event", "order.shipped", "data", obj("order", 42)), owner);
            assertEquals(202, published.status(), published::toString);
            assertTrue(published.json().getInt("delivered") >= 1, "at least this console: " + published);
            admin.click("#tab-notifications");
            admin.untilText("#notifications-list li[data-event='order.shipped']", "42");
        }
    }

    @Test
    void resumesAfterTheConnectionIsCutAndShowsMissedMessagesOnceInOrder() throws Exception {
        ChatFixture f = ChatFixture.create();
        try (TcpProxy proxy = new TcpProxy(URI.create(Api.base()).getPort()); Browser staff = Browser.desktop()) {
            String viaProxy = "http://127.0.0.1:" + proxy.port();
            signInStaff(staff, viaProxy, f.tenant());
            openChat(staff, f.chatId());
            sendAsCustomer(f, "before the cut");
            messageWith(staff, "before the cut");

            proxy.cut(true); // the network goes away; the browser sees 1006, no close frame
            staff.until(d -> !"open".equals(staff.attribute("#connection-state", "data-state")),
                    "the console noticing the cut");
            for (int i = 1; i <= 3; i++) {
                sendAsCustomer(f, "missed " + i);
            }
            proxy.accept(true);

            for (int i = 1; i <= 3; i++) {
                messageWith(staff, "missed " + i);
            }
            staff.until(d -> "open".equals(staff.attribute("#connection-state", "data-state")), "open again");
            sendAsCustomer(f, "after the resume");
            messageWith(staff, "after the resume");

            List<String> shown = staff.texts("#message-list li[data-message-id] [data-testid=message-content]");
            assertEquals(List.of("before the cut", "missed 1", "missed 2", "missed 3", "after the resume"), shown);
            List<Long> seqs = staff.attributes("#message-list li[data-message-id]", "data-seq").stream()
                    .map(Long::parseLong).toList();
            assertEquals(seqs.stream().sorted().toList(), seqs, "in seq order");
            assertNotEquals("0", staff.text("#conn-reconnects"), "a reconnect was counted");
        }
    }

    @Test
    void aMessageSentWhileOfflineIsDeliveredOnceAfterReconnecting() throws Exception {
        ChatFixture f = ChatFixture.create();
        try (TcpProxy proxy = new TcpProxy(URI.create(Api.base()).getPort()); Browser staff = Browser.desktop()) {
            signInStaff(staff, "http://127.0.0.1:" + proxy.port(), f.tenant());
            openChat(staff, f.chatId());

            proxy.cut(true);
            staff.until(d -> !"open".equals(staff.attribute("#connection-state", "data-state")), "offline");
            staff.type("#message-input", "written while offline");
            staff.click("#send-button");
            staff.find("#message-list li[data-status=pending]");
            assertEquals(0, storedCount(f, "written while offline"), "nothing stored while offline");

            proxy.accept(true);
            messageWith(staff, "written while offline"); // stored: the ack arrived
            Thread.sleep(1500); // a second flush of the queue would show up here
            assertEquals(1, storedCount(f, "written while offline"), "stored once");
            assertEquals(1, countOf(staff, "written while offline"), "shown once");
        }
    }

    @Test
    void parleyJsWithABadTokenEndsClosedWithTheServersReasonAndNeverOpen() {
        try (Browser browser = Browser.desktop()) {
            browser.open(Api.base() + "/console/");
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) browser.asyncScript("""
                    const done = arguments[arguments.length - 1];
                    import('/parley.js').then(({ ParleyClient }) => {
                      const states = [];
                      const client = new ParleyClient({ token: 'not-a-token' });
                      client.on('state', (s) => {
                        states.push(s.state);
                        if (s.state === 'closed') done({ states, code: s.code, reason: s.reason, gaveUp: s.gaveUp });
                      });
                      client.connect();
                    });
                    """);
            assertEquals(1008L, result.get("code"), result::toString);
            assertEquals("invalid token", result.get("reason"), result::toString);
            assertEquals(true, result.get("gaveUp"), result::toString);
            assertTrue(!((List<?>) result.get("states")).contains("open"), "never open: " + result);
        }
    }

    @Test
    void theConsoleWithABadSessionSaysSoInsteadOfConnected() {
        TestTenant tenant = TestTenant.signUp();
        try (Browser browser = Browser.desktop()) {
            signInStaff(browser, Api.base(), tenant);
            // Both stored tokens go bad (as after a signing-key rotation), and the page reloads.
            browser.script("const key = 'parley.session'; const s = JSON.parse(sessionStorage.getItem(key));"
                    + "s.access_token = s.access_token.slice(0, -4) + 'AAAA'; s.refresh_token = 'revoked';"
                    + "sessionStorage.setItem(key, JSON.stringify(s));");
            browser.open(Api.base() + "/console/");
            browser.untilText("#auth-error", "invalid"); // the server's words: the refresh token is invalid, ...
            assertEquals("false", browser.attribute("body", "data-signed-in"));
            assertNotEquals("open", browser.attribute("#connection-state", "data-state"));
        }
    }

    // --- steps -----------------------------------------------------------------------------------------

    static void signInStaff(Browser browser, String base, TestTenant tenant) {
        browser.open(base + "/console/");
        browser.click("#auth-tab-staff");
        browser.type("#login-email", tenant.ownerEmail());
        browser.type("#login-password", TestTenant.PASSWORD);
        browser.type("#login-tenant", tenant.slug());
        browser.click("#login-submit");
        awaitOpen(browser);
    }

    static void signInCustomer(Browser browser, String base, TestTenant tenant, String email) {
        browser.open(base + "/console/");
        browser.click("#auth-tab-customer");
        browser.type("#customer-tenant", tenant.slug());
        browser.type("#customer-email", email);
        browser.type("#customer-password", TestTenant.PASSWORD);
        browser.click("#customer-submit");
        awaitOpen(browser);
    }

    private static void awaitOpen(Browser browser) {
        browser.find("body[data-signed-in=true]");
        browser.until(d -> "open".equals(browser.attribute("#connection-state", "data-state")), "connection open");
    }

    static void openChat(Browser browser, long chatId) {
        browser.click("#chat-list li[data-chat-id='" + chatId + "'] button.chat-item");
        browser.find("#chat-window");
        browser.find("#message-input");
    }

    /** Waits for a stored message containing {@code text} in the open chat; answers its id. */
    static String messageWith(Browser browser, String text) {
        return browser.until(d -> d.findElements(By.cssSelector("#message-list li[data-message-id]")).stream()
                .filter(e -> e.getText().contains(text)).map(e -> e.getAttribute("data-message-id"))
                .findFirst().orElse(null), "message \"" + text + "\"");
    }

    /** Called inside waits, which look again when the list was rebuilt meanwhile. */
    private static String tickOf(Browser browser, String text) {
        return browser.all("#message-list li[data-message-id]").stream().filter(e -> e.getText().contains(text))
                .flatMap(e -> e.findElements(By.cssSelector("[data-testid=read-tick]")).stream())
                .map(e -> e.getAttribute("data-status")).findFirst().orElse(null);
    }

    private static long countOf(Browser browser, String text) {
        return browser.texts("#message-list li [data-testid=message-content]").stream().filter(text::equals).count();
    }

    private static void sendAsCustomer(ChatFixture f, String text) {
        Api.Reply sent = Api.post(f.messages(), obj("content", text), Api.bearer(f.customerToken()));
        assertEquals(201, sent.status(), sent::toString);
    }

    private static long storedCount(ChatFixture f, String text) {
        Api.Reply page = Api.get(f.messages() + "?page_size=200", f.tenant().owner());
        assertEquals(200, page.status(), page::toString);
        return page.json().getJsonArray("messages").stream().map(JsonValue::asJsonObject)
                .filter(m -> text.equals(m.getString("content", null))).count();
    }
}
