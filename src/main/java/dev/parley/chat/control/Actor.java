package dev.parley.chat.control;

import dev.parley.identity.entity.ParticipantType;

/**
 * Who acts in a chat: a user, customer or visitor of the current tenant, or
 * its assistant, with the name shown on its messages.
 */
public record Actor(ParticipantType type, long id, String name) {

    /** The tenant's assistant, under the name the tenant gave it. */
    public static Actor assistant(String name) {
        return new Actor(ParticipantType.assistant, 0, name);
    }

    /** Parley itself, for notices in a chat. */
    public static Actor system() {
        return new Actor(ParticipantType.system, 0, null);
    }

    /** Whether it belongs to chats as a member; the assistant and Parley post where they are let. */
    public boolean isMember() {
        return type.connects();
    }

    /** An anonymous website visitor, by its row in {@code visitors}. */
    public static Actor visitor(long id) {
        return new Actor(ParticipantType.visitor, id, "Visitor");
    }

    public boolean isStaff() {
        return type == ParticipantType.user;
    }
}
