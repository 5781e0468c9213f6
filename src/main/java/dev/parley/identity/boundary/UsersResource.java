package dev.parley.identity.boundary;

import dev.parley.platform.RequestBodies;
import dev.parley.identity.control.Caller;
import dev.parley.identity.control.PasswordHashing;
import dev.parley.identity.control.UserAccounts;
import dev.parley.identity.entity.Role;
import dev.parley.platform.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Staff accounts of the caller's tenant, managed by its admins. */
@Path("v1/users")
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Tag(name = "Users")
public class UsersResource {

    static final String ROLE_PATTERN = "owner|admin|staff";

    @Inject
    UserAccounts users;

    @Inject
    Caller caller;

    /** {@code {"name":"Cy","email":"cy@example.com","password":"…","role":"staff"}} */
    public static class CreateUser {
        public @NotBlank @Size(max = 200) String name;
        public @NotBlank @Email @Size(max = 320) String email;
        public @NotBlank @Size(min = PasswordHashing.MIN_LENGTH, max = PasswordHashing.MAX_LENGTH) String password;
        public @NotBlank @Pattern(regexp = ROLE_PATTERN, message = "must be owner, admin or staff") String role;
    }

    /** {@code {"name":"Cy","role":"admin","active":false}}, every field optional. */
    public static class UpdateUser {
        public @Size(min = 1, max = 200) String name;
        public @Pattern(regexp = ROLE_PATTERN, message = "must be owner, admin or staff") String role;
        public Boolean active;
    }

    @POST
    @Operation(summary = "Create a staff account (admin)")
    public Response create(CreateUser user) {
        RequestBodies.requireValid(user);
        Role role = Role.valueOf(user.role);
        if (!callerRole().mayGrant(role)) {
            throw ApiException.forbidden("forbidden", "You may not give the role " + role);
        }
        return Response.status(Response.Status.CREATED)
                .entity(UserView.of(users.create(user.name, user.email, user.password, role)))
                .build();
    }

    @GET
    @Operation(summary = "List the tenant's staff accounts (admin)")
    public List<UserView> list() {
        return users.list().stream().map(UserView::of).toList();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One staff account (admin)")
    public UserView get(@PathParam("id") long id) {
        return UserView.of(users.get(id));
    }

    @PATCH
    @Path("{id}")
    @Operation(summary = "Rename, change the role of, or (de)activate a staff account (admin)")
    public UserView update(@PathParam("id") long id, UpdateUser update) {
        RequestBodies.requireValid(update);
        return UserView.of(users.update(caller.id(), callerRole(), id, update.name,
                update.role == null ? null : Role.valueOf(update.role), update.active));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Deactivate a staff account (admin); its refresh tokens are revoked")
    public Response deactivate(@PathParam("id") long id) {
        users.update(caller.id(), callerRole(), id, null, null, false);
        return Response.noContent().build();
    }

    private Role callerRole() {
        return caller.hasRole(Role.owner.name()) ? Role.owner : Role.admin;
    }
}
