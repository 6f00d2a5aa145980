package io.listguard.audit;

import io.listguard.domain.EvaluationRequest;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.Finding;
import io.listguard.evaluation.RecordVerdict;
import io.listguard.evaluation.TraceEntry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Reads the audit trail: stored answers, searches, per-record explanations, data-subject lookups, exports, purge. */
@Repository
public class AuditTrail {

    /** One page of a search, newest first. */
    public record Page(List<StoredEvaluation> items, int page, int size, long total) {
    }

    /** Why one record of an evaluation was, or was not, contactable, with every rule that fired for it. */
    public record RecordExplanation(String evaluationId, String policyVersionId, String policyHash, RecordVerdict verdict,
                                    List<TraceEntry> rules, List<Finding> campaignFindings) {
    }

    /** A stored request and answer, for replay. */
    public record Stored(String id, EvaluationRequest request, EvaluationResult result) {
    }

    private static final String COLUMNS = "e.id, e.evaluated_at, e.caller, e.campaign_id, e.file_id, e.policy_version_id, e.policy_hash, "
            + "e.decision, e.total_records, e.contactable, e.excluded, e.ran_outside";

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final SubjectRights rights;
    private final AuditChain chain;

    AuditTrail(JdbcTemplate jdbc, JsonMapper json, SubjectRights rights) {
        this.jdbc = jdbc;
        this.chain = new AuditChain(jdbc);
        this.json = json;
        this.rights = rights;
    }

    /**
     * A stored answer, as given, except the records of people whose processing is restricted (GDPR art. 18): their
     * verdicts and the trace entries about them only are withheld (the subject-rights path, {@link SubjectRights},
     * still shows them).
     */
    public Optional<EvaluationResult> find(String id) {
        return jdbc.query("select result_gz from evaluation where id = ?", (rs, i) -> rs.getBytes(1), id).stream().findFirst()
                .map(stored -> withhold(json.readValue(AuditStore.gunzip(stored), EvaluationResult.class), rights.withheldRecords(id)));
    }

    private static EvaluationResult withhold(EvaluationResult result, Set<String> withheld) {
        if (withheld.isEmpty()) {
            return result;
        }
        List<RecordVerdict> records = result.records() == null ? null : result.records().stream().filter(r -> !withheld.contains(r.id())).toList();
        List<TraceEntry> trace = result.trace() == null ? null : result.trace().stream()
                .filter(t -> t.facts() == null || t.facts().stream().noneMatch(f -> f.startsWith("record:")
                        && withheld.contains(f.substring("record:".length()))))
                .toList();
        return new EvaluationResult(result.evaluationId(), result.evaluatedAt(), result.policyVersion(), result.decision(), result.findings(),
                result.summary(), records, trace, result.warnings(), result.ranOutside());
    }

    public Page search(AuditQuery query, int page, int size) {
        List<Object> params = new ArrayList<>();
        String where = query.where(params);
        Long total = jdbc.queryForObject("select count(*) from evaluation e" + where, Long.class, params.toArray());
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(size);
        pageParams.add((long) page * size);
        List<StoredEvaluation> items = jdbc.query("select " + COLUMNS + " from evaluation e" + where
                + " order by e.evaluated_at desc, e.id limit ? offset ?", (rs, i) -> stored(rs), pageParams.toArray());
        return new Page(withCodes(items), page, size, total == null ? 0 : total);
    }

    /** Every matching evaluation, newest first, handed over one at a time (exports of any size). */
    public void stream(AuditQuery query, Consumer<StoredEvaluation> each) {
        List<Object> params = new ArrayList<>();
        String where = query.where(params);
        jdbc.query(connection -> {
            var statement = connection.prepareStatement("select " + COLUMNS + ", (select string_agg(c.code, '|') from evaluation_code c "
                    + "where c.evaluation_id = e.id) from evaluation e" + where + " order by e.evaluated_at desc, e.id");
            statement.setFetchSize(500);
            for (int i = 0; i < params.size(); i++) {
                statement.setObject(i + 1, params.get(i));
            }
            return statement;
        }, rs -> {
            StoredEvaluation s = stored(rs);
            String codes = rs.getString(13);
            each.accept(new StoredEvaluation(s.id(), s.evaluatedAt(), s.caller(), s.campaignId(), s.fileId(), s.policyVersionId(),
                    s.policyHash(), s.decision(), s.total(), s.contactable(), s.excluded(),
                    codes == null ? List.of() : Arrays.stream(codes.split("\\|")).sorted().toList(), s.ranOutside()));
        });
    }

