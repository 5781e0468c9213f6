package dev.parley.chat.control;

import dev.parley.chat.entity.Message;
import dev.parley.chat.entity.MessageType;
import dev.parley.platform.ApiException;
import dev.parley.platform.Text;
import java.util.Locale;
import java.util.regex.Pattern;

/** Turns what a client sends into a valid {@link Message.Draft}, naming the field that is wrong. */
public final class Drafts {

    public static final int MAX_CONTENT = 10_000;
    public static final int MAX_URL = 2_000;
    public static final int MAX_CLIENT_MESSAGE_ID = 128;
    private static final Pattern ENTITY_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private Drafts() {
    }

    public static Message.Draft of(String messageType, String content, String mediaUrl, String thumbnailUrl,
                                   Long replyToMessageId, String entityRefType, String entityRefId,
                                   String clientMessageId) {
        MessageType type;
        try {
            type = messageType == null ? MessageType.text : MessageType.valueOf(messageType.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("message_type", "must be text, image, voice or file");
        }
        if (type == MessageType.system) {
            throw ApiException.invalidField("message_type", "system messages are Parley's own");
        }
        for (String[] field : new String[][] {{"content", content}, {"media_url", mediaUrl},
                {"thumbnail_url", thumbnailUrl}, {"client_message_id", clientMessageId}, {"entity_ref.id", entityRefId}}) {
            if (field[1] != null && !Text.isWellFormed(field[1])) {
                // A lone surrogate has no UTF-8 form: relayed, it would end every member's connection.
                throw ApiException.invalidField(field[0], "is not valid Unicode (a lone surrogate)");
            }
            if (field[1] != null && field[1].indexOf('\0') >= 0) {
                // Refused here, not by PostgreSQL: messages are stored in batches, and one bad value fails a batch.
                throw ApiException.invalidField(field[0], "may not contain NUL (\\u0000) characters");
            }
        }
        boolean hasContent = content != null && !content.isBlank();
        boolean hasMedia = mediaUrl != null && !mediaUrl.isBlank();
        if (type == MessageType.text && !hasContent) {
            throw ApiException.invalidField("content", "a text message needs content");
        }
        if (type.isMedia() && !hasMedia) {
            throw ApiException.invalidField("media_url", "a " + type + " message needs media_url");
        }
        if (content != null && content.length() > MAX_CONTENT) {
            throw ApiException.invalidField("content", "at most " + MAX_CONTENT + " characters");
        }
        if ((hasMedia && mediaUrl.length() > MAX_URL) || (thumbnailUrl != null && thumbnailUrl.length() > MAX_URL)) {
            throw ApiException.invalidField("media_url", "at most " + MAX_URL + " characters");
        }
        if (entityRefType != null || entityRefId != null) {
            if (entityRefType == null || !ENTITY_TYPE.matcher(entityRefType).matches()) {
                throw ApiException.invalidField("entity_ref.type", "lowercase letters, digits and _ (e.g. appointment)");
            }
            if (entityRefId == null || entityRefId.isBlank() || entityRefId.length() > 128) {
                throw ApiException.invalidField("entity_ref.id", "1 to 128 characters");
            }
        }
        if (clientMessageId != null && (clientMessageId.isBlank() || clientMessageId.length() > MAX_CLIENT_MESSAGE_ID)) {
            throw ApiException.invalidField("client_message_id", "1 to " + MAX_CLIENT_MESSAGE_ID + " characters");
        }
        return new Message.Draft(type, hasContent ? content : null, hasMedia ? mediaUrl : null, thumbnailUrl,
                replyToMessageId, entityRefType, entityRefId, clientMessageId);
    }
}
