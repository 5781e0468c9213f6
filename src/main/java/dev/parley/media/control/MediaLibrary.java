package dev.parley.media.control;

import dev.parley.chat.control.Actor;
import dev.parley.chat.control.MediaAttachments;
import dev.parley.identity.entity.ParticipantType;
import dev.parley.chat.entity.Message;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The uploads a media message may carry: a {@code media_url} naming one of the
 * current tenant's uploads by path ({@code /api/v1/media/{key}}), with or
 * without a host. Whatever host the client wrote is dropped: messages carry
 * Parley's own paths, so no client is ever sent to a host of someone's choosing.
 */
@ApplicationScoped
public class MediaLibrary implements MediaAttachments {

    public static final String PATH = "/api/v1/media/";
    private static final Pattern MEDIA_URL = Pattern.compile(
            "^(?:https?://[^/?#]+)?" + Pattern.quote(PATH) + "([0-9a-fA-F-]{36})(?:\\?.*)?$");

    @Inject
    Uploads uploads;

    @Override
    public Optional<Upload> find(String mediaUrl) {
        Matcher matcher = MEDIA_URL.matcher(mediaUrl == null ? "" : mediaUrl.strip());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        UUID key;
        try {
            key = UUID.fromString(matcher.group(1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return uploads.attach(key).map(file -> new Upload(PATH + file.getKey(),
                file.getThumbnailKey() == null ? null : PATH + file.getThumbnailKey(),
                new Message.Attachment(file.getFileName(), file.getFileType(), file.getFileSize()),
                new Actor(ParticipantType.valueOf(file.getUploadedByType()), file.getUploadedById(), null)));
    }
}
