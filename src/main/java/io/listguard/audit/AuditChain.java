package io.listguard.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends entries to the tamper-evident audit chain ({@code audit_chain}), always inside the caller's transaction:
 * the entry is committed with what it proves, or not at all. Appends are serialised across every instance sharing
 * the database by the row lock on the chain's head ({@code select ... for update} on {@code audit_chain_head}), held
 * until the caller commits; a whole group of entries costs three statements (lock, one batch insert, head update),
 * whatever its size. Hashes are computed in memory ({@link ChainDigests}); callers append last in their transaction
 * so that the lock is held briefly.
 */
@Component
public class AuditChain implements io.listguard.lifecycle.ActivationJournal {

    /** The kinds of entry. */
    public enum Kind { EVALUATION, POLICY_ACTIVATION, SUPPRESSION_ADD, SUPPRESSION_REMOVAL, ERASURE, PURGE }

    /** One entry to append: what it is about and the digest of its canonical content. */
    public record Entry(Kind kind, String ref, byte[] contentDigest) {
    }

    private static final String INSERT = "insert into audit_chain (seq, kind, ref, content_digest, previous_hash, entry_hash, recorded_at) "
            + "values (?, ?, ?, ?, ?, ?, ?)";

    private final JdbcOperations jdbc;

    public AuditChain(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Appends the entries in order, in the current transaction (there must be one: the head's lock lasts until it
     * ends); returns the seq of the last one (of the head, when there are none).
     */
    public long append(List<Entry> entries) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("the audit chain is appended to inside a transaction only");
        }
        Map<String, Object> head = jdbc.queryForMap("select seq, entry_hash from audit_chain_head where id = 1 for update");
        long seq = ((Number) head.get("seq")).longValue();
        if (entries.isEmpty()) {
            return seq;
        }
        byte[] previous = head.get("entry_hash") == null ? ChainDigests.GENESIS : (byte[]) head.get("entry_hash");
        Instant now = ChainDigests.stored(Instant.now());
        Timestamp at = Timestamp.from(now);
        List<Object[]> rows = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            seq++;
            byte[] hash = ChainDigests.entryHash(previous, seq, e.kind().name(), e.ref(), e.contentDigest(), now);
            rows.add(new Object[] {seq, e.kind().name(), e.ref(), e.contentDigest(), previous, hash, at});
            previous = hash;
        }
        jdbc.batchUpdate(INSERT, rows);
        jdbc.update("update audit_chain_head set seq = ?, entry_hash = ? where id = 1", seq, previous);
        return seq;
    }

    public long append(Entry entry) {
        return append(List.of(entry));
    }

    /** Chains the policy activation of this id (its row as stored). */
    @Override
    public void activationRecorded(long activationId) {
        Map<String, Object> row = jdbc.queryForMap("select id, version_id, activated_by, activated_at, reason from policy_activation where id = ?",
                activationId);
        append(new Entry(Kind.POLICY_ACTIVATION, Long.toString(activationId), ChainDigests.activation(activationId, (String) row.get("version_id"),
                (String) row.get("activated_by"), instant(row.get("activated_at")), (String) row.get("reason"))));
    }

    /** Chains the suppressions of these hashes added at {@code createdAt} by {@code createdBy} (their rows as stored). */
    public void suppressionsAdded(Collection<String> identifierHashes, Instant createdAt, String createdBy) {
        List<Entry> entries = new ArrayList<>();
        for (String hash : identifierHashes) {
            jdbc.query("select identifier_hash, kind, reason, source, created_by, created_at from suppression where identifier_hash = ? "
                    + "and created_by = ? and created_at = ?", rs -> {
                entries.add(new Entry(Kind.SUPPRESSION_ADD, rs.getString(1), ChainDigests.suppression(rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant())));
            }, hash, createdBy, Timestamp.from(createdAt));
        }
        append(entries);
    }

    /** Chains the removal of a suppression (its row in suppression_removal as stored). */
    public void suppressionRemoved(String identifierHash, Instant removedAt) {
        List<Entry> entries = new ArrayList<>();
        jdbc.query("select identifier_hash, kind, justification, removed_by, removed_at from suppression_removal where identifier_hash = ? "
                + "and removed_at = ?", rs -> {
            entries.add(new Entry(Kind.SUPPRESSION_REMOVAL, rs.getString(1), ChainDigests.suppressionRemoval(rs.getString(1), rs.getString(2),
                    rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant())));
        }, identifierHash, Timestamp.from(removedAt));
        append(entries);
    }

    static Instant instant(Object value) {
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalStateException("not a time: " + value);
    }
}
