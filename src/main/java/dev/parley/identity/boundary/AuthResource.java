package dev.parley.identity.boundary;

import dev.parley.platform.ApiException;
import dev.parley.platform.RequestBodies;
import dev.parley.identity.control.Caller;
import dev.parley.identity.control.Logins;
import dev.parley.identity.control.PasswordHashing;
import dev.parley.identity.control.UserAccounts;
import dev.parley.identity.control.CustomerAccounts;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Staff login, token refresh and logout, and who the caller is. */
@Path("v1/auth")
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Authentication")
public class AuthResource {

    @Inject
    Logins logins;

    @Inject
    Caller caller;

    @Inject
    UserAccounts users;

    @Inject
    CustomerAccounts customers;

    @Context
    HttpServletRequest request;

    /** {@code {"email":"ada@example.com","password":"…","tenant":"acme"}}; {@code tenant} is optional. */
    public static class LoginRequest {
        public @NotBlank @Email String email;
        public @NotBlank @Size(max = PasswordHashing.MAX_LENGTH) String password;
        public String tenant;
    }

    /** {@code {"refresh_token":"rt_…"}} */
    public static class RefreshRequest {
        public @NotBlank String refreshToken;
    }

    @POST
    @Path("login")
    @Operation(summary = "Staff login", description = "Answers an access token, a refresh token and the user. "
            + "'tenant' (id or slug) is needed only when the email has accounts in several tenants.")
    public Map<String, Object> login(LoginRequest login) {
        RequestBodies.requireValid(login);
        return SessionView.of(logins.staffLogin(login.email, login.password, login.tenant,
                request.getRemoteAddr()));
    }

    @POST
    @Path("refresh")
    @Operation(summary = "Trade a refresh token for new tokens", description = "The refresh token is spent.")
    public Map<String, Object> refresh(RefreshRequest refresh) {
        RequestBodies.requireValid(refresh);
        RequestBodies.requireValid(refresh);
        return SessionView.of(logins.refresh(refresh.refreshToken));
    }

    @POST
    @Path("logout")
    @Operation(summary = "Revoke a refresh token")
    public Response logout(RefreshRequest refresh) {
        RequestBodies.requireValid(refresh);
        logins.logout(refresh.refreshToken);
        return Response.noContent().build();
    }

    @GET
    @Path("me")
    @Operation(summary = "Who the caller is: a user, a customer or an API key, and its tenant")
    public Map<String, Object> me() {
        if (!caller.isAuthenticated()) {
            throw ApiException.unauthorized("Authentication required: send a bearer token");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant_id", caller.tenantId());
        body.put("participant_type", caller.kind().name());
        body.put("participant_id", caller.id());
        body.put("roles", caller.groups());
        // id 0: a user of an external identity provider, with no Parley account behind it
        if (caller.id() > 0) {
            switch (caller.kind()) {
                case user -> body.put("user", UserView.of(users.get(caller.id())));
                case customer -> body.put("customer", CustomerView.of(customers.get(caller.id())));
                default -> { }
            }
        }
        return body;
    }
}