    public Optional<RecordExplanation> explain(String evaluationId, String recordId) {
        return find(evaluationId).flatMap(result -> verdicts(evaluationId, result).stream().filter(r -> r.id().equals(recordId)).findFirst()
                .map(verdict -> new RecordExplanation(evaluationId, result.policyVersion().id(), result.policyVersion().hash(), verdict,
                        result.trace().stream().filter(t -> t.facts().contains("record:" + recordId)).toList(),
                        result.findings())));
    }

    /** The verdicts of an evaluation: in its answer, or (bulk jobs, whose answer holds none) in its record rows. */
    private List<RecordVerdict> verdicts(String evaluationId, EvaluationResult result) {
        if (result.records() != null) {
            return result.records();
        }
        return jdbc.query("select record_id, contactable, reasons, legal_bases from evaluation_record where evaluation_id = ? order by seq",
                (rs, i) -> new RecordVerdict(rs.getString(1), rs.getBoolean(2),
                        rs.getString(3).isEmpty() ? List.of() : List.of(rs.getString(3).split(",")),
                        rs.getString(4).isEmpty() ? List.of() : Arrays.stream(rs.getString(4).split(",")).map(io.listguard.domain.LegalBasis::valueOf).toList()),
                evaluationId);
    }

    /** The stored requests and answers of a period, oldest first, one at a time (replay). */
    public void storedBetween(Instant from, Instant to, Consumer<Stored> each) {
        jdbc.query(connection -> {
            var statement = connection.prepareStatement(
                    "select id, request_gz, result_gz from evaluation where evaluated_at >= ? and evaluated_at < ? order by evaluated_at");
            statement.setFetchSize(50);
            statement.setTimestamp(1, Timestamp.from(from));
            statement.setTimestamp(2, Timestamp.from(to));
            return statement;
        }, rs -> {
            each.accept(new Stored(rs.getString(1), json.readValue(AuditStore.gunzip(rs.getBytes(2)), EvaluationRequest.class),
                    json.readValue(AuditStore.gunzip(rs.getBytes(3)), EvaluationResult.class)));
        });
    }

    /**
     * Deletes the evaluations made before {@code cutoff} (their records and codes go with them) and leaves a tombstone
     * in the audit chain: one PURGE entry whose digest covers the cutoff and the entries of the evaluations it removed,
     * each marked {@code removed_by} that entry, so that the chain still verifies and a row deleted otherwise does not.
     * One transaction; the chain's head is locked only at the end. Returns how many evaluations were deleted.
     */
    @Transactional
    public int purgeBefore(Instant cutoff) {
        Instant stored = ChainDigests.stored(cutoff);
        Timestamp limit = Timestamp.from(stored);
        List<Long> chained = jdbc.queryForList("select c.seq from audit_chain c join evaluation e on e.id = c.ref where c.kind = 'EVALUATION' "
                + "and c.removed_by is null and e.evaluated_at < ? order by c.seq", Long.class, limit);
        jdbc.update("delete from evaluation_code where evaluation_id in (select id from evaluation where evaluated_at < ?)", limit);
        jdbc.update("delete from evaluation_record where evaluation_id in (select id from evaluation where evaluated_at < ?)", limit);
        int purged = jdbc.update("delete from evaluation where evaluated_at < ?", limit);
        if (!chained.isEmpty()) {
            long purge = chain.append(new AuditChain.Entry(AuditChain.Kind.PURGE, stored.toString(), ChainDigests.purge(stored, chained)));
            List<Object[]> marks = chained.stream().map(seq -> new Object[] {purge, seq}).toList();
            jdbc.batchUpdate("update audit_chain set removed_by = ? where seq = ?", marks);
        }
        return purged;
    }

    private List<StoredEvaluation> withCodes(List<StoredEvaluation> items) {
        List<StoredEvaluation> result = new ArrayList<>(items.size());
        for (StoredEvaluation s : items) {
            List<String> codes = jdbc.queryForList("select code from evaluation_code where evaluation_id = ? order by code", String.class, s.id());
            result.add(new StoredEvaluation(s.id(), s.evaluatedAt(), s.caller(), s.campaignId(), s.fileId(), s.policyVersionId(),
                    s.policyHash(), s.decision(), s.total(), s.contactable(), s.excluded(), codes, s.ranOutside()));
        }
        return result;
    }

    private static StoredEvaluation stored(ResultSet rs) throws SQLException {
        return new StoredEvaluation(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9), rs.getInt(10), rs.getInt(11), List.of(), rs.getString(12));
    }
}
