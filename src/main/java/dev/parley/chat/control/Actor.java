package dev.parley.chat.control;

import dev.parley.identity.entity.ParticipantType;

/** Who acts in a chat: a user or a customer of the current tenant, with the name shown on its messages. */
public record Actor(ParticipantType type, long id, String name) {
}
