package io.listguard.suppression;

import io.listguard.audit.AuditChain;
import io.listguard.audit.ChainDigests;
import io.listguard.audit.Pseudonymiser;
import io.listguard.domain.ProspectRecord;
import io.listguard.evaluation.SuppressionList;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The central suppression list (R20), stored as keyed hashes of emails, phones and postal addresses. Every
 * evaluation consults it: a record whose email, phone or postal address is on it is excluded (SUPPRESSED) whatever
 * its file says and whatever the campaign's channel (an objection made by letter also stops the emails). A suppression is kept
 * until removed, and removed only to correct an error, with the justification recorded.
 */
@Repository
public class Suppressions implements SuppressionList, io.listguard.audit.Erasure.Objections {

    /**
     * What is suppressed: an email, a phone, or a postal address (in its normal form,
     * {@link io.listguard.domain.ContactPoints#normalizedAddress}, so that {@code 12 bd Voltaire} and
     * {@code 12, Boulevard Voltaire} are one entry).
     */
    public enum Kind { EMAIL, PHONE, ADDRESS }

    /** One suppression as stored (the identifier only as its hash). */
    public record Suppression(String identifierHash, Kind kind, String reason, String source, String createdBy, Instant createdAt) {
    }

    /** An identifier to suppress (in clear only until it is hashed), with why and where the objection came from. */
    public record NewSuppression(Kind kind, String identifier, String reason, String source) {
    }

    /**
     * What {@link #addAll} did: {@code added} new suppressions; {@code alreadySuppressed} entries that were on the
     * list already, or repeated an earlier entry of the same call (the first one is kept).
     */
    public record AddResult(int added, int alreadySuppressed) {
    }

    private static final int CHUNK = 500;

    private final JdbcClient jdbc;
    private final Pseudonymiser pseudonymiser;
    private final io.listguard.audit.SubjectRights rights;
    private final AuditChain chain;
    private final TransactionTemplate transactions;
    private final org.springframework.jdbc.core.JdbcTemplate jdbcTemplate;

    /** Every change is chained ({@link AuditChain}: SUPPRESSION_ADD, SUPPRESSION_REMOVAL) in its own transaction. */
    Suppressions(JdbcClient jdbc, Pseudonymiser pseudonymiser, io.listguard.audit.SubjectRights rights, AuditChain chain,
                 TransactionTemplate transactions, org.springframework.jdbc.core.JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.pseudonymiser = pseudonymiser;
        this.rights = rights;
        this.chain = chain;
        this.transactions = transactions;
    }

    public String hash(Kind kind, String identifier) {
        return switch (kind) {
            case EMAIL -> pseudonymiser.emailHash(identifier);
            case PHONE -> pseudonymiser.phoneHash(identifier);
            case ADDRESS -> pseudonymiser.addressHash(identifier);
        };
    }

    /** Adds a suppression; false when the identifier was already suppressed (the first one is kept). */
    public boolean add(Kind kind, String identifier, String reason, String source, String createdBy) {
        String hash = hash(kind, identifier);
        return Boolean.TRUE.equals(transactions.execute(status -> {
            if (find(hash).isPresent()) {
                return false;
            }
            Instant now = ChainDigests.stored(Instant.now());
            jdbc.sql("insert into suppression (identifier_hash, kind, reason, source, created_by, created_at) values (?, ?, ?, ?, ?, ?)")
                    .params(hash, kind.name(), reason, source, createdBy, Timestamp.from(now)).update();
            chain.suppressionsAdded(List.of(hash), now, createdBy);
            return true;
        }));
    }

    /**
     * Adds many suppressions in one transaction, all with the same author and time. An identifier already on the
     * list keeps its first suppression, even when another caller adds it at the same moment.
     */
    public AddResult addAll(List<NewSuppression> entries, String createdBy) {
        return transactions.execute(status -> addAllInTransaction(entries, createdBy));
    }

