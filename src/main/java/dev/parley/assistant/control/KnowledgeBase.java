package dev.parley.assistant.control;

import dev.parley.assistant.entity.KnowledgeEntry;
import dev.parley.platform.ApiException;
import dev.parley.tenant.control.CurrentTenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;

/**
 * The current tenant's knowledge base: articles its admins write, the
 * built-in assistant's only source, and the passages a remote model is given.
 *
 * <p>Retrieval is PostgreSQL full-text search in the tenant's language: the
 * question's words are stemmed and stop words dropped, any of them may match
 * (a visitor's phrasing never contains every word of an article), ranked with
 * {@code ts_rank_cd} (title and tags weigh more than the body), and an article
 * counts only when it shares at least two of the question's words (one, for a
 * one-word question), so a single common word does not make an answer. A
 * passage is a short article whole, or a long one's best matching sentences.
 */
@ApplicationScoped
@Transactional
public class KnowledgeBase {

    public static final int MAX_TITLE = 300;
    public static final int MAX_BODY = 20_000;
    public static final int MAX_URL = 2_000;
    public static final int MAX_TAGS = 20;
    public static final int MAX_PAGE_SIZE = 100;

    /** An article this short is quoted whole; a longer one by its (at most three) sentences that match best. */
    static final int WHOLE_BODY_UP_TO = 600;

    @PersistenceContext
    EntityManager em;

    /** A passage of an article that answers a question: {@code excerpt} is its best fragments. */
    public record Passage(long id, String title, String url, String excerpt, double rank, int sharedWords) {
    }

    /** A page of articles, best match first when searched, newest first otherwise. */
    public record Page(List<KnowledgeEntry> items, long total, int page, int pageSize, boolean hasMore) {
    }

    public KnowledgeEntry create(String title, String body, String url, List<String> tags) {
        KnowledgeEntry entry = new KnowledgeEntry(requireTitle(title), requireBody(body), checkUrl(url),
                checkTags(tags), WordMatch.language(em));
        em.persist(entry);
        em.flush();
        return entry;
    }

    public KnowledgeEntry get(long id) {
        KnowledgeEntry entry = em.find(KnowledgeEntry.class, id);
        if (entry == null) {
            throw ApiException.notFound("Knowledge entry");
        }
        return entry;
    }

    public KnowledgeEntry change(long id, String title, String body, String url, List<String> tags) {
        KnowledgeEntry entry = get(id);
        entry.change(title == null ? null : requireTitle(title), body == null ? null : requireBody(body),
                url == null ? null : url.isBlank() ? "" : checkUrl(url), tags == null ? null : checkTags(tags));
        em.flush();
        return entry;
    }

    public void delete(long id) {
        em.remove(get(id));
    }

    /** Every article, newest first, or with {@code query} the matching ones, best first. */
    public Page list(String query, int page, int pageSize) {
        int size = pageSize <= 0 ? 20 : Math.min(pageSize, MAX_PAGE_SIZE);
        int number = Math.min(Math.max(1, page), 100_000); // no offset arithmetic overflows
        if (query != null && !query.isBlank()) {
            List<Passage> found = search(query, 200);
            List<KnowledgeEntry> entries = new ArrayList<>();
            for (Passage passage : found.subList(Math.min(found.size(), (number - 1) * size),
                    Math.min(found.size(), number * size))) {
                entries.add(em.find(KnowledgeEntry.class, passage.id()));
            }
            return new Page(entries, found.size(), number, size, (long) number * size < found.size());
        }
        long total = em.createQuery("select count(e) from KnowledgeEntry e", Long.class).getSingleResult();
        List<KnowledgeEntry> entries = em.createQuery("select e from KnowledgeEntry e order by e.id desc",
                        KnowledgeEntry.class)
                .setFirstResult((number - 1) * size).setMaxResults(size).getResultList();
        return new Page(entries, total, number, size, (long) number * size < total);
    }

