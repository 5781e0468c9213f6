package dev.parley.chat.control;

import dev.parley.chat.entity.Message;
import java.util.Optional;

/**
 * What a media message may carry: only files uploaded to the current tenant
 * (the media feature answers), so nobody can make Parley's clients load a
 * URL of their choosing.
 */
public interface MediaAttachments {

    /** The upload a {@code media_url} names, in the current tenant; empty when it names none. */
    Optional<Upload> find(String mediaUrl);

    /** An upload as a message carries it: its canonical paths, the file, and who uploaded it. */
    record Upload(String url, String thumbnailUrl, Message.Attachment file, Actor uploader) {
    }
}
