package dev.parley.identity.boundary;

import dev.parley.platform.RequestBodies;
import dev.parley.identity.control.CustomerAccounts;
import dev.parley.identity.control.PasswordHashing;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
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

/** The caller's tenant's customers, managed by its staff. */
@Path("v1/customers")
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("staff")
@Tag(name = "Customers")
public class CustomersResource {

    @Inject
    CustomerAccounts customers;

    /** {@code {"name":"Bo","email":"bo@example.com","phone":"+4412345","password":"…"}}; only name is required. */
    public static class CreateCustomer {
        public @NotBlank @Size(max = 200) String name;
        public @Email @Size(max = 320) String email;
        public @Size(max = 32) String phone;
        public @Size(min = PasswordHashing.MIN_LENGTH, max = PasswordHashing.MAX_LENGTH) String password;
    }

    /** {@code {"name":"Bo","email":…,"phone":…,"active":false}}, every field optional. */
    public static class UpdateCustomer {
        public @Size(min = 1, max = 200) String name;
        public @Email @Size(max = 320) String email;
        public @Size(max = 32) String phone;
        public Boolean active;
    }

    @POST
    @Operation(summary = "Create a customer (staff)")
    public Response create(CreateCustomer customer) {
        RequestBodies.requireValid(customer);
        return Response.status(Response.Status.CREATED)
                .entity(CustomerView.of(customers.create(customer.name, customer.email, customer.phone,
                        customer.password)))
                .build();
    }

    @GET
    @Operation(summary = "List the tenant's customers (staff)")
    public List<CustomerView> list() {
        return customers.list().stream().map(CustomerView::of).toList();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One customer (staff)")
    public CustomerView get(@PathParam("id") long id) {
        return CustomerView.of(customers.get(id));
    }

    @PATCH
    @Path("{id}")
    @Operation(summary = "Change or (de)activate a customer (staff)")
    public CustomerView update(@PathParam("id") long id, UpdateCustomer update) {
        RequestBodies.requireValid(update);
        return CustomerView.of(customers.update(id, update.name, update.email, update.phone, update.active));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Deactivate a customer (staff); its refresh tokens are revoked")
    public Response deactivate(@PathParam("id") long id) {
        customers.update(id, null, null, null, false);
        return Response.noContent().build();
    }
}
