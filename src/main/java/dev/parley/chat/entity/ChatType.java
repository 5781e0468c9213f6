package dev.parley.chat.entity;

/** What a chat is between. */
public enum ChatType {
    user_customer, group, visitor, assistant
}
