package dev.parley.chat.control;

import dev.parley.chat.control.MessageView.ReadReceipt;
import dev.parley.tenant.control.CurrentTenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stored read receipts: one row per message and reader, written when the
 * reader's read mark passes the message, so a sender who was offline sees
 * them later. Native SQL (an insert from a select, and a look-up by many ids),
 * so the tenant is filtered by hand.
 */
@ApplicationScoped
@Transactional
public class ReadReceipts {

    @PersistenceContext
    EntityManager em;

    /** Receipts for every message of the chat in (afterSeq, upToSeq] not sent by the reader. */
    public void record(long chatId, long afterSeq, long upToSeq, String readerType, long readerId, Instant readAt) {
        em.createNativeQuery("""
                INSERT INTO message_reads (tenant_id, message_id, chat_id, reader_type, reader_id, read_at)
                SELECT tenant_id, id, chat_id, ?1, ?2, ?3 FROM messages
                WHERE tenant_id = ?4 AND chat_id = ?5 AND seq > ?6 AND seq <= ?7
                  AND NOT (sender_type = ?1 AND sender_id = ?2)
                ON CONFLICT DO NOTHING""")
                .setParameter(1, readerType)
                .setParameter(2, readerId)
                .setParameter(3, readAt)
                .setParameter(4, CurrentTenant.idOrNone())
                .setParameter(5, chatId)
                .setParameter(6, afterSeq)
                .setParameter(7, upToSeq)
                .executeUpdate();
    }

    /** Receipts of each message, oldest read first. */
    public Map<Long, List<ReadReceipt>> of(Collection<Long> messageIds) {
        Map<Long, List<ReadReceipt>> receipts = new HashMap<>();
        if (messageIds.isEmpty()) {
            return receipts;
        }
        List<?> rows = em.createNativeQuery("""
                SELECT message_id, reader_type, reader_id, read_at FROM message_reads
                WHERE tenant_id = ?1 AND message_id = ANY(?2) ORDER BY read_at, reader_type, reader_id""")
                .setParameter(1, CurrentTenant.idOrNone())
                .setParameter(2, messageIds.toArray(Long[]::new))
                .getResultList();
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            receipts.computeIfAbsent(((Number) columns[0]).longValue(), id -> new ArrayList<>())
                    .add(new ReadReceipt((String) columns[1], ((Number) columns[2]).longValue(), instant(columns[3])));
        }
        return receipts;
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}
