package dev.parley.chat.boundary;

import dev.parley.chat.control.Actor;
import dev.parley.chat.control.ChatRef;
import dev.parley.chat.control.MessageWriter;
import dev.parley.chat.control.ChatView;
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
import dev.parley.platform.ApiException;
import dev.parley.platform.RequestBodies;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Chats and their messages over REST, for their participants (seed 004's shapes). */
@Path("v1/chat/chats")
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"staff", "customer"})
@Tag(name = "Chat")
public class ChatsResource {

    @Inject
    Chats chats;

    @Inject
    Messages messages;

    @Inject
    MessageWriter writer;

    @Inject
    ChatActors actors;

    @Inject
    Handovers handovers;

    @Inject
    Caller caller;

    /** {@code {"customer_id":123,"title":"Support Chat","initial_message":"Hi, how can I help you?"}} */
    public static class OpenWithCustomer {
        public @NotNull Long customerId;
        public @Size(max = 200) String title;
        public @Size(max = Drafts.MAX_CONTENT) String initialMessage;
    }

    /** {@code {"user_id":456,"title":"Booking Inquiry","initial_message":"I'd like to book"}}; without user_id, the tenant's owner. */
    public static class OpenWithUser {
        public Long userId;
        public @Size(max = 200) String title;
        public @Size(max = Drafts.MAX_CONTENT) String initialMessage;
    }

    /** {@code {"title":"Renamed","is_archived":true}}, both optional. */
    public static class ChatChange {
        public @Size(max = 200) String title;
        public Boolean isArchived;
    }

    /**
     * {@code {"content":"Hi","message_type":"text","media_url":null,"reply_to_message_id":null,
     * "entity_ref":{"type":"appointment","id":"42"},"client_message_id":"c-1"}}
     */
    public static class NewMessage {
        public String content;
        public String messageType;
        public String mediaUrl;
        public String thumbnailUrl;
        public Long replyToMessageId;
        public EntityRef entityRef;
        public String clientMessageId;
    }

    public static class EntityRef {
        public String type;
        public String id;
    }

    /** {@code {"content":"Corrected text"}} */
    public static class MessageChange {
        public @NotNull @Size(min = 1, max = Drafts.MAX_CONTENT) String content;
    }

    /** {@code {"up_to_message_id":101}} */
    public static class ReadUpTo {
        public @NotNull Long upToMessageId;
    }

    @POST
    @RolesAllowed("staff")
    @Operation(summary = "A user opens a chat with a customer, optionally with a first message")
    public Response openWithCustomer(OpenWithCustomer request) {
        RequestBodies.requireValid(request);
        Actor actor = actors.of(caller);
        Chat chat = chats.openWithCustomer(actor, request.customerId, request.title);
        return opened(actor, chat, request.initialMessage);
    }

    @POST
    @Path("customer")
    @RolesAllowed("customer")
    @Operation(summary = "A customer opens a chat with a user (default: the tenant's owner), optionally with a first message")
    public Response openWithUser(OpenWithUser request) {
        RequestBodies.requireValid(request);
        Actor actor = actors.of(caller);
        Chat chat = chats.openWithUser(actor, request.userId, request.title);
        return opened(actor, chat, request.initialMessage);
    }

    private Response opened(Actor actor, Chat chat, String initialMessage) {
        if (initialMessage != null && !initialMessage.isBlank()) {
            writer.send(actor, Chats.refOf(chat), Drafts.of("text", initialMessage, null, null, null, null, null, null));
        }
        return Response.status(Response.Status.CREATED).entity(chats.view(actor, chat.getId())).build();
    }

    @GET
    @Operation(summary = "The caller's chats, most recently active first, with unread counts and who is online",
            description = "Staff also see every visitor chat of the tenant; chat_type=visitor lists only those")
    public List<ChatView> list(@QueryParam("is_archived") Boolean archived, @QueryParam("chat_type") String chatType) {
        ChatType type = null;
        if (chatType != null && !chatType.isBlank()) {
            try {
                type = ChatType.valueOf(chatType);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidField("chat_type", "one of user_customer, group, visitor, assistant");
            }
        }
        return chats.listFor(actors.of(caller), archived != null && archived, type);
    }

