package dev.parley.assistant.control;

import dev.parley.assistant.entity.PromptTemplate;
import dev.parley.chat.control.Actor;
import dev.parley.chat.control.MessageView;
import dev.parley.platform.ApiException;
import dev.parley.tenant.control.CurrentTenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The current tenant's prompt templates: saved from assistant sessions or
 * written by staff, listed with search and a category filter, and suggested
 * for a question by the same full-text match as the knowledge base.
 */
@ApplicationScoped
@Transactional
public class PromptTemplates {

    public static final int MAX_TITLE = 200;
    public static final int MAX_DESCRIPTION = 1000;
    public static final int MAX_CONTENT = 20_000;
    public static final int MAX_PAGE_SIZE = 100;
    private static final Pattern CATEGORY = Pattern.compile("[a-z0-9][a-z0-9 _-]{0,63}");

    @PersistenceContext
    EntityManager em;

    /** A template that fits a question: {@code {"id":3,"title":"…","category":"writing","description":"…"}}. */
    public record Suggestion(long id, String title, String category, String description) {
    }

    public record Page(List<PromptTemplate> items, long total, int page, int pageSize, boolean hasMore) {
    }

    public PromptTemplate create(Actor author, String title, String category, String description, String content) {
        PromptTemplate template = new PromptTemplate(requireTitle(title), category(category),
                description(description), requireContent(content), author.type().name(), author.id(), WordMatch.language(em));
        em.persist(template);
        em.flush();
        return template;
    }

    /**
     * A template of an assistant conversation: the caller's messages, and the assistant's replies
     * when {@code withReplies}, as {@code User:} / {@code Assistant:} turns.
     */
    public PromptTemplate fromConversation(Actor author, List<MessageView> conversation, boolean withReplies,
                                           String title, String category, String description) {
        StringBuilder content = new StringBuilder();
        for (MessageView message : conversation) {
            boolean mine = !"assistant".equals(message.senderType()) && !"system".equals(message.senderType());
            if (message.content() == null || message.isDeleted() || (!mine && !withReplies)
                    || "system".equals(message.senderType())) {
                continue;
            }
            content.append(content.isEmpty() ? "" : "\n\n").append(mine ? "User: " : "Assistant: ")
                    .append(message.content());
        }
        if (content.isEmpty()) {
            throw ApiException.badRequest("nothing_to_save", "The conversation has no messages to save yet");
        }
        String text = content.length() <= MAX_CONTENT ? content.toString() : content.substring(0, MAX_CONTENT);
        return create(author, title, category, description, text);
    }

    public PromptTemplate get(long id) {
        PromptTemplate template = em.find(PromptTemplate.class, id);
        if (template == null) {
            throw ApiException.notFound("Template");
        }
        return template;
    }

    public PromptTemplate change(long id, String title, String category, String description, String content) {
        PromptTemplate template = get(id);
        template.change(title == null ? null : requireTitle(title), category == null ? null : category(category),
                description == null ? null : description.isBlank() ? "" : description(description),
                content == null ? null : requireContent(content));
        em.flush();
        return template;
    }

    public void delete(long id) {
        em.remove(get(id));
    }

    /** Newest first; {@code query} keeps those matching its words, {@code category} those of one category. */
    public Page list(String query, String category, int page, int pageSize) {
        int size = pageSize <= 0 ? 20 : Math.min(pageSize, MAX_PAGE_SIZE);
        int number = Math.min(Math.max(1, page), 100_000);
        String filter = category == null || category.isBlank() ? "" : " and t.category = :category";
        List<Long> matching = query == null || query.isBlank() ? null : matching(query, 500);
        if (matching != null && matching.isEmpty()) {
            return new Page(List.of(), 0, number, size, false);
        }
        String ids = matching == null ? "" : " and t.id in :ids";
        TypedQuery<Long> count = em.createQuery("select count(t) from PromptTemplate t where 1 = 1" + filter + ids,
                Long.class);
        TypedQuery<PromptTemplate> found = em.createQuery(
                "select t from PromptTemplate t where 1 = 1" + filter + ids + " order by t.id desc", PromptTemplate.class);
        if (!filter.isEmpty()) {
            count.setParameter("category", category.trim().toLowerCase(Locale.ROOT));
            found.setParameter("category", category.trim().toLowerCase(Locale.ROOT));
        }
        if (matching != null) {
            count.setParameter("ids", matching);
            found.setParameter("ids", matching);
        }
        long total = count.getSingleResult();
        List<PromptTemplate> items = found.setFirstResult((number - 1) * size).setMaxResults(size).getResultList();
        return new Page(items, total, number, size, (long) number * size < total);
    }

    /** The templates that fit {@code question}, best first, at most {@code limit}. */
    public List<Suggestion> suggest(String question, int limit) {
        List<Suggestion> suggestions = new ArrayList<>();
        for (long id : matching(question, limit)) {
            PromptTemplate template = em.find(PromptTemplate.class, id);
            suggestions.add(new Suggestion(id, template.getTitle(), template.getCategory(), template.getDescription()));
        }
        return suggestions;
    }

    /** Ids of the templates that share enough words with {@code text}, best first. Native SQL: tenant spelled out. */
    private List<Long> matching(String text, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(WordMatch.QUESTION + """
                        SELECT t.id, %s, cardinality(query.words)
                        FROM prompt_templates t, query
                        WHERE t.tenant_id = ?3 AND query.tsq IS NOT NULL AND t.search @@ query.tsq
                        ORDER BY ts_rank_cd(t.search, query.tsq) DESC, t.id DESC
                        LIMIT ?4""".formatted(WordMatch.SHARED.formatted("t")))
                .setParameter(1, WordMatch.language(em))
                .setParameter(2, text)
                .setParameter(3, CurrentTenant.idOrNone())
                .setParameter(4, Math.max(limit, 1) * 4)
                .getResultList();
        List<Long> ids = new ArrayList<>();
        for (Object[] row : rows) {
            if (WordMatch.counts(((Number) row[1]).intValue(), ((Number) row[2]).intValue()) && ids.size() < limit) {
                ids.add(((Number) row[0]).longValue());
            }
        }
        return ids;
    }

    /** Re-indexes the tenant's templates in {@code language}. */
    void useLanguage(String language) {
        em.createNativeQuery("UPDATE prompt_templates SET language = CAST(?1 AS regconfig) WHERE tenant_id = ?2")
                .setParameter(1, language)
                .setParameter(2, CurrentTenant.idOrNone())
                .executeUpdate();
    }

    private static String requireTitle(String title) {
        if (title == null || title.isBlank() || title.length() > MAX_TITLE) {
            throw ApiException.invalidField("title", "1 to " + MAX_TITLE + " characters");
        }
        return title.strip();
    }

    private static String category(String category) {
        if (category == null || category.isBlank()) {
            return "general";
        }
        String clean = category.strip().toLowerCase(Locale.ROOT);
        if (!CATEGORY.matcher(clean).matches()) {
            throw ApiException.invalidField("category", "1 to 64 letters, digits, spaces, _ or -");
        }
        return clean;
    }

    private static String description(String description) {
        if (description == null || description.isBlank()) {
            return null;
        }
        if (description.length() > MAX_DESCRIPTION) {
            throw ApiException.invalidField("description", "at most " + MAX_DESCRIPTION + " characters");
        }
        return description.strip();
    }

    private static String requireContent(String content) {
        if (content == null || content.isBlank() || content.length() > MAX_CONTENT) {
            throw ApiException.invalidField("content", "1 to " + MAX_CONTENT + " characters");
        }
        return content;
    }
}
