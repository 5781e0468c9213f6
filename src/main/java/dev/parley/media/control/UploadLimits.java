package dev.parley.media.control;

import dev.parley.chat.control.Actor;
import dev.parley.platform.ApiException;
import dev.parley.cluster.SharedWindows;
import dev.parley.platform.EventWindows;
import jakarta.annotation.PostConstruct;
import dev.parley.tenant.control.CurrentTenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Uploads per uploader and hour ({@code parley.media.uploads-per-hour}), so that one account, stolen or
 * scripted, cannot fill the store; checked before the body is read. Over it: {@code 429} with
 * {@code Retry-After}. Counted for the whole deployment ({@link SharedWindows}).
 */
@ApplicationScoped
public class UploadLimits {

    private static final Duration HOUR = Duration.ofHours(1);

    @Inject
    SharedWindows windows;

    private EventWindows uploads;

    @Inject
    @ConfigProperty(name = "parley.media.uploads-per-hour", defaultValue = "100")
    int perHour;

    @PostConstruct
    void open() {
        uploads = windows.named("uploads", HOUR);
    }

    public void take(Actor uploader) {
        long wait = uploads.take(CurrentTenant.idOrNone() + ":" + uploader.type() + ":" + uploader.id(), perHour, HOUR);
        if (wait > 0) {
            throw ApiException.tooManyRequests("Too many uploads: at most " + perHour + " an hour", wait);
        }
    }
}