    @GET
    @Path("customer")
    @Operation(summary = "The caller's chats (the customer apps' path)")
    public List<ChatView> listForCustomer(@QueryParam("is_archived") Boolean archived) {
        return list(archived, null);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One chat of the caller's")
    public ChatView get(@PathParam("id") String id) {
        Actor actor = actors.of(caller);
        return chats.view(actor, chat(actor, id));
    }

    @PATCH
    @Path("{id}")
    @Operation(summary = "Rename or (un)archive a chat")
    public ChatView change(@PathParam("id") String id, ChatChange change) {
        RequestBodies.requireValid(change);
        Actor actor = actors.of(caller);
        return chats.update(actor, chat(actor, id), change.title, change.isArchived);
    }

    @GET
    @Path("{id}/messages")
    @Operation(summary = "History: newest first by page, or with after_seq the messages after that seq, oldest first",
            description = "{messages, total, page, page_size, has_more}; page_size at most 200")
    public Messages.Page history(@PathParam("id") String id, @QueryParam("page") Integer page,
                                 @QueryParam("page_size") Integer pageSize, @QueryParam("after_seq") Long afterSeq) {
        int size = pageSize == null ? 50 : pageSize;
        Actor actor = actors.of(caller);
        long chatId = chat(actor, id);
        if (afterSeq != null) {
            return messages.after(actor, chatId, afterSeq, size);
        }
        return messages.history(actor, chatId, page == null ? 1 : page, size);
    }

    @POST
    @Path("{id}/messages")
    @Operation(summary = "Send a message (same effects as over WebSocket)",
            description = "201 with the stored message; a retry with the same client_message_id answers 200 with the original")
    public Response send(@PathParam("id") String id, NewMessage request) {
        RequestBodies.requireValid(request);
        Message.Draft draft = Drafts.of(request.messageType, request.content, request.mediaUrl, request.thumbnailUrl,
                request.replyToMessageId, request.entityRef == null ? null : request.entityRef.type,
                request.entityRef == null ? null : request.entityRef.id, request.clientMessageId);
        Actor actor = actors.of(caller);
        MessageWriter.Sent sent = writer.send(actor, resolve(actor, id), draft);
        return Response.status(sent.duplicate() ? Response.Status.OK : Response.Status.CREATED)
                .entity(sent.message()).build();
    }


    @GET
    @Path("{id}/messages/{messageId}")
    @Operation(summary = "One message, with its read receipts")
    public MessageView message(@PathParam("id") String id, @PathParam("messageId") long messageId) {
        Actor actor = actors.of(caller);
        return messages.get(actor, chat(actor, id), messageId);
    }

    @PATCH
    @Path("{id}/messages/{messageId}")
    @Operation(summary = "Edit one's own message")
    public MessageView edit(@PathParam("id") String id, @PathParam("messageId") long messageId, MessageChange change) {
        RequestBodies.requireValid(change);
        if (change.content.isBlank()) {
            throw ApiException.invalidField("content", "must not be blank");
        }
        Actor actor = actors.of(caller);
        return messages.edit(actor, chat(actor, id), messageId, change.content);
    }

    @DELETE
    @Path("{id}/messages/{messageId}")
    @Operation(summary = "Delete one's own message (it stays in the history as deleted, without content)")
    public Response delete(@PathParam("id") String id, @PathParam("messageId") long messageId) {
        Actor actor = actors.of(caller);
        messages.delete(actor, chat(actor, id), messageId);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/read")
    @Operation(summary = "Mark everything up to a message as read", description = "{chat_id, last_read_seq, unread_count}")
    public Messages.ReadMark read(@PathParam("id") String id, ReadUpTo request) {
        RequestBodies.requireValid(request);
        Actor actor = actors.of(caller);
        return messages.readUpTo(actor, chat(actor, id), request.upToMessageId);
    }

    @POST
    @Path("{id}/takeover")
    @RolesAllowed("staff")
    @Operation(summary = "Take a visitor chat over from the assistant: a reply still being written is dropped")
    public ChatView takeOver(@PathParam("id") String id) {
        return handOver(id, HandledBy.human);
    }

    @POST
    @Path("{id}/release")
    @RolesAllowed("staff")
    @Operation(summary = "Give a visitor chat back to the assistant")
    public ChatView release(@PathParam("id") String id) {
        return handOver(id, HandledBy.assistant);
    }

    private ChatView handOver(String id, HandledBy to) {
        Actor actor = actors.of(caller);
        return handovers.handOver(actor, resolve(actor, id), to);
    }

    /** The chat the path names, if the caller may see it (404 otherwise): a number, or a visitor chat's key. */
    private long chat(Actor actor, String id) {
        return resolve(actor, id).number();
    }

    private ChatRef resolve(Actor actor, String id) {
        ChatRef named = ChatRef.parse(id);
        if (named == null) {
            throw ApiException.notFound("Chat");
        }
        return chats.resolve(actor, named);
    }
}
