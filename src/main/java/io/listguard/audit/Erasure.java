package io.listguard.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Erasure of a person from the audit trail (GDPR art. 17), in one transaction: their {@code evaluation_record} rows
 * are deleted, and their fragments of the stored requests and answers (the record's facts in {@code request_gz}, its
 * verdict and its trace entries in {@code result_gz}); each evaluation keeps its header and totals. What proves the
 * trail stays: a tombstone per deleted row (its digest), each redacted evaluation's request and answer digests before
 * and after, and an ERASURE entry of the audit chain covering them with who, when and on what legal basis, so that
 * the chain still verifies and nothing else can be changed unseen. The person's identifiers are hashed at once and
 * never stored, not even hashed, by the erasure; when the person objected (art. 21) they go on the suppression list
 * ({@link Objections}), so that no later file brings them back. Evaluations still running (bulk jobs) are left
 * alone and counted: erase again once they completed.
 */
@Service
public class Erasure {

    /** The longest legal basis kept with an erasure ({@code audit_erasure.legal_basis}). */
    public static final int MAX_LEGAL_BASIS = 500;

    /** Who is erased: at least one of email, phone, postal address (in clear only until hashed), and why. */
    public record Request(String email, String phone, String address, String legalBasis, boolean objected) {
    }

    /**
     * What was done: the chain entry ({@code seq}), when, how many record rows were erased in which evaluations, how many
     * running evaluations were left, and whether the person was put on the suppression list.
     */
    public record Report(long seq, Instant erasedAt, int records, List<String> evaluations, int runningLeft, boolean suppressed) {
    }

    /** Where an objection goes (the suppression list, R20); implemented outside the audit. */
    public interface Objections {
        /** Suppresses every identifier given (blank ones ignored); true when at least one was added. */
        boolean objected(String email, String phone, String address, String legalBasis, String by);
    }

    private record Row(String evaluationId, long seq, String recordId, byte[] digest) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Pseudonymiser pseudonymiser;
    private final JsonMapper json;
    private final AuditChain chain;
    private final ObjectProvider<Objections> objections;

