package dev.parley.it;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Seed 004's chat flow over real WebSockets, staff and customer side by side. */
@ExtendWith(ArquillianExtension.class)
class ChatSocketIT {

    @Test
    void seedFlowStaffAndCustomerChat() {
        ChatFixture f = ChatFixture.create();
        try (WsClient staff = WsClient.connect("/api/v1/chat/ws/chat/user?token=" + f.staffToken());
             WsClient customer = WsClient.connect("/api/v1/chat/ws/chat/customer?token=" + f.customerToken())) {
            JsonObject connected = staff.next();
            assertEquals("connected", connected.getString("type"));
            assertEquals("user", connected.getString("participant_type"));
            assertEquals(f.staffId(), connected.getJsonNumber("participant_id").longValue());
            assertEquals(f.tenant().id(), connected.getString("tenant_id"));
            assertEquals(25000, connected.getInt("heartbeat_interval_ms"));
            assertEquals("connected", customer.next().getString("type"));

            f.join(staff);
            f.join(customer);
            JsonObject joined = staff.next("user_joined");
            assertEquals("customer", joined.getString("participant_type"));
            assertEquals(f.customerId(), joined.getJsonNumber("participant_id").longValue());

            staff.send(obj("type", "send_message", "chat_id", f.chatId(), "content", "Hello, how can I help you?",
                    "message_type", "text", "client_message_id", "m-1"));
            JsonObject ack = staff.next("message_ack");
            assertEquals("m-1", ack.getString("client_message_id"));
            assertEquals(1, ack.getJsonNumber("seq").longValue());
            JsonObject received = customer.next("message");
            JsonObject message = received.getJsonObject("message");
            assertEquals(f.chatId(), received.getJsonNumber("chat_id").longValue());
            assertEquals("Hello, how can I help you?", message.getString("content"));
            assertEquals("user", message.getString("sender_type"));
            assertEquals(f.staffId(), message.getJsonNumber("sender_user_id").longValue());
            assertEquals(ack.getJsonNumber("message_id").longValue(), message.getJsonNumber("id").longValue());
            for (String field : new String[] {"id", "chat_id", "seq", "sender_type", "sender_id", "sender_user_id",
                    "sender_name", "message_type", "content", "media_url", "reply_to_message_id", "entity_ref",
                    "client_message_id", "created_at", "is_edited", "is_deleted", "read_receipts"}) {
                assertTrue(message.containsKey(field), "message lacks " + field);
            }
            assertEquals(message, staff.next("message").getJsonObject("message"), "the sender sees its own message");

            customer.send(obj("type", "typing", "chat_id", f.chatId(), "is_typing", true));
            JsonObject typing = staff.next("typing");
            assertTrue(typing.getBoolean("is_typing"));
            assertEquals("customer", typing.getString("participant_type"));

            customer.send(obj("type", "read_message", "chat_id", f.chatId(), "message_id", message.getJsonNumber("id")));
            JsonObject receipt = staff.next("read_receipt");
            assertEquals(message.getJsonNumber("id").longValue(), receipt.getJsonNumber("message_id").longValue());
            assertEquals("customer", receipt.getString("reader_type"));
            assertEquals(f.customerId(), receipt.getJsonNumber("reader_id").longValue());

            customer.send(obj("type", "ping"));
            assertTrue(customer.next("pong").getJsonNumber("timestamp").longValue() > 0);

            customer.send(obj("type", "leave_chat", "chat_id", f.chatId()));
            JsonObject left = staff.next("user_left");
            assertEquals("customer", left.getString("participant_type"));
            assertEquals(f.customerId(), left.getJsonNumber("participant_id").longValue());
        }
    }

    /**
     * Every frame restarts a session's idle timer: Parley hands sessions a scheduler of its own, since the
     * container's costs most of a frame's CPU (IdleTimerScheduler). Its thread exists once frames flowed.
     */
    @Test
    void framesRestartTheirIdleTimerOnParleysSchedulerNotTheContainers() throws Exception {
        ChatFixture f = ChatFixture.create();
        try (WsClient staff = f.staffSocket()) {
            staff.framesUntilPong();
            assertTrue(SuiteServer.threadNames().contains("parley-websocke"), "Parley's idle-timer thread runs");
        }
    }

    @Test
    void aParticipantWithTwoConnectionsLeavesWithTheLast() {
        ChatFixture f = ChatFixture.create();
        try (WsClient staff = f.staffSocket(); WsClient phone = f.customerSocket(); WsClient laptop = f.customerSocket()) {
            f.join(staff);
            f.join(phone);
            assertEquals("customer", staff.next("user_joined").getString("participant_type"));
            f.join(laptop);
            phone.send(obj("type", "leave_chat", "chat_id", f.chatId()));
            phone.next("chat_left");
            assertTrue(staff.drain("user_joined", java.time.Duration.ofMillis(300)).isEmpty(), "no second join");
            assertTrue(staff.drain("user_left", java.time.Duration.ofMillis(300)).isEmpty(), "still there on the laptop");
            laptop.send(obj("type", "leave_chat", "chat_id", f.chatId()));
            assertEquals(f.customerId(), staff.next("user_left").getJsonNumber("participant_id").longValue());
        }
    }

    @Test
    void joiningShowsWhoIsOnline() {
        ChatFixture f = ChatFixture.create();
        try (WsClient staff = f.staffSocket(); WsClient customer = f.customerSocket()) {
            f.join(customer);
            JsonObject presence = customer.next("presence");
            assertEquals(2, presence.getJsonArray("online").size(), presence.toString());
            Api.Reply list = Api.get("/api/v1/chat/chats/customer", Api.bearer(f.customerToken()));
            assertEquals(2, list.array().getJsonObject(0).getJsonArray("online_participants").size(), list::toString);
        }
        assertFalse(Api.get("/api/v1/chat/chats", f.tenant().owner()).array().isEmpty());
    }
}
