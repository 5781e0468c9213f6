package dev.parley.tenant.boundary;

import dev.parley.platform.RequestBodies;
import dev.parley.identity.control.Logins;
import dev.parley.identity.control.PasswordHashing;
import dev.parley.identity.entity.User;
import dev.parley.tenant.control.TenantDirectory;
import dev.parley.tenant.control.TenantSignUp;
import dev.parley.tenant.entity.Tenant;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbProperty;
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
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The sync dashboards' account endpoints (seed 001), where a "customer" is a
 * company: registering creates a tenant and its owner, and logging in answers
 * the tenant's id as {@code customer.id}, with {@code customerId},
 * {@code email} and {@code type: "client"} in the token.
 *
 * <pre>{"success":true,"data":{"token":"eyJ…","customer":{"id":"<tenant id>","name":"Test User",
 *  "email":"test@example.com","companyName":"Test Company"}}}</pre>
 */
@Path("customers")
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Company accounts (sync dashboards)")
public class CompanyAccountResource {

    @Inject
    TenantSignUp signUp;

    @Inject
    TenantDirectory tenants;

    @Inject
    Logins logins;

    @Context
    HttpServletRequest request;

    /** Field names are camelCase here, as the dashboards send them. */
    public static class Register {
        public @JsonbProperty("firstName") @NotBlank @Size(max = 100) String firstName;
        public @JsonbProperty("lastName") @NotBlank @Size(max = 100) String lastName;
        public @NotBlank @Email @Size(max = 320) String email;
        public @NotBlank @Size(min = PasswordHashing.MIN_LENGTH, max = PasswordHashing.MAX_LENGTH) String password;
        public @Size(max = 32) String phone;
        public @JsonbProperty("companyName") @NotBlank @Size(max = 200) String companyName;
    }

    public static class Login {
        public @NotBlank @Email String email;
        public @NotBlank @Size(max = PasswordHashing.MAX_LENGTH) String password;
    }

    @POST
    @Path("register")
    @Operation(summary = "Register a company: a tenant and its owner (sync dashboards' shape)")
    public Response register(Register registration) {
        RequestBodies.requireValid(registration);
        logins.requireCanIssueTokens();
        String ownerName = registration.firstName.trim() + " " + registration.lastName.trim();
        TenantSignUp.Created created = signUp.signUp(registration.companyName, null, ownerName,
                registration.email, registration.password);
        return Response.status(Response.Status.CREATED).entity(answer(created.tenant(), created.owner())).build();
    }

    @POST
    @Path("login")
    @Operation(summary = "Log a company owner or staff member in (sync dashboards' shape)")
    public Map<String, Object> login(Login login) {
        RequestBodies.requireValid(login);
        User user = logins.authenticateStaff(login.email, login.password, null, request.getRemoteAddr());
        return answer(tenants.find(user.getTenantId()).orElseThrow(), user);
    }

    private Map<String, Object> answer(Tenant tenant, User user) {
        String token = logins.accessTokenFor(user, Map.of(
                "customerId", tenant.getId().toString(),
                "email", user.getEmail(),
                "type", "client"));
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("id", tenant.getId().toString());
        customer.put("name", user.getName());
        customer.put("email", user.getEmail());
        customer.put("companyName", tenant.getName());
        return Map.of("success", true, "data", Map.of("token", token, "customer", customer));
    }
}
