package dev.parley.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.it.Api;
import dev.parley.it.VisitorFixture;
import dev.parley.it.WsClient;
import jakarta.json.JsonObject;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Staff in the console answer website visitors: the inbox shows a visitor's
 * chat live and marks the one the assistant could not answer; taking it over
 * and replying reaches the visitor's widget. Admins keep the knowledge base.
 */
@ExtendWith(ArquillianExtension.class)
class VisitorConsoleBrowserIT {

    @Test
    void staffSeeAVisitorChatLiveTakeItOverAndReply() throws Exception {
        VisitorFixture f = VisitorFixture.create();
        VisitorFixture.Visitor visitor = f.visitor();
        try (Browser staff = Browser.desktop(); WsClient widget = visitor.socket("")) {
            ConsoleBrowserIT.signInStaff(staff, Api.base(), f.tenant());
            staff.click("#kind-tab-visitors");
            String chatId = visitor.openChat().getString("id");
            Api.Reply unanswered = visitor.say(chatId, "Do you repair vintage motorbikes?");
            assertEquals("no_answer", unanswered.json().getJsonObject("metadata").getString("finish_reason"));

            String item = "#visitor-list li[data-chat-id='" + chatId + "']";
            staff.until(d -> "true".equals(staff.attribute(item, "data-needs-attention")), "the attention marker");
            staff.click(item + " button.chat-item");
            messageWithAssistantLabel(staff);
            assertTrue(staff.text("[data-testid=visitor-page]").contains("example.test/pricing"));

            staff.click("#takeover");
            staff.until(d -> "human".equals(staff.attribute("#chat-handled-by", "data-state")), "handled by a person");
            assertEquals("human", widget.next("handoff").getString("handled_by"));
            JsonObject notice = widget.next("chat_message").getJsonObject("message");
            assertEquals("system", notice.getString("role"));
            assertTrue(notice.getString("content").endsWith("joined the chat."), notice::toString);
            staff.type("#message-input", "We do! Bring it by on Monday.");
            staff.click("#send-button");
            JsonObject received = widget.next("chat_message").getJsonObject("message");
            assertEquals("We do! Bring it by on Monday.", received.getString("content"));
            assertEquals("agent", received.getString("role"));
            staff.screenshot("console-visitor-inbox");
        }
    }

    @Test
    void anAdminAddsAnArticleThatTheAssistantThenAnswersFrom() {
        VisitorFixture f = VisitorFixture.create();
        try (Browser admin = Browser.desktop()) {
            ConsoleBrowserIT.signInStaff(admin, Api.base(), f.tenant());
            admin.click("#tab-admin");
            admin.type("#kb-title", "Gift cards");
            admin.type("#kb-body", "Gift cards are sold at the front desk and are valid for two years.");
            admin.click("#kb-save");
            admin.until(d -> admin.all("tr[data-testid=kb-row]").stream()
                    .anyMatch(row -> row.getText().contains("Gift cards")), "the new article in the list");
        }
        VisitorFixture.Visitor visitor = f.visitor();
        String chatId = visitor.openChat().getString("id");
        JsonObject reply = visitor.say(chatId, "How long are your gift cards valid?").json();
        assertTrue(reply.getString("content").contains("two years"), reply::toString);
        assertEquals("Gift cards", reply.getJsonObject("metadata").getJsonArray("sources").getJsonObject(0)
                .getString("title"));
    }

    private static void messageWithAssistantLabel(Browser browser) {
        browser.until(d -> !browser.all("#message-list li.assistant [data-testid=assistant-label]").isEmpty(),
                "the assistant's message, labelled");
    }
}
