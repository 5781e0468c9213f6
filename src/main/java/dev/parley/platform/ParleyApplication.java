package dev.parley.platform;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * Parley's REST API under {@code /api}, secured by MicroProfile JWT. An
 * application-scoped bean so that {@code JsonWebToken} can be injected
 * under annotated bean discovery.
 */
@ApplicationPath("/api")
@ApplicationScoped
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({"owner", "admin", "staff", "customer", "service"})
@OpenAPIDefinition(
        info = @Info(title = "Parley", version = "1",
                description = "Multi-tenant real-time messaging: tenants, identity, chat and notifications. "
                        + "Errors are {\"error\":<code>,\"message\":<text>}."),
        security = @SecurityRequirement(name = "bearer"),
        components = @Components(securitySchemes = {
                @SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
                        bearerFormat = "JWT"),
                @SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.APIKEY,
                        apiKeyName = "X-API-Key", in = org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn.HEADER)
        }))
public class ParleyApplication extends Application {
}
