package dev.parley.it;

import static dev.parley.it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.media.MediaSamples;
import jakarta.json.JsonObject;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Website visitors send photos and files too, by their session: they see their own chats' files,
 * never another visitor's, and send only what they uploaded themselves.
 */
@ExtendWith(ArquillianExtension.class)
class VisitorMediaIT {

    private static String[] session(VisitorFixture.Visitor visitor) {
        return visitor.headers("X-Session-ID", visitor.sessionId());
    }

    /** A file as a browser's {@code <img>} asks for it: tenant and session in the query. */
    private static MediaIT.Reply fetchAs(VisitorFixture.Visitor visitor, String path) {
        return MediaIT.get(Api.base() + path + "?tenant_id=" + visitor.fixture().tenant().slug() + "&session_id="
                + visitor.sessionId());
    }

    private static String pathOf(String url) {
        return url.substring(url.indexOf("/api/v1/media/"));
    }

    @Test
    void aVisitorSendsAPhotoThatStaffSeeAndOnlyItsOwnChatsFilesReachIt() {
        VisitorFixture f = VisitorFixture.create();
        f.assistant("mode", "off"); // a person answers: the test is about the files
        VisitorFixture.Visitor visitor = f.visitor();
        String chatId = visitor.openChat().getString("id");

        MediaIT.Reply uploaded = MediaIT.uploadWith(session(visitor), "broken-tap.png", "image/png",
                MediaSamples.png(40, 30));
        assertEquals(201, uploaded.status(), uploaded::toString);
        String photo = pathOf(uploaded.json().getString("file_url"));

        Api.Reply sent = Api.post("/api/v1/chat/" + chatId + "/messages", obj("message_type", "image",
                "media_url", photo, "content", "It drips"), session(visitor));
        assertEquals(202, sent.status(), sent::toString);
        JsonObject message = sent.json().getJsonObject("message");
        assertEquals("image", message.getString("message_type"));
        assertEquals(photo, message.getString("media_url"));

        // Staff see it with their token; the visitor by its session (as an <img> would ask).
        MediaIT.Reply staffCopy = MediaIT.get(Api.base() + photo + "?token=" + f.tenant().ownerToken());
        assertEquals(200, staffCopy.status());
        MediaIT.Reply ownCopy = fetchAs(visitor, photo);
        assertEquals(200, ownCopy.status());
        assertArrayEquals(staffCopy.body(), ownCopy.body());

        // A staff photo sent into the visitor's chat reaches the visitor; one that was not sent does not.
        String staffPhoto = pathOf(MediaIT.upload(f.tenant().ownerToken(), "tap.png", "image/png",
                MediaSamples.png(20, 20)).json().getString("file_url"));
        String staffDraft = pathOf(MediaIT.upload(f.tenant().ownerToken(), "draft.png", "image/png",
                MediaSamples.png(20, 20)).json().getString("file_url"));
        assertEquals(404, fetchAs(visitor, staffPhoto).status(), "not in the visitor's chat yet");
        Api.Reply staffSent = Api.post("/api/v1/chat/chats/" + chatId + "/messages", obj("message_type", "image",
                "media_url", staffPhoto), f.tenant().owner());
        assertEquals(201, staffSent.status(), staffSent::toString);
        assertEquals(200, fetchAs(visitor, staffPhoto).status(), "sent into its chat");
        assertEquals(404, fetchAs(visitor, staffDraft).status());

        // Another visitor of the same tenant, an unknown session, or no session: 404, whatever the key.
        VisitorFixture.Visitor other = f.visitor();
        other.openChat();
        assertEquals(404, fetchAs(other, photo).status(), "another visitor");
        assertEquals(404, fetchAs(other, staffPhoto).status(), "another visitor's chat");
        assertEquals(404, fetchAs(f.visitor(), photo).status(), "a session with no chat");
        assertEquals(404, MediaIT.get(Api.base() + photo + "?tenant_id=" + f.tenant().slug()).status(), "no session");

        // A visitor sends its own uploads only: not staff's, not another visitor's.
        String othersFile = pathOf(MediaIT.uploadWith(session(other), "notes.txt", "text/plain", MediaSamples.text())
                .json().getString("file_url"));
        for (String foreign : new String[] {staffDraft, othersFile}) {
            Api.Reply refused = Api.post("/api/v1/chat/" + chatId + "/messages", obj("message_type", "file",
                    "media_url", foreign), session(visitor));
            assertEquals(400, refused.status(), refused::toString);
            assertTrue(refused.json().getString("message").startsWith("media_url:"), refused::toString);
        }
        try (WsClient widget = visitor.socket("")) {
            widget.send(obj("type", "send_message", "chat_id", chatId, "message_type", "file", "media_url", othersFile));
            JsonObject error = widget.next("error");
            assertTrue(error.toString().contains("media_url"), error::toString);
        }
    }

    @Test
    void uploadsNeedAVisitorsChatOfATenantThatAdmitsVisitors() {
        VisitorFixture f = VisitorFixture.create();
        VisitorFixture.Visitor visitor = f.visitor();
        assertEquals(401, MediaIT.uploadWith(session(visitor), "a.txt", "text/plain", MediaSamples.text()).status(),
                "a session that opened no chat");
        visitor.openChat();
        assertEquals(401, MediaIT.uploadWith(visitor.headers(), "a.txt", "text/plain", MediaSamples.text()).status(),
                "no session");
        assertEquals(201, MediaIT.uploadWith(session(visitor), "a.txt", "text/plain", MediaSamples.text()).status());
        Api.Reply closed = Api.patch("/api/v1/tenants/" + f.tenant().slug(),
                obj("settings", obj("anonymous_access", false)), f.tenant().owner());
        assertEquals(200, closed.status(), closed::toString);
        assertEquals(401, MediaIT.uploadWith(session(visitor), "a.txt", "text/plain", MediaSamples.text()).status(),
                "the tenant no longer admits visitors");
    }
}
