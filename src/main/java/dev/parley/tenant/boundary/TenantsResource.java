package dev.parley.tenant.boundary;

import dev.parley.assistant.control.AssistantConfig;
import dev.parley.assistant.control.AssistantProfiles;
import dev.parley.platform.RequestBodies;
import dev.parley.realtime.control.LiveConnections;
import dev.parley.identity.boundary.UserView;
import dev.parley.identity.control.Caller;
import dev.parley.identity.control.Logins;
import dev.parley.identity.control.PasswordHashing;
import dev.parley.identity.control.Session;
import dev.parley.platform.ApiException;
import dev.parley.tenant.control.TenantDirectory;
import dev.parley.tenant.control.TenantSettings;
import dev.parley.tenant.control.TenantSignUp;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Tenant sign-up, and a tenant's name and settings for its admins. */
@Path("v1/tenants")
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tenants")
public class TenantsResource {

    static final Set<String> SETTINGS = Set.of("anonymous_access", "customer_registration", "assistant");

    @Inject
    TenantSignUp signUp;

    @Inject
    TenantDirectory tenants;

    @Inject
    TenantSettings settings;

    @Inject
    Logins logins;

    @Inject
    Caller caller;

    @Inject
    AssistantProfiles assistants;

    @Inject
    LiveConnections connections;

    @Inject
    AssistantConfig assistantConfig;

    /** {@code {"name":"Acme","slug":"acme","owner":{"name":"Ada","email":"ada@acme.test","password":"…"}}} */
    public static class SignUp {
        public @NotBlank @Size(max = 200) String name;
        public String slug;
        public @NotNull @Valid Owner owner;
    }

    public static class Owner {
        public @NotBlank @Size(max = 200) String name;
        public @NotBlank @Email @Size(max = 320) String email;
        public @NotBlank @Size(min = PasswordHashing.MIN_LENGTH, max = PasswordHashing.MAX_LENGTH) String password;
    }

    @POST
    @Operation(summary = "Sign up a tenant and its owner", description = "Answers the tenant, the owner and the "
            + "owner's tokens. Without 'slug', one is derived from the name.")
    public Response create(SignUp request) {
        RequestBodies.requireValid(request);
        logins.requireCanIssueTokens();
        TenantSignUp.Created created = signUp.signUp(request.name, request.slug, request.owner.name,
                request.owner.email, request.owner.password);
        Session session = logins.sessionFor(created.owner());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant", TenantView.of(created.tenant()));
        body.put("user", UserView.of(created.owner()));
        body.put("access_token", session.accessToken());
        body.put("token_type", "bearer");
        body.put("expires_in", session.expiresInSeconds());
        body.put("refresh_token", session.refreshToken());
        return Response.status(Response.Status.CREATED).entity(body).build();
    }

    @GET
    @Path("{tenant}")
    @RolesAllowed({"admin"})
    @Operation(summary = "The caller's tenant, by id or slug (admin)")
    public TenantView get(@PathParam("tenant") String tenant) {
        return withAssistant(tenants.requireOwn(tenant, caller.tenantId()));
    }

    /**
     * {@code {"name":"Acme Ltd","settings":{"anonymous_access":true,"customer_registration":true}}}.
     * Read as a JSON object so that unknown settings and wrong types are named in the error.
     */
    @PATCH
    @Path("{tenant}")
    @RolesAllowed({"admin"})
    @Operation(summary = "Rename the tenant or change its settings (admin)")
    public TenantView update(@PathParam("tenant") String tenant, JsonValue body) {
        if (!(body instanceof JsonObject patch)) {
            throw ApiException.badRequest("validation_failed", "body: a JSON object is required");
        }
        var own = tenants.requireOwn(tenant, caller.tenantId());
        for (String key : patch.keySet()) {
            if (!key.equals("name") && !key.equals("settings")) {
                throw ApiException.invalidField(key, "unknown field; a tenant has 'name' and 'settings'");
            }
        }
        String name = null;
        if (patch.containsKey("name")) {
            if (patch.get("name").getValueType() != JsonValue.ValueType.STRING
                    || patch.getString("name").isBlank() || patch.getString("name").length() > 200) {
                throw ApiException.invalidField("name", "must be a non-empty string of at most 200 characters");
            }
            name = patch.getString("name");
        }
        Boolean anonymousAccess = null;
        Boolean customerRegistration = null;
        if (patch.containsKey("settings")) {
            if (patch.get("settings").getValueType() != JsonValue.ValueType.OBJECT) {
                throw ApiException.invalidField("settings", "must be an object");
            }
            JsonObject values = patch.getJsonObject("settings");
            for (String key : values.keySet()) {
                if (!SETTINGS.contains(key)) {
                    throw ApiException.invalidField("settings." + key, "unknown setting; known: " + SETTINGS);
                }
            }
            anonymousAccess = bool(values, "anonymous_access");
            customerRegistration = bool(values, "customer_registration");
            if (values.containsKey("assistant")) {
                assistants.update(own.getId(), values.get("assistant"));
            }
        }
        TenantView updated = withAssistant(settings.update(own.getId(), name, anonymousAccess, customerRegistration));
        if (Boolean.FALSE.equals(anonymousAccess)) {
            connections.closeVisitors(own.getId(), "authentication required"); // visitors are no longer let in, anywhere
        }
        return updated;
    }

    private TenantView withAssistant(dev.parley.tenant.entity.Tenant tenant) {
        return TenantView.of(tenant, assistantConfig.effectiveMode(tenant.getAssistantMode()));
    }

    private static Boolean bool(JsonObject values, String key) {
        if (!values.containsKey(key)) {
            return null;
        }
        JsonValue value = values.get(key);
        if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
            throw ApiException.invalidField("settings." + key, "must be true or false");
        }
        return value == JsonValue.TRUE;
    }
}
