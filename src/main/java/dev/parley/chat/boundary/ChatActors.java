package dev.parley.chat.boundary;

import dev.parley.chat.control.Actor;
import dev.parley.identity.control.Caller;
import dev.parley.identity.control.CustomerAccounts;
import dev.parley.identity.control.UserAccounts;
import dev.parley.identity.entity.ParticipantType;
import dev.parley.platform.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The chat participant a caller is: its own user or customer account. API keys take part in no chat. */
@ApplicationScoped
public class ChatActors {

    @Inject
    UserAccounts users;

    @Inject
    CustomerAccounts customers;

    public Actor of(Caller caller) {
        return switch (caller.kind()) {
            case user -> new Actor(ParticipantType.user, caller.id(), users.get(caller.id()).getName());
            case customer -> new Actor(ParticipantType.customer, caller.id(), customers.get(caller.id()).getName());
            case api_key, operator -> throw ApiException.forbidden("forbidden", "Only users and customers take part in chats");
            case anonymous -> throw ApiException.unauthorized("Authentication required: send a bearer token");
        };
    }
}
