package dev.parley.identity.entity;

/** Who is on the other end of a token or a connection. */
public enum ParticipantType {
    user, customer
}
