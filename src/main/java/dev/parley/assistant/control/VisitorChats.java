package dev.parley.assistant.control;

import dev.parley.chat.control.Actor;
import dev.parley.chat.control.Chats;
import dev.parley.chat.control.MessageWriter;
import dev.parley.chat.entity.Chat;
import dev.parley.chat.entity.Message;
import dev.parley.chat.entity.MessageType;
import dev.parley.identity.control.Visitors;
import dev.parley.identity.entity.Visitor;
import dev.parley.platform.Json;
import dev.parley.tenant.entity.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/** Opens a website visitor's chat, with the tenant's greeting as the assistant's first message: all or nothing. */
@ApplicationScoped
public class VisitorChats {

    @Inject
    Visitors visitors;

    @Inject
    Chats chats;

    @Inject
    MessageWriter writer;

    public record Opened(Chat chat, Visitor visitor) {
    }

    /** Opens a visitor's chat; the assistant's greeting, if the tenant has one, is its first message. */
    public Opened open(Tenant tenant, String sessionId, String visitorId, String title, String context) {
        Visitor visitor = visitors.enter(sessionId, visitorId);
        Chat chat = chats.openForVisitor(Actor.visitor(visitor.getId()), title, context);
        String greeting = tenant.getAssistantGreeting();
        if (greeting != null && !greeting.isBlank() && !"off".equals(tenant.getAssistantMode())) {
            // Stored before the chat is answered to anyone: nobody else can post there yet.
            Message.Draft draft = Message.Draft.text(MessageType.text, greeting, Json.write(Map.of(
                    "finish_reason", "stop", "sources", List.of(), "greeting", true)));
            writer.send(Actor.assistant(AssistantConfig.nameOf(tenant)), Chats.refOf(chat), draft);
        }
        return new Opened(chat, visitor);
    }
}