    /**
     * The articles that answer {@code question}, best first, at most {@code limit}. Native SQL:
     * full-text search has no JPQL, so the tenant is spelled out.
     */
    public List<Passage> search(String question, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(WordMatch.QUESTION + """
                        SELECT e.id, e.title, e.url,
                            CASE WHEN length(e.body) <= ?5 THEN e.body ELSE coalesce((
                                SELECT string_agg(best.sentence, ' ' ORDER BY best.n) FROM (
                                    SELECT t.sentence, t.n FROM regexp_split_to_table(e.body, '(?<=[.!?])\\s+')
                                        WITH ORDINALITY AS t(sentence, n)
                                    WHERE to_tsvector(CAST(?1 AS regconfig), t.sentence) @@ query.tsq
                                    ORDER BY ts_rank_cd(to_tsvector(CAST(?1 AS regconfig), t.sentence), query.tsq) DESC,
                                        t.n
                                    LIMIT 3) best), left(e.body, ?5)) END,
                            ts_rank_cd(e.search, query.tsq),
                            %s,
                            cardinality(query.words)
                        FROM knowledge_entries e, query
                        WHERE e.tenant_id = ?3 AND query.tsq IS NOT NULL AND e.search @@ query.tsq
                        ORDER BY 5 DESC, e.id
                        LIMIT ?4""".formatted(WordMatch.SHARED.formatted("e")))
                .setParameter(1, WordMatch.language(em))
                .setParameter(2, question)
                .setParameter(3, CurrentTenant.idOrNone())
                .setParameter(4, Math.max(limit, 1) * 4)
                .setParameter(5, WHOLE_BODY_UP_TO)
                .getResultList();
        List<Passage> passages = new ArrayList<>();
        for (Object[] row : rows) {
            int shared = ((Number) row[5]).intValue();
            int asked = ((Number) row[6]).intValue();
            if (WordMatch.counts(shared, asked) && passages.size() < limit) {
                passages.add(new Passage(((Number) row[0]).longValue(), (String) row[1], (String) row[2],
                        ((String) row[3]).strip(), ((Number) row[4]).doubleValue(), shared));
            }
        }
        return passages;
    }

    /** Re-indexes the tenant's articles in {@code language} (a PostgreSQL text search configuration). */
    public void useLanguage(String language) {
        em.createNativeQuery("UPDATE knowledge_entries SET language = CAST(?1 AS regconfig) WHERE tenant_id = ?2")
                .setParameter(1, language)
                .setParameter(2, CurrentTenant.idOrNone())
                .executeUpdate();
    }

    /** Whether PostgreSQL has a text search configuration of this name. */
    public boolean isLanguage(String language) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM pg_ts_config WHERE cfgname = ?1")
                .setParameter(1, language).getSingleResult()).intValue() > 0;
    }

    private static String requireTitle(String title) {
        if (title == null || title.isBlank() || title.length() > MAX_TITLE) {
            throw ApiException.invalidField("title", "1 to " + MAX_TITLE + " characters");
        }
        return title.strip();
    }

    private static String requireBody(String body) {
        if (body == null || body.isBlank() || body.length() > MAX_BODY) {
            throw ApiException.invalidField("body", "1 to " + MAX_BODY + " characters");
        }
        return body.strip();
    }

    private static String checkUrl(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        if (url.length() > MAX_URL || !(url.startsWith("https://") || url.startsWith("http://") || url.startsWith("/"))) {
            throw ApiException.invalidField("url", "an http(s) URL or a path, at most " + MAX_URL + " characters");
        }
        return url.strip();
    }

    private static List<String> checkTags(List<String> tags) {
        if (tags == null) {
            return List.of();
        }
        if (tags.size() > MAX_TAGS) {
            throw ApiException.invalidField("tags", "at most " + MAX_TAGS);
        }
        List<String> clean = new ArrayList<>();
        for (String tag : tags) {
            if (tag == null || tag.isBlank() || tag.length() > 40 || tag.contains(",")) {
                throw ApiException.invalidField("tags", "each 1 to 40 characters, without commas");
            }
            clean.add(tag.strip());
        }
        return clean;
    }
}
