package dev.parley.notification.boundary;

import dev.parley.identity.control.Caller;
import dev.parley.notification.control.Notifications;
import dev.parley.notification.control.SyncPush;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Bulk push of a tenant's end users and interactions (seed 001's sync), at
 * {@code /api/sync/push} and {@code /api/v1/sync/push}:
 *
 * <pre>{"end_users":[{"external_id":"u1","name":"Ann","email":"ann@example.com","phone":null}],
 *  "interactions":[{"external_id":"i1","end_user_external_id":"u1","type":"visit",
 *                   "occurred_at":"2026-11-22T12:00:00Z","data":{"page":"/pricing"}}]}</pre>
 *
 * answered by {@code {"end_users":{"upserted":1},"interactions":{"upserted":1},"errors":[]}}, after which
 * every live connection of the tenant gets {@code {"type":"sync","event":"sync","data":{"end_users":1,"interactions":1}}}.
 */
@Path("/")
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"admin", "service"})
@Tag(name = "Sync")
public class SyncResource {

    @Inject
    SyncPush sync;

    @Inject
    Notifications notifications;

    @Inject
    Caller caller;

    @POST
    @Path("sync/push")
    @Operation(summary = "Upsert end users and interactions in bulk (API key or admin), then notify the tenant")
    public Map<String, Object> push(InputStream body) {
        SyncPush.Result result = sync.push(caller.tenantId(), body);
        notifications.publish(caller.tenantId(), "sync", Json.createObjectBuilder()
                .add("end_users", result.endUsers())
                .add("interactions", result.interactions())
                .build(), new Notifications.Target.Tenant());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("end_users", Map.of("upserted", result.endUsers()));
        answer.put("interactions", Map.of("upserted", result.interactions()));
        answer.put("errors", result.errors());
        return answer;
    }

    @POST
    @Path("v1/sync/push")
    @Operation(summary = "The same as /api/sync/push")
    public Map<String, Object> pushV1(InputStream body) {
        return push(body);
    }
}
