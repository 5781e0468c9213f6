package dev.parley.assistant.boundary;

import dev.parley.assistant.control.AssistantConfig;
import dev.parley.assistant.control.AssistantTurns;
import dev.parley.assistant.control.VisitorChats;
import dev.parley.chat.control.Actor;
import dev.parley.chat.control.ChatRef;
import dev.parley.chat.control.MessageWriter;
import dev.parley.chat.control.Chats;
import dev.parley.chat.control.Drafts;
import dev.parley.chat.control.Handovers;
import dev.parley.chat.control.MessageView;
import dev.parley.chat.control.Messages;
import dev.parley.chat.entity.Chat;
import dev.parley.chat.entity.ChatType;
import dev.parley.chat.entity.HandledBy;
import dev.parley.chat.entity.Message;
import dev.parley.identity.control.Caller;
import dev.parley.identity.control.VisitorLimits;
import dev.parley.identity.control.Visitors;
import dev.parley.identity.entity.Visitor;
import dev.parley.platform.ApiException;
import dev.parley.platform.ClientAddress;
import dev.parley.platform.RequestBodies;
import dev.parley.tenant.control.CurrentTenant;
import dev.parley.tenant.control.TenantDirectory;
import dev.parley.tenant.entity.Tenant;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Website visitors' chats (seed 002's widget), without a token: the request
 * names its tenant ({@code X-Tenant-ID} and the widget's other headers), which
 * must allow anonymous access. A chat's unguessable {@code id} is the
 * visitor's capability; a request that names another session
 * ({@code X-Session-ID}, {@code session_id} in the query or body) gets
 * {@code 404}, as for a chat that does not exist.
 */
@Path("v1/chat")
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Visitors")
public class VisitorChatsResource {

    @Inject
    Caller caller;

    @Inject
    TenantDirectory tenants;

    @Inject
    Visitors visitors;

    @Inject
    VisitorLimits limits;

    @Inject
    Chats chats;

    @Inject
    Messages messages;

    @Inject
    MessageWriter writer;

    @Inject
    Handovers handovers;

    @Inject
    AssistantTurns turns;

    @Inject
    VisitorChats visitorChats;

    @Inject
    AssistantConfig config;

    @Inject
    ClientAddress clientAddress;

    @Context
    HttpServletRequest request;

    /**
     * {@code {"session_id":"…","visitor_id":"…","title":"Website Chat","context":{"page_url":"…","user_agent":"…",
     * "referrer":"","tenant_id":"miptech-company"}}}
     */
    public static class NewChat {
        public String sessionId;
        public @Size(max = 128) String visitorId;
        public @Size(max = 200) String title;
        public JsonObject context;
    }

    /**
     * {@code {"content":"Hello","role":"user","metadata":{"page_url":"…"}}}; a photo, voice note or file
     * the visitor uploaded: {@code {"message_type":"image","media_url":"/api/v1/media/…","content":"caption"}}.
     */
    public static class NewMessage {
        public String content;
        public String messageType;
        public String mediaUrl;
        public String role;
        public String sessionId;
        public JsonObject metadata;
    }

    /**
     * A visitor chat as its visitor sees it:
     * {@code {"id":"7f1c…","chat_type":"visitor","title":"Website Chat","status":"active","handled_by":"assistant",
     * "session_id":"…","visitor_id":"…","created_at":"…"}}
     */
    public record VisitorChatView(ChatRef id, String chatType, String title, String status, String handledBy,
                                  String sessionId, String visitorId, Instant createdAt) {

        static VisitorChatView of(Chat chat, Visitor visitor) {
            return new VisitorChatView(Chats.refOf(chat), chat.getChatType().name(), chat.getTitle(), "active",
                    chat.getHandledBy().name(), visitor.getSessionId(), visitor.getVisitorId(), chat.getCreatedAt());
        }
    }

    /** {@code {"items":[…],"total":2}}: oldest first. */
    public record History(List<MessageView> items, long total, boolean hasMore) {
    }

    /** What a message answers when no assistant reply comes (a person answers the chat): {@code 202}. */
    public record Accepted(MessageView message, String handledBy) {
    }

    @POST
    @Operation(summary = "A visitor opens a chat, answered by the tenant's assistant (no token; the tenant's "
            + "anonymous_access must be on)")
    public Response open(NewChat body, @HeaderParam("X-Session-ID") String sessionHeader) {
        Tenant tenant = anonymousTenant();
        RequestBodies.requireValid(body);
        String sessionId = body.sessionId != null ? body.sessionId : sessionHeader;
        Visitors.requireSessionId(sessionId, "session_id");
        requireTextContext(body.context);
        limits.takeChat(tenant.getId(), clientAddress.of(request));
        String title = body.title == null || body.title.isBlank() ? "Website chat" : body.title.strip();
        VisitorChats.Opened opened = visitorChats.open(tenant, sessionId, body.visitorId, title,
                body.context == null ? null : body.context.toString());
        return Response.status(Response.Status.CREATED)
                .entity(VisitorChatView.of(opened.chat(), opened.visitor())).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "The visitor's chat")
    public VisitorChatView get(@PathParam("id") String id, @QueryParam("session_id") String session,
                               @HeaderParam("X-Session-ID") String sessionHeader) {
        anonymousTenant();
        VisitorChat chat = visitorChat(id, session, sessionHeader);
        return VisitorChatView.of(chats.get(chat.chatId()), chat.visitor());
    }

    @GET
    @Path("{id}/messages")
    @Operation(summary = "The visitor chat's messages, oldest first", description = "{items, total, has_more}; "
            + "the newest 200 at most, or with after_seq the ones after it")
    public History history(@PathParam("id") String id, @QueryParam("session_id") String session,
                           @HeaderParam("X-Session-ID") String sessionHeader, @QueryParam("after_seq") Long afterSeq) {
        anonymousTenant();
        VisitorChat chat = visitorChat(id, session, sessionHeader);
        if (afterSeq != null) {
            Messages.Page page = messages.after(chat.actor(), chat.chatId(), afterSeq, Messages.MAX_PAGE_SIZE);
            return new History(page.messages(), page.total(), page.hasMore());
        }
        Messages.Page newest = messages.history(chat.actor(), chat.chatId(), 1, Messages.MAX_PAGE_SIZE);
        List<MessageView> items = new java.util.ArrayList<>(newest.messages());
        java.util.Collections.reverse(items);
        return new History(items, newest.total(), newest.hasMore());
    }

    /**
     * The visitor's message; answers {@code 201} with the assistant's reply once it is written,
     * or {@code 202} with the stored message when a person answers the chat. The request thread
     * is not held while the assistant writes.
     */
    @POST
    @Path("{id}/messages")
    @Operation(summary = "A visitor's message; answered with the assistant's reply (201), or 202 when a person "
            + "answers the chat")
    public void send(@PathParam("id") String id, NewMessage body, @QueryParam("session_id") String session,
                     @HeaderParam("X-Session-ID") String sessionHeader, @Suspended AsyncResponse response) {
        Tenant tenant = anonymousTenant();
        RequestBodies.requireValid(body);
        VisitorChat chat = visitorChat(id, body.sessionId != null ? body.sessionId : session, sessionHeader);
        if ((body.content == null || body.content.isBlank()) && body.mediaUrl == null) {
            throw ApiException.invalidField("content", "required");
        }
        Message.Draft draft = Drafts.of(body.messageType, body.content, body.mediaUrl, null, null, null, null, null);
        limits.takeMessage(tenant.getId(), chat.visitor().getId());
        Chat current = chats.get(chat.chatId());
        boolean assistantAnswers = current.getHandledBy() == HandledBy.assistant
                && !"off".equals(tenant.getAssistantMode());
        if (assistantAnswers) {
            limits.checkReplies(tenant.getId());
        }
        MessageView stored = writer.send(chat.actor(), chat.chat(), draft).message();
        if (!assistantAnswers) {
            response.resume(Response.accepted(new Accepted(stored, current.getHandledBy().name())).build());
            return;
        }
        // A reply may wait for one being written before it: at worst two model timeouts and the gathering.
        response.setTimeout(config.gatherMs() + 2 * config.timeoutMs() + 10_000, TimeUnit.MILLISECONDS);
        UUID tenantId = tenant.getId();
        response.setTimeoutHandler(late -> {
            turns.stopWaiting(tenantId, chat.chatId(), stored.id());
            late.resume(Response.accepted(new Accepted(stored, HandledBy.assistant.name())).build());
        });
        turns.replyTo(tenantId, chat.chatId(), stored.id()).whenComplete((reply, failure) -> {
            if (reply != null) {
                response.resume(Response.status(Response.Status.CREATED).entity(reply).build());
            } else { // no reply: say who answers the chat now
                String handledBy = CurrentTenant.call(tenantId, () -> chats.get(chat.chatId()).getHandledBy().name());
                response.resume(Response.accepted(new Accepted(stored, handledBy)).build());
            }
        });
    }

    @POST
    @Path("{id}/human")
    @Operation(summary = "The visitor asks for a person: the chat waits for staff (handled_by: waiting)")
    public VisitorChatView askForPerson(@PathParam("id") String id, @QueryParam("session_id") String session,
                                        @HeaderParam("X-Session-ID") String sessionHeader) {
        anonymousTenant();
        VisitorChat chat = visitorChat(id, session, sessionHeader);
        handovers.handOver(chat.actor(), chat.chat(), HandledBy.waiting);
        return VisitorChatView.of(chats.get(chat.chatId()), chat.visitor());
    }

    /**
     * What the widget says of where the chat started: texts only (staff consoles show them), at most
     * 4000 characters of JSON in all.
     */
    private static void requireTextContext(JsonObject context) {
        if (context == null) {
            return;
        }
        for (Map.Entry<String, JsonValue> entry : context.entrySet()) {
            if (entry.getValue().getValueType() != JsonValue.ValueType.STRING
                    && entry.getValue().getValueType() != JsonValue.ValueType.NULL) {
                throw ApiException.invalidField("context." + entry.getKey(), "must be a string");
            }
        }
        if (context.toString().length() > 4000) {
            throw ApiException.invalidField("context", "at most 4000 characters of JSON");
        }
    }

    /** The tenant a token-less request names, if it lets visitors in. */
    private Tenant anonymousTenant() {
        if (caller.isAuthenticated()) {
            throw ApiException.forbidden("visitors_only",
                    "Visitor chats are used without a token; staff and customers use /api/v1/chat/chats");
        }
        if (caller.tenantId() == null) {
            throw ApiException.badRequest("tenant_required", "Name the tenant with the X-Tenant-ID header");
        }
        Tenant tenant = tenants.find(caller.tenantId()).orElseThrow(() -> ApiException.notFound("Tenant"));
        if (!tenant.isAnonymousAccess()) {
            throw ApiException.forbidden("anonymous_access_disabled", "This tenant does not allow anonymous visitors");
        }
        return tenant;
    }

    private record VisitorChat(ChatRef chat, Visitor visitor, Actor actor) {
        long chatId() {
            return chat.number();
        }
    }

    /** The visitor chat the path names; 404 unless it is one, and of the session named (if any). */
    private VisitorChat visitorChat(String id, String session, String sessionHeader) {
        ChatRef named = ChatRef.parse(id);
        Chat chat = named == null || named.key() == null ? null : chats.find(named).orElse(null);
        if (chat == null || chat.getChatType() != ChatType.visitor) {
            throw ApiException.notFound("Chat");
        }
        Long visitorId = chats.visitorOf(chat);
        Visitor visitor = visitorId == null ? null : visitors.get(visitorId).orElse(null);
        if (visitor == null) {
            throw ApiException.notFound("Chat");
        }
        for (String claimed : new String[] {session, sessionHeader}) {
            if (claimed != null && !claimed.isBlank() && !claimed.equals(visitor.getSessionId())) {
                throw ApiException.notFound("Chat");
            }
        }
        return new VisitorChat(Chats.refOf(chat), visitor, Actor.visitor(visitor.getId()));
    }
}
