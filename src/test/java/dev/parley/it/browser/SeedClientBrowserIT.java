package dev.parley.it.browser;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.it.Api;
import dev.parley.it.ChatFixture;
import dev.parley.it.WsClient;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The vanilla JavaScript client of a frontend team's integration guide
 * (src/test/resources/seeds/004-chat-client.js, as they wrote it), run in
 * Chromium against Parley's seed URL: join, send, receive, typing and read
 * receipts work with code Parley did not write.
 */
@ExtendWith(ArquillianExtension.class)
class SeedClientBrowserIT {

    @Test
    void theGuidesChatClientJoinsSendsReceivesTypesAndMarksRead() throws Exception {
        ChatFixture f = ChatFixture.create();
        String client = Files.readString(Path.of("src/test/resources/seeds/004-chat-client.js"))
                .replace("ws://localhost:8000", Api.base().replace("http", "ws"));
        try (Browser browser = Browser.desktop(); WsClient customer = f.customerSocket()) {
            f.join(customer);
            browser.open(Api.base() + "/console/"); // any page of Parley's origin
            browser.script("window.events = [];"
                    + "window.ChatClient = (function () {\n" + client + "\nreturn ChatClient; })();"
                    + "const chatId = arguments[1];"
                    + "const chat = new ChatClient(arguments[0]);"
                    + "window.chat = chat;"
                    + "let joined = false;" // the guide's client emits 'connected' on open and again for the frame
                    + "chat.on('connected', () => { if (!joined) { joined = true; chat.joinChat(chatId); } });"
                    + "['chat_joined', 'message', 'typing', 'read_receipt', 'message_ack']"
                    + "  .forEach((type) => chat.on(type, (frame) => window.events.push(frame)));"
                    + "chat.connect();", f.staffToken(), f.chatId());
            browser.until(d -> count(browser, "chat_joined") > 0, "chat_joined in the guide's client");

            browser.script("window.chat.sendMessage(arguments[0], 'Hello from the guide')", f.chatId());
            JsonObject received = customer.next("message");
            assertEquals("Hello from the guide", received.getJsonObject("message").getString("content"));
            assertEquals("user", received.getJsonObject("message").getString("sender_type"));
            browser.until(d -> count(browser, "message_ack") > 0, "the ack");

            browser.script("window.chat.sendTyping(arguments[0], true)", f.chatId());
            JsonObject typing = customer.next("typing");
            assertTrue(typing.getBoolean("is_typing"));
            assertEquals(f.staffId(), typing.getJsonNumber("participant_id").longValue());

            customer.send(obj("type", "send_message", "chat_id", f.chatId(), "content", "Hello from the customer"));
            long id = customer.next("message_ack").getJsonNumber("message_id").longValue();
            browser.until(d -> Boolean.TRUE.equals(browser.script("return window.events.some((e) => e.type === 'message'"
                    + " && e.message.id === arguments[0] && e.message.content === 'Hello from the customer')", id)),
                    "the customer's message in the guide's client");

            browser.script("window.chat.markAsRead(arguments[0], arguments[1])", f.chatId(), id);
            JsonObject receipt = customer.next("read_receipt");
            assertEquals(id, receipt.getJsonNumber("message_id").longValue());
            assertEquals("user", receipt.getString("reader_type"));
            browser.script("window.chat.disconnect()");
        }
    }

    private static long count(Browser browser, String type) {
        return (Long) browser.script("return window.events.filter((e) => e.type === arguments[0]).length", type);
    }
}
