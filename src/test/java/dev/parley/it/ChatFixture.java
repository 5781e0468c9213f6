package dev.parley.it;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;

/** A tenant with a staff member (its owner) and a customer, and a chat between them. */
public record ChatFixture(TestTenant tenant, String staffToken, long staffId, String customerToken, long customerId,
                          String customerEmail, long chatId) {

    public static ChatFixture create() {
        TestTenant tenant = TestTenant.signUp();
        JsonObject customer = tenant.customer();
        long customerId = customer.getJsonObject("customer").getJsonNumber("id").longValue();
        Api.Reply chat = Api.post("/api/v1/chat/chats", obj("customer_id", customerId, "title", "Support Chat"),
                tenant.owner());
        assertEquals(201, chat.status(), chat::toString);
        return new ChatFixture(tenant, tenant.ownerToken(), tenant.ownerId(), customer.getString("access_token"),
                customerId, customer.getJsonObject("customer").getString("email"), chat.json().getJsonNumber("id").longValue());
    }

    public WsClient staffSocket() {
        return WsClient.connectAs("user", staffToken);
    }

    public WsClient customerSocket() {
        return WsClient.connectAs("customer", customerToken);
    }

    /** Joins the chat on {@code socket} and waits for {@code chat_joined}; answers it. */
    public JsonObject join(WsClient socket) {
        socket.send(obj("type", "join_chat", "chat_id", chatId));
        return socket.next("chat_joined");
    }

    public String messages() {
        return "/api/v1/chat/chats/" + chatId + "/messages";
    }
}
