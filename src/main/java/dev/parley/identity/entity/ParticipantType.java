package dev.parley.identity.entity;

/**
 * Who takes part in chats: staff ({@code user}), a customer, an anonymous
 * website visitor, the tenant's assistant (which only ever posts replies), or
 * Parley itself ({@code system}: notices such as "Ada joined the chat").
 */
public enum ParticipantType {
    user, customer, visitor, assistant, system;

    /** The types a token names: visitors name their session instead, and the assistant is Parley's own. */
    public boolean hasAccount() {
        return this == user || this == customer;
    }

    /** The types a live connection can be. */
    public boolean connects() {
        return this == user || this == customer || this == visitor;
    }
}
