package dev.parley.assistant.boundary;

import dev.parley.assistant.control.KnowledgeBase;
import dev.parley.assistant.entity.KnowledgeEntry;
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

/** The tenant's knowledge base: admins write it, staff read it, the built-in assistant answers from it. */
@Path("v1/knowledge")
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Tag(name = "Knowledge base")
public class KnowledgeResource {

    @Inject
    KnowledgeBase knowledge;

    /** {@code {"title":"Opening hours","body":"We are open …","url":"https://…","tags":["hours"]}} */
    public static class EntryBody {
        public String title;
        public String body;
        public String url;
        public List<String> tags;
    }

    /** {@code {"id":7,"title":"Opening hours","body":"…","url":"https://…","tags":["hours"],"created_at":"…","updated_at":"…"}} */
    public record EntryView(long id, String title, String body, String url, List<String> tags, Instant createdAt,
                            Instant updatedAt) {

        static EntryView of(KnowledgeEntry entry) {
            return new EntryView(entry.getId(), entry.getTitle(), entry.getBody(), entry.getUrl(), entry.getTags(),
                    entry.getCreatedAt(), entry.getUpdatedAt());
        }
    }

    /** {@code {"items":[…],"total":12,"page":1,"page_size":20,"has_more":false}} */
    public record PageView(List<EntryView> items, long total, int page, int pageSize, boolean hasMore) {
    }

    @POST
    @Operation(summary = "Add an article (admin)")
    public Response create(EntryBody body) {
        RequestBodies.requireValid(body);
        KnowledgeEntry entry = knowledge.create(body.title, body.body, body.url, body.tags);
        return Response.status(Response.Status.CREATED).entity(EntryView.of(entry)).build();
    }

    @GET
    @RolesAllowed("staff")
    @Operation(summary = "The articles, newest first; with q, those that match it, best first (staff)")
    public PageView list(@QueryParam("q") String query, @QueryParam("page") Integer page,
                         @QueryParam("page_size") Integer pageSize) {
        KnowledgeBase.Page found = knowledge.list(query, page == null ? 1 : page, pageSize == null ? 20 : pageSize);
        return new PageView(found.items().stream().map(EntryView::of).toList(), found.total(), found.page(),
                found.pageSize(), found.hasMore());
    }

    @GET
    @Path("{id}")
    @RolesAllowed("staff")
    @Operation(summary = "One article (staff)")
    public EntryView get(@PathParam("id") long id) {
        return EntryView.of(knowledge.get(id));
    }

    @PATCH
    @Path("{id}")
    @Operation(summary = "Change an article: only the fields given (admin)")
    public EntryView change(@PathParam("id") long id, EntryBody body) {
        RequestBodies.requireValid(body);
        return EntryView.of(knowledge.change(id, body.title, body.body, body.url, body.tags));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete an article (admin)")
    public Response delete(@PathParam("id") long id) {
        knowledge.delete(id);
        return Response.noContent().build();
    }
}
