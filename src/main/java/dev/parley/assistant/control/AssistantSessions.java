package dev.parley.assistant.control;

import dev.parley.chat.control.Actor;
import dev.parley.chat.control.ChatRef;
import dev.parley.chat.control.Chats;
import dev.parley.chat.control.MessageView;
import dev.parley.chat.control.Messages;
import dev.parley.chat.entity.Chat;
import dev.parley.platform.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Assistant sessions (seed 003's {@code /ws/chat/{sessionId}/}): a stored
 * conversation of one caller with the assistant, named by the client's
 * session id. The same caller continues it, history included; anyone else,
 * in this tenant or another, is refused.
 */
@ApplicationScoped
@Transactional
public class AssistantSessions {

    /** How much history a reconnecting client is given. */
    static final int HISTORY = 100;
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Inject
    Chats chats;

    @Inject
    Messages messages;

    /** Refused: the session id is someone else's. */
    public static final class Foreign extends RuntimeException {
        Foreign() {
            super("session belongs to someone else", null, false, false);
        }
    }

    /** A session, opened or continued: its chat and the messages so far, oldest first. */
    public record Session(ChatRef chat, List<MessageView> history) {
    }

    public Session open(Actor caller, String sessionId) {
        if (sessionId == null || !SESSION_ID.matcher(sessionId).matches()) {
            throw ApiException.invalidField("session_id", "1 to 128 letters, digits or . _ : -");
        }
        Chat existing = chats.assistantSession(sessionId).orElse(null);
        if (existing != null) {
            try {
                chats.requireMember(caller, existing.getId());
            } catch (ApiException notTheirs) {
                throw new Foreign();
            }
            return new Session(Chats.refOf(existing), messages.recent(existing.getId(), HISTORY));
        }
        if (chats.sessionIdTaken(sessionId)) {
            throw new Foreign(); // another tenant's
        }
        return new Session(Chats.refOf(chats.openAssistantSession(caller, sessionId)), List.of());
    }
}
