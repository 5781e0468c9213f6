package dev.parley.notification.boundary;

import dev.parley.identity.control.Caller;
import dev.parley.identity.entity.ParticipantType;
import dev.parley.notification.control.Notifications;
import dev.parley.notification.control.Notifications.Target;
import dev.parley.platform.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Publishing events to a tenant's live connections, for its backend (API key) and admins. */
@Path("v1/notifications")
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications")
public class NotificationsResource {

    @Inject
    Notifications notifications;

    @Inject
    Caller caller;

    /**
     * {@code {"event":"order.shipped","data":{"order":42},"target":"tenant" | {"user_id":1} |
     * {"customer_id":7} | {"chat_id":3} | {"session_id":"…"}}} → {@code 202 {"delivered":2}}
     */
    @POST
    @RolesAllowed({"admin", "service"})
    @Operation(summary = "Publish an event to the tenant's live connections (API key or admin)",
            description = "Delivered as {\"type\":<event>,\"event\":<event>,\"data\":{...}}; the answer counts the "
                    + "live connections reached. target defaults to the whole tenant.")
    public Response publish(JsonValue body) {
        if (!(body instanceof JsonObject request)) {
            throw ApiException.badRequest("validation_failed", "body: a JSON object is required");
        }
        JsonValue event = request.get("event");
        if (!(event instanceof JsonString name)) {
            throw ApiException.invalidField("event", event == null ? "required" : "must be a string");
        }
        JsonValue data = request.getOrDefault("data", JsonValue.EMPTY_JSON_OBJECT);
        if (data.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ApiException.invalidField("data", "must be an object");
        }
        int delivered = notifications.publish(caller.tenantId(), name.getString(), data.asJsonObject(),
                target(request.get("target")));
        return Response.accepted(Map.of("delivered", delivered)).build();
    }

    private static Target target(JsonValue target) {
        if (target == null || target == JsonValue.NULL
                || (target instanceof JsonString s && s.getString().equals("tenant"))) {
            return new Target.Tenant();
        }
        if (!(target instanceof JsonObject object) || object.size() != 1) {
            throw ApiException.invalidField("target",
                    "\"tenant\" or one of {\"user_id\"}, {\"customer_id\"}, {\"chat_id\"}, {\"session_id\"}");
        }
        String key = object.keySet().iterator().next();
        JsonValue value = object.get(key);
        if (key.equals("session_id")) {
            if (!(value instanceof JsonString session) || session.getString().isBlank()) {
                throw ApiException.invalidField("target.session_id", "must be a string");
            }
            return new Target.Session(session.getString());
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            throw ApiException.invalidField("target." + key, "must be an integer");
        }
        return switch (key) {
            case "user_id" -> new Target.Participant(ParticipantType.user, number.longValue());
            case "customer_id" -> new Target.Participant(ParticipantType.customer, number.longValue());
            case "chat_id" -> new Target.Chat(number.longValue());
            default -> throw ApiException.invalidField("target." + key, "unknown target");
        };
    }
}
