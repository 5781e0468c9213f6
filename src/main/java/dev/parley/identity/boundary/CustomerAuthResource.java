package dev.parley.identity.boundary;

import dev.parley.platform.RequestBodies;
import dev.parley.identity.control.Logins;
import dev.parley.identity.control.PasswordHashing;
import dev.parley.platform.ApiException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Customers log in, and register themselves where their tenant allows it. */
@Path("v1/customer-auth")
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Authentication")
public class CustomerAuthResource {

    @Inject
    Logins logins;

    @Context
    HttpServletRequest request;

    /** {@code {"tenant":"acme","email":"bo@example.com","password":"…"}} (or {@code phone} for {@code email}). */
    public static class LoginRequest {
        public @NotBlank String tenant;
        public @Email String email;
        public @Size(max = 32) String phone;
        public @NotBlank @Size(max = PasswordHashing.MAX_LENGTH) String password;
    }

    /** {@code {"tenant":"acme","name":"Bo","email":"bo@example.com","phone":null,"password":"…"}} */
    public static class RegisterRequest {
        public @NotBlank String tenant;
        public @NotBlank @Size(max = 200) String name;
        public @Email @Size(max = 320) String email;
        public @Size(max = 32) String phone;
        public @NotBlank @Size(min = PasswordHashing.MIN_LENGTH, max = PasswordHashing.MAX_LENGTH) String password;
    }

    @POST
    @Path("login")
    @Operation(summary = "Customer login", description = "By email or phone, within the tenant named (id or slug).")
    public Map<String, Object> login(LoginRequest login) {
        RequestBodies.requireValid(login);
        requireEmailOrPhone(login.email, login.phone);
        return SessionView.of(logins.customerLogin(login.tenant, login.email, login.phone, login.password,
                request.getRemoteAddr()));
    }

    @POST
    @Path("register")
    @Operation(summary = "Customer self-registration", description = "Only where the tenant's "
            + "'customer_registration' setting is on; answers the new customer's session.")
    public Response register(RegisterRequest registration) {
        RequestBodies.requireValid(registration);
        requireEmailOrPhone(registration.email, registration.phone);
        return Response.status(Response.Status.CREATED)
                .entity(SessionView.of(logins.registerCustomer(registration.tenant, registration.name,
                        registration.email, registration.phone, registration.password)))
                .build();
    }

    static void requireEmailOrPhone(String email, String phone) {
        if ((email == null || email.isBlank()) && (phone == null || phone.isBlank())) {
            throw ApiException.invalidField("email", "an email or a phone is required");
        }
    }
}
