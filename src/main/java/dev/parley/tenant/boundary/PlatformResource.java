package dev.parley.tenant.boundary;

import dev.parley.realtime.control.LiveConnections;
import dev.parley.tenant.control.TenantSettings;
import dev.parley.tenant.entity.Tenant;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The platform operator's view of all tenants ({@code X-Platform-Key}):
 * listing them with their live connections, and suspending or resuming one.
 * Suspension closes the tenant's live connections ({@code 1008 tenant suspended})
 * and refuses its logins, API calls and new connections until resumed.
 */
@Path("v1/platform/tenants")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("platform")
@Tag(name = "Platform")
public class PlatformResource {

    @Inject
    TenantSettings settings;

    @Inject
    LiveConnections connections;

    @GET
    @Operation(summary = "Every tenant, with its live connections on all instances (platform operator)")
    public List<Map<String, Object>> list() {
        Map<UUID, Map<String, Long>> counts = connections.countAll();
        return settings.all().stream()
                .map(tenant -> describe(tenant, counts.getOrDefault(tenant.getId(), Map.of()))).toList();
    }

    @POST
    @Path("{id}/suspend")
    @Operation(summary = "Suspend a tenant: its connections are closed (1008 tenant suspended), its requests refused")
    public Map<String, Object> suspend(@PathParam("id") UUID id) {
        Tenant tenant = settings.setStatus(id, Tenant.Status.suspended);
        Map<String, Object> answer = describe(tenant);
        answer.put("closed_connections", connections.closeTenant(id, "tenant suspended"));
        return answer;
    }

    @POST
    @Path("{id}/resume")
    @Operation(summary = "Resume a suspended tenant")
    public Map<String, Object> resume(@PathParam("id") UUID id) {
        return describe(settings.setStatus(id, Tenant.Status.active));
    }

    private Map<String, Object> describe(Tenant tenant) {
        return describe(tenant, connections.countByParticipantType(tenant.getId()));
    }

    private Map<String, Object> describe(Tenant tenant, Map<String, Long> byParticipantType) {
        Map<String, Long> counts = LiveConnections.withEveryType(byParticipantType);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", tenant.getId());
        body.put("slug", tenant.getSlug());
        body.put("name", tenant.getName());
        body.put("status", tenant.getStatus().name());
        body.put("connections", LiveConnections.total(counts));
        body.put("by_participant_type", counts);
        return body;
    }
}