    private AddResult addAllInTransaction(List<NewSuppression> entries, String createdBy) {
        Map<String, NewSuppression> byHash = new LinkedHashMap<>();
        for (NewSuppression entry : entries) {
            byHash.putIfAbsent(hash(entry.kind(), entry.identifier()), entry);
        }
        Instant at = ChainDigests.stored(Instant.now());
        Timestamp now = Timestamp.from(at);
        List<Map.Entry<String, NewSuppression>> unique = new ArrayList<>(byHash.entrySet());
        int added = 0;
        for (int from = 0; from < unique.size(); from += CHUNK) {
            List<Map.Entry<String, NewSuppression>> chunk = unique.subList(from, Math.min(unique.size(), from + CHUNK));
            StringBuilder sql = new StringBuilder("insert into suppression (identifier_hash, kind, reason, source, created_by, created_at) values ");
            List<Object> params = new ArrayList<>(chunk.size() * 6);
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "(?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?)");
                NewSuppression entry = chunk.get(i).getValue();
                params.addAll(List.of(chunk.get(i).getKey(), entry.kind().name(), entry.reason(), entry.source(), createdBy, now));
            }
            sql.append(" on conflict do nothing");
            added += jdbc.sql(sql.toString()).params(params).update();
        }
        if (added > 0) {
            chain.suppressionsAdded(byHash.keySet(), at, createdBy); // those this call added: its author and time
        }
        return new AddResult(added, entries.size() - added);
    }

    public Optional<Suppression> find(Kind kind, String identifier) {
        return find(hash(kind, identifier));
    }

    private Optional<Suppression> find(String hash) {
        return jdbc.sql("select identifier_hash, kind, reason, source, created_by, created_at from suppression where identifier_hash = ?")
                .param(hash)
                .query((rs, i) -> new Suppression(rs.getString(1), Kind.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getTimestamp(6).toInstant()))
                .optional();
    }

    /** Removes a suppression made in error; the removal and its justification are kept. */
    public boolean removeForCorrection(Kind kind, String identifier, String justification, String removedBy) {
        String hash = hash(kind, identifier);
        return Boolean.TRUE.equals(transactions.execute(status -> {
            int removed = jdbc.sql("delete from suppression where identifier_hash = ?").param(hash).update();
            if (removed > 0) {
                Instant now = ChainDigests.stored(Instant.now());
                jdbc.sql("insert into suppression_removal (identifier_hash, kind, justification, removed_by, removed_at) values (?, ?, ?, ?, ?)")
                        .params(hash, kind.name(), justification, removedBy, Timestamp.from(now)).update();
                chain.suppressionRemoved(hash, now);
            }
            return removed > 0;
        }));
    }

    /**
     * A person who objected when erased (art. 17 and 21): each identifier given goes on the list, the reason naming the
     * erasure's legal basis (in French, the console's language), the source {@code erasure}.
     */
    @Override
    public boolean objected(String email, String phone, String address, String legalBasis, String by) {
        String reason = io.listguard.domain.Messages.text(io.listguard.domain.Messages.FRENCH, "api.erase.suppressionReason",
                legalBasis.length() > 400 ? legalBasis.substring(0, 400) : legalBasis); // the reason column holds 500
        List<NewSuppression> entries = new ArrayList<>();
        if (email != null && !email.isBlank()) {
            entries.add(new NewSuppression(Kind.EMAIL, email, reason, "erasure"));
        }
        if (phone != null && !phone.isBlank()) {
            entries.add(new NewSuppression(Kind.PHONE, phone, reason, "erasure"));
        }
        if (address != null && !address.isBlank()) {
            entries.add(new NewSuppression(Kind.ADDRESS, address, reason, "erasure"));
        }
        return !entries.isEmpty() && addAll(entries, by).added() > 0;
    }

    /** What an export wrote: how many suppressed and restricted hashes, under which key. */
    public record ExportCounts(long suppressed, long restricted, String keyId) {
    }

    /**
     * Writes every barred identifier as its keyed hash, never in clear: {@code bar,kind,identifier_hash}, a
     * SUPPRESSED line per suppression (R20), a RESTRICTED line per hash under an active restriction of processing
     * (GDPR art. 18, R29), what {@link #barred} checks; the file {@code evaluation.HashedSuppressionList#read} reads.
     * Streamed: rows are read with a fetch size in one read-only transaction (one snapshot on PostgreSQL) and
     * written as they come, whatever the list's size. The caller owns {@code out} (flushed, not closed).
     */
    public ExportCounts export(java.io.OutputStream out) {
        return transactions.execute(status -> {
            io.listguard.bulk.CsvExport csv = new io.listguard.bulk.CsvExport(out, 1 << 16);
            csv.row("bar", "kind", "identifier_hash");
            long[] counts = new long[2];
            jdbcTemplate.query(connection -> {
                var statement = connection.prepareStatement("select identifier_hash, kind from suppression order by identifier_hash");
                statement.setFetchSize(5_000);
                return statement;
            }, (org.springframework.jdbc.core.RowCallbackHandler) rs -> {
                csv.row("SUPPRESSED", rs.getString(2), rs.getString(1));
                counts[0]++;
            });
            rights.forEachActiveHash((kind, hash) -> {
                csv.row("RESTRICTED", kind, hash);
                counts[1]++;
            });
            csv.flush();
            return new ExportCounts(counts[0], counts[1], pseudonymiser.keyId());
        });
    }

    /** The fingerprint of the key the list is hashed with ({@link io.listguard.domain.IdentifierHashes#keyId()}). */
    public String keyId() {
        return pseudonymiser.keyId();
    }

    public long count() {
        return jdbc.sql("select count(*) from suppression").query(Long.class).single();
    }

    /** The records whose email, phone or postal address is on the list. */
    @Override
    public Set<String> suppressedRecordIds(List<ProspectRecord> records) {
        return barred(records).suppressed();
    }

    /**
     * The records to exclude before the rules run: those whose email, phone or postal address is on the list (R20),
     * and (GDPR art. 18, issue 19) those of a person whose processing is restricted
     * ({@link io.listguard.audit.SubjectRights#restrict}, R29): one pass and one hashing of each record, so that
     * every channel (requests, bulk jobs) honours both.
     */
    @Override
    public Barred barred(List<ProspectRecord> records) {
        Map<String, List<String>> recordsByHash = new HashMap<>();
        Set<String> restricted = new HashSet<>();
        io.listguard.audit.SubjectRights.RestrictedHashes restrictions = rights.activeHashes();
        for (ProspectRecord record : records) {
            if (record == null) {
                continue;
            }
            String email = pseudonymiser.emailHash(record.email());
            String phone = pseudonymiser.phoneHash(record.phone());
            String address = pseudonymiser.addressHash(record.postalAddress());
            if (!restrictions.isEmpty() && (restrictions.emails().contains(email) || restrictions.phones().contains(phone)
                    || restrictions.addresses().contains(address))) {
                restricted.add(record.id());
            }
            for (String hash : new String[] {email, phone, address}) {
                if (hash != null) {
                    recordsByHash.computeIfAbsent(hash, h -> new ArrayList<>()).add(record.id());
                }
            }
        }
        Set<String> suppressed = new HashSet<>();
        List<String> hashes = new ArrayList<>(recordsByHash.keySet());
        for (int from = 0; from < hashes.size(); from += CHUNK) {
            List<String> chunk = hashes.subList(from, Math.min(hashes.size(), from + CHUNK));
            jdbc.sql("select identifier_hash from suppression where identifier_hash in (:hashes)").param("hashes", chunk)
                    .query(String.class).list()
                    .forEach(hash -> suppressed.addAll(recordsByHash.get(hash)));
        }
        return new Barred(suppressed, restricted);
    }
}