    Erasure(JdbcTemplate jdbc, TransactionTemplate transactions, Pseudonymiser pseudonymiser, JsonMapper json, AuditChain chain,
            ObjectProvider<Objections> objections) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.pseudonymiser = pseudonymiser;
        this.json = json;
        this.chain = chain;
        this.objections = objections;
    }

    /**
     * Erases the person from the trail and records it; {@code erasedBy} is who asked (an actor's display name).
     *
     * @throws IllegalArgumentException when no identifier is given, or no legal basis
     */
    public Report erase(Request request, String erasedBy) {
        byte[] email = pseudonymiser.emailHmac(request.email());
        byte[] phone = pseudonymiser.phoneHmac(request.phone());
        byte[] address = pseudonymiser.addressHmac(request.address());
        if (email == null && phone == null && address == null) {
            throw new IllegalArgumentException("an email, a phone or a postal address is needed");
        }
        if (request.legalBasis() == null || request.legalBasis().isBlank() || request.legalBasis().strip().length() > MAX_LEGAL_BASIS) {
            // checked here, where it is stored, so that the API and the console refuse alike
            throw new IllegalArgumentException("a legal basis of at most " + MAX_LEGAL_BASIS + " characters is needed");
        }
        return transactions.execute(status -> {
            Map<String, List<Row>> rows = rows(email, phone, address);
            List<ChainDigests.Redaction> redactions = new ArrayList<>();
            List<ChainDigests.Tombstone> tombstones = new ArrayList<>();
            int running = 0;
            for (Map.Entry<String, List<Row>> e : rows.entrySet()) {
                String id = e.getKey();
                List<Map<String, Object>> stored = jdbc.queryForList("select decision, request_gz, result_gz from evaluation where id = ? for update", id);
                if (stored.isEmpty()) {
                    continue; // purged meanwhile
                }
                if ("RUNNING".equals(stored.get(0).get("decision"))) {
                    running++;
                    continue;
                }
                Set<String> recordIds = new HashSet<>();
                e.getValue().forEach(r -> recordIds.add(r.recordId()));
                byte[] requestBefore = (byte[]) stored.get(0).get("request_gz");
                byte[] resultBefore = (byte[]) stored.get(0).get("result_gz");
                byte[] requestAfter = AuditStore.gzip(json.writeValueAsString(withoutRecords(read(requestBefore), recordIds)));
                byte[] resultAfter = AuditStore.gzip(json.writeValueAsString(withoutRecords(read(resultBefore), recordIds)));
                jdbc.update("update evaluation set request_gz = ?, result_gz = ? where id = ?", requestAfter, resultAfter, id);
                jdbc.batchUpdate("delete from evaluation_record where evaluation_id = ? and seq = ?",
                        e.getValue().stream().map(r -> new Object[] {id, r.seq()}).toList());
                redactions.add(new ChainDigests.Redaction(id, ChainDigests.sha256(requestBefore), ChainDigests.sha256(resultBefore),
                        ChainDigests.sha256(requestAfter), ChainDigests.sha256(resultAfter)));
                e.getValue().forEach(r -> tombstones.add(new ChainDigests.Tombstone(id, r.seq(), r.digest())));
            }
            redactions.sort(Comparator.comparing(ChainDigests.Redaction::evaluationId));
            tombstones.sort(Comparator.comparing(ChainDigests.Tombstone::evaluationId).thenComparingLong(ChainDigests.Tombstone::seq));
            Instant at = ChainDigests.stored(Instant.now());
            String basis = request.legalBasis().strip();
            long seq = chain.append(new AuditChain.Entry(AuditChain.Kind.ERASURE, "erasure", ChainDigests.erasure(erasedBy, at, basis,
                    request.objected(), tombstones.size(), redactions.size(), redactions, tombstones)));
            jdbc.update("insert into audit_erasure (seq, erased_by, erased_at, legal_basis, objected, records, evaluations) values (?, ?, ?, ?, ?, ?, ?)",
                    seq, erasedBy, Timestamp.from(at), basis, request.objected(), tombstones.size(), redactions.size());
            jdbc.batchUpdate("insert into evaluation_redaction (evaluation_id, erasure_seq, request_before, result_before, request_after, result_after) "
                    + "values (?, ?, ?, ?, ?, ?)", redactions.stream().map(r -> new Object[] {r.evaluationId(), seq, r.requestBefore(), r.resultBefore(),
                    r.requestAfter(), r.resultAfter()}).toList());
            jdbc.batchUpdate("insert into evaluation_record_tombstone (evaluation_id, seq, row_digest, erasure_seq) values (?, ?, ?, ?)",
                    tombstones.stream().map(t -> new Object[] {t.evaluationId(), t.seq(), t.rowDigest(), seq}).toList());
            boolean suppressed = false;
            if (request.objected()) {
                Objections list = objections.getIfAvailable();
                if (list == null) {
                    throw new IllegalStateException("no suppression list to record the objection");
                }
                suppressed = list.objected(request.email(), request.phone(), request.address(), basis, erasedBy);
            }
            return new Report(seq, at, tombstones.size(), redactions.stream().map(ChainDigests.Redaction::evaluationId).toList(), running, suppressed);
        });
    }

    /** The person's record rows, by evaluation: those whose email, phone or address hash is one of the person's. */
    private Map<String, List<Row>> rows(byte[] email, byte[] phone, byte[] address) {
        Map<String, TreeMap<Long, Row>> found = new LinkedHashMap<>();
        String[] columns = {"email_hash", "phone_hash", "address_hash"};
        byte[][] hashes = {email, phone, address};
        for (int i = 0; i < columns.length; i++) {
            if (hashes[i] == null) {
                continue;
            }
            jdbc.query("select evaluation_id, seq, record_id, contactable, reasons, legal_bases, email_hash, phone_hash, address_hash "
                    + "from evaluation_record where " + columns[i] + " = ?", rs -> {
                String id = rs.getString(1);
                long seq = rs.getLong(2);
                found.computeIfAbsent(id, k -> new TreeMap<>()).put(seq, new Row(id, seq, rs.getString(3), ChainDigests.recordRow(id, seq,
                        rs.getString(3), rs.getBoolean(4), rs.getString(5), rs.getString(6), rs.getBytes(7), rs.getBytes(8), rs.getBytes(9))));
            }, (Object) hashes[i]);
        }
        Map<String, List<Row>> rows = new TreeMap<>();
        found.forEach((id, bySeq) -> rows.put(id, new ArrayList<>(bySeq.values())));
        return rows;
    }

    private JsonNode read(byte[] gz) {
        return json.readTree(AuditStore.gunzip(gz));
    }

    /**
     * The stored request or answer without these records: their entries of {@code records}, and in an answer's
     * {@code trace} their facts (an entry about them alone goes; one shared with other records keeps the others).
     */
    static JsonNode withoutRecords(JsonNode document, Set<String> recordIds) {
        if (!(document instanceof ObjectNode root)) {
            return document;
        }
        if (root.get("records") instanceof ArrayNode records) {
            ArrayNode kept = root.arrayNode();
            for (JsonNode r : records) {
                if (!(r != null && r.get("id") != null && recordIds.contains(r.get("id").asString()))) {
                    kept.add(r);
                }
            }
            root.set("records", kept);
        }
        if (root.get("trace") instanceof ArrayNode trace) {
            ArrayNode kept = root.arrayNode();
            for (JsonNode entry : trace) {
                if (entry instanceof ObjectNode t && t.get("facts") instanceof ArrayNode facts) {
                    ArrayNode left = root.arrayNode();
                    boolean touched = false;
                    boolean otherRecords = false;
                    for (JsonNode fact : facts) {
                        String f = fact.asString();
                        if (f.startsWith("record:") && recordIds.contains(f.substring("record:".length()))) {
                            touched = true;
                        } else {
                            otherRecords |= f.startsWith("record:");
                            left.add(fact);
                        }
                    }
                    if (touched && !otherRecords) {
                        continue;
                    }
                    t.set("facts", left);
                }
                kept.add(entry);
            }
            root.set("trace", kept);
        }
        return root;
    }
}
