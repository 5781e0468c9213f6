package dev.parley.assistant.control;

import dev.parley.tenant.control.CurrentTenant;
import dev.parley.tenant.entity.Tenant;
import jakarta.persistence.EntityManager;

/**
 * How the knowledge base and the templates match a question, in PostgreSQL
 * full-text search: the question's words, stemmed and without stop words
 * ({@code ?1} the text search configuration, {@code ?2} the question), any of
 * which may match (an OR query, {@code query.tsq}); and the rule that an
 * entry counts only when it shares at least two of them (one, for a one-word
 * question), so one common word does not make a match.
 */
final class WordMatch {

    /** A CTE giving {@code query.words} (text[]) and {@code query.tsq} (null when the question has no words). */
    static final String QUESTION = """
            WITH q AS (
                SELECT ARRAY(SELECT DISTINCT unnest(tsvector_to_array(to_tsvector(CAST(?1 AS regconfig), ?2))))
                    AS words),
            query AS (
                SELECT words, CASE WHEN cardinality(words) = 0 THEN NULL ELSE
                    array_to_string(ARRAY(SELECT quote_literal(w) FROM unnest(words) w), ' | ')::tsquery
                    END AS tsq
                FROM q)
            """;

    /** How many of the question's words a row's {@code search} vector shares (an SQL expression). */
    static final String SHARED = "(SELECT count(*) FROM unnest(tsvector_to_array(%s.search)) w WHERE w = ANY (query.words))";

    static final int MIN_SHARED_WORDS = 2;

    private WordMatch() {
    }

    /** The current tenant's text search configuration, which its knowledge base and templates are indexed in. */
    static String language(EntityManager em) {
        Tenant tenant = em.find(Tenant.class, CurrentTenant.idOrNone());
        return tenant == null ? "english" : tenant.getAssistantLanguage();
    }

    static boolean counts(int shared, int asked) {
        return shared >= Math.min(MIN_SHARED_WORDS, asked);
    }
}
