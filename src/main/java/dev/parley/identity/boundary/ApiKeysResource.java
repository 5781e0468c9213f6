package dev.parley.identity.boundary;

import dev.parley.platform.RequestBodies;
import dev.parley.identity.control.ApiKeys;
import dev.parley.identity.control.Caller;
import dev.parley.identity.entity.ApiKey;
import dev.parley.tenant.control.TenantDirectory;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A tenant's API keys, for its backend services (admin). The secret is shown once, at creation. */
@Path("v1/tenants/{tenant}/api-keys")
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Tag(name = "API keys")
public class ApiKeysResource {

    @Inject
    ApiKeys apiKeys;

    @Inject
    TenantDirectory tenants;

    @Inject
    Caller caller;

    @PathParam("tenant")
    String tenant;

    /** {@code {"name":"billing backend"}} */
    public static class CreateKey {
        public @NotBlank @Size(max = 200) String name;
    }

    /** {@code {"id":3,"name":"billing backend","prefix":"pk_1a2b3c4d","created_at":"…","last_used_at":null}} */
    public record KeyView(long id, String name, String prefix, Instant createdAt, Instant lastUsedAt) {
        static KeyView of(ApiKey key) {
            return new KeyView(key.getId(), key.getName(), key.getPrefix(), key.getCreatedAt(), key.getLastUsedAt());
        }
    }

    /** {@code {"id":3,"name":…,"prefix":…,"api_key":"pk_1a2b3c4d_…","created_at":…}}: the only time the secret appears. */
    public record CreatedKeyView(long id, String name, String prefix, String apiKey, Instant createdAt) {
    }

    @POST
    @Operation(summary = "Create an API key (admin)", description = "'api_key' in the answer is the whole secret, "
            + "shown this once. Present it as 'X-API-Key: <api_key>'.")
    public Response create(CreateKey request) {
        RequestBodies.requireValid(request);
        tenants.requireOwn(tenant, caller.tenantId());
        ApiKeys.Created created = apiKeys.create(request.name.trim());
        ApiKey key = created.key();
        return Response.status(Response.Status.CREATED)
                .entity(new CreatedKeyView(key.getId(), key.getName(), key.getPrefix(), created.secret(),
                        key.getCreatedAt()))
                .build();
    }

    @GET
    @Operation(summary = "List the tenant's live API keys, without secrets (admin)")
    public List<KeyView> list() {
        tenants.requireOwn(tenant, caller.tenantId());
        return apiKeys.list().stream().map(KeyView::of).toList();
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Revoke an API key (admin)")
    public Response revoke(@PathParam("id") long id) {
        tenants.requireOwn(tenant, caller.tenantId());
        apiKeys.revoke(id);
        return Response.noContent().build();
    }
}
