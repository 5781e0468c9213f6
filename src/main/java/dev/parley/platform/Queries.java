package dev.parley.platform;

import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Optional;

/** Small helpers for JPA queries. */
public final class Queries {

    private Queries() {
    }

    /**
     * The first result, if any. Through {@code getResultList}, never {@code getResultStream}: Hibernate runs a
     * stream as a scroll, which translates the query to SQL again on every call (in a profile of message sends,
     * that translation took more CPU than the rest of the send together).
     */
    public static <T> Optional<T> first(TypedQuery<T> query) {
        List<T> found = query.getResultList();
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }
}
