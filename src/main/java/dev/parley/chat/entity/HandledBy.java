package dev.parley.chat.entity;

/** Who answers a visitor or assistant chat: the assistant, nobody yet (a person was asked for), or a person. */
public enum HandledBy {
    assistant, waiting, human
}
