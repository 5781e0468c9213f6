package dev.parley.identity.boundary;

import dev.parley.identity.control.Caller;
import dev.parley.platform.ApiException;
import jakarta.annotation.Priority;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Enforces {@code @RolesAllowed} on resources against the caller's groups
 * (the token's {@code groups} claim, or {@code service} for an API key),
 * answering 401 to anonymous callers and 403 to callers without the role,
 * in Parley's error shape. Method annotations win over class annotations.
 */
@Provider
public class RoleCheck implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Method method = resource.getResourceMethod();
        if (method.isAnnotationPresent(PermitAll.class)) {
            return;
        }
        RolesAllowed allowed = method.getAnnotation(RolesAllowed.class);
        if (allowed == null) {
            allowed = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        if (allowed != null) {
            context.register(new Filter(List.of(allowed.value())));
        }
    }

    @Priority(Priorities.AUTHORIZATION)
    static final class Filter implements ContainerRequestFilter {
        private final List<String> roles;

        Filter(List<String> roles) {
            this.roles = roles;
        }

        @Override
        public void filter(ContainerRequestContext context) {
            Caller caller = context.getProperty(Caller.REQUEST_ATTRIBUTE) instanceof Caller c ? c : Caller.anonymous(null);
            if (!caller.isAuthenticated()) {
                throw ApiException.unauthorized("Authentication required: send a bearer token");
            }
            if (roles.stream().noneMatch(caller::hasRole)) {
                throw ApiException.forbidden("forbidden", "This needs the role " + String.join(" or ", roles));
            }
        }
    }
}
