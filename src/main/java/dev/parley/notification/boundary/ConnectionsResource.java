package dev.parley.notification.boundary;

import dev.parley.identity.control.Caller;
import dev.parley.notification.control.Notifications;
import dev.parley.realtime.control.LiveConnections;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What a tenant's admin needs to see whether its clients are really connected. */
@Path("v1/admin")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Tag(name = "Notifications")
public class ConnectionsResource {

    @Inject
    Notifications notifications;

    @Inject
    LiveConnections connections;

    @Inject
    Caller caller;

    /** {@code {"tenant_id":…,"connections":3,"by_participant_type":{"customer":1,"user":2},"notifications":{…}}} */
    @GET
    @Path("connections")
    @Operation(summary = "Live connections of the tenant on all instances, and notification counts (admin)")
    public Map<String, Object> connections() {
        Notifications.Totals counts = notifications.totals(caller.tenantId());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant_id", caller.tenantId());
        Map<String, Long> byType = connections.countByParticipantType(caller.tenantId());
        body.put("connections", LiveConnections.total(byType));
        body.put("by_participant_type", byType);
        body.put("notifications", Map.of("published", counts.published(), "delivered", counts.delivered()));
        return body;
    }
}
