package dev.parley.it.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.it.Api;
import dev.parley.it.ChatFixture;
import dev.parley.media.MediaSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seed 004's photo and voice flows in the console, in two browsers: a customer attaches a photo and records a
 * voice note (Chromium's fake microphone); the staff member sees the photo's thumbnail and gets a playable
 * voice note, both fetched from Parley with the staff member's own token.
 */
@ExtendWith(ArquillianExtension.class)
class MediaConsoleBrowserIT {

    static final String THUMBNAIL = "#message-list li[data-message-type='image'] img[data-testid='media-thumbnail']";
    static final String AUDIO = "#message-list li[data-message-type='voice'] audio[data-testid='media-audio']";

    @Test
    void aPhotoAndAVoiceNoteReachTheOtherSide() throws Exception {
        ChatFixture f = ChatFixture.create();
        Path photo = Files.createTempFile("parley-photo-", ".png");
        Files.write(photo, MediaSamples.png(640, 480));
        try (Browser staff = Browser.desktop(); Browser customer = Browser.desktop()) {
            ConsoleBrowserIT.signInStaff(staff, Api.base(), f.tenant());
            ConsoleBrowserIT.signInCustomer(customer, Api.base(), f.tenant(), f.customerEmail());
            ConsoleBrowserIT.openChat(staff, f.chatId());
            ConsoleBrowserIT.openChat(customer, f.chatId());

            customer.find("#attach-input").sendKeys(photo.toString());
            staff.until(d -> Boolean.TRUE.equals(staff.script("const img = document.querySelector(arguments[0]);"
                    + "return img !== null && img.complete && img.naturalWidth > 0;", THUMBNAIL)),
                    "the photo's thumbnail, loaded");
            Long width = (Long) staff.script("return document.querySelector(arguments[0]).naturalWidth", THUMBNAIL);
            assertTrue(width <= 320, "the thumbnail, not the full photo: " + width);

            customer.click("#record-voice");
            customer.find("[data-testid=recording]");
            Thread.sleep(1500); // the voice note's length, not a wait for something to happen
            customer.click("#record-voice");
            staff.until(d -> Boolean.TRUE.equals(staff.script("const audio = document.querySelector(arguments[0]);"
                    + "return audio !== null && audio.readyState >= 1;", AUDIO)), "a voice note the player can read");
            staff.screenshot("console-media");
        } finally {
            Files.deleteIfExists(photo);
        }
    }
}
