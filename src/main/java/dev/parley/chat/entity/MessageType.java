package dev.parley.chat.entity;

/** What a message carries; media types carry a {@code media_url}. */
public enum MessageType {
    text, image, voice, file, system;

    public boolean isMedia() {
        return this == image || this == voice || this == file;
    }
}
