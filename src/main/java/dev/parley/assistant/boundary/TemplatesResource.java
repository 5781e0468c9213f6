package dev.parley.assistant.boundary;

import dev.parley.assistant.control.PromptTemplates;
import dev.parley.assistant.entity.PromptTemplate;
import dev.parley.chat.boundary.ChatActors;
import dev.parley.identity.control.Caller;
import dev.parley.platform.RequestBodies;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tenant's prompt templates, for its staff: saved from assistant sessions, or written here. */
@Path("v1/templates")
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("staff")
@Tag(name = "Prompt templates")
public class TemplatesResource {

    @Inject
    PromptTemplates templates;

    @Inject
    ChatActors actors;

    @Inject
    Caller caller;

    /** {@code {"title":"Product description","category":"writing","description":"…","content":"You are …"}} */
    public static class TemplateBody {
        public String title;
        public String category;
        public String description;
        public String content;
    }

    /**
     * {@code {"id":3,"title":"…","category":"writing","description":"…","content":"…","created_by_type":"customer",
     * "created_by_id":12,"created_at":"…","updated_at":"…"}}
     */
    public record TemplateView(long id, String title, String category, String description, String content,
                               String createdByType, long createdById, Instant createdAt, Instant updatedAt) {

        public static TemplateView of(PromptTemplate t) {
            return new TemplateView(t.getId(), t.getTitle(), t.getCategory(), t.getDescription(), t.getContent(),
                    t.getCreatedByType(), t.getCreatedById(), t.getCreatedAt(), t.getUpdatedAt());
        }
    }

    /** {@code {"items":[…],"total":4,"page":1,"page_size":20,"has_more":false}} */
    public record PageView(List<TemplateView> items, long total, int page, int pageSize, boolean hasMore) {
    }

    @GET
    @Operation(summary = "The templates, newest first; q keeps those matching its words, category one category")
    public PageView list(@QueryParam("q") String query, @QueryParam("category") String category,
                         @QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        PromptTemplates.Page found = templates.list(query, category, page == null ? 1 : page,
                pageSize == null ? 20 : pageSize);
        return new PageView(found.items().stream().map(TemplateView::of).toList(), found.total(), found.page(),
                found.pageSize(), found.hasMore());
    }

    @POST
    @Operation(summary = "Write a template")
    public Response create(TemplateBody body) {
        RequestBodies.requireValid(body);
        PromptTemplate created = templates.create(actors.of(caller), body.title, body.category, body.description,
                body.content);
        return Response.status(Response.Status.CREATED).entity(TemplateView.of(created)).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One template")
    public TemplateView get(@PathParam("id") long id) {
        return TemplateView.of(templates.get(id));
    }

    @PATCH
    @Path("{id}")
    @Operation(summary = "Change a template: only the fields given")
    public TemplateView change(@PathParam("id") long id, TemplateBody body) {
        RequestBodies.requireValid(body);
        return TemplateView.of(templates.change(id, body.title, body.category, body.description, body.content));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a template")
    public Response delete(@PathParam("id") long id) {
        templates.delete(id);
        return Response.noContent().build();
    }
}
