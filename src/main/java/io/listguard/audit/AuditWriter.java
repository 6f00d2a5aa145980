package io.listguard.audit;

import io.listguard.domain.Campaign;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.ProspectRecord;
import io.listguard.domain.RentedFile;
import io.listguard.evaluation.DecisionRecorder;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.Finding;
import io.listguard.evaluation.PolicyVersionRef;
import io.listguard.evaluation.RecordVerdict;
import io.listguard.evaluation.Summary;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one writer of the audit trail, for requests and bulk jobs alike ({@link DecisionRecorder}). A request is
 * written whole in one transaction before its answer leaves: the answer with its full trace, the request
 * pseudonymised, one row per record with the keyed hashes of its contact points, and every code for searching; if
 * the write fails the caller gets an error ({@link AuditUnavailableException}), not an unaudited answer. A bulk
 * job's evaluation is opened (decision RUNNING) when the job starts, gets its record rows batch by batch as
 * verdicts come, and is completed with its decision, summary and codes, or deleted if the job fails, so that
 * nothing incomplete is ever reported as an evaluation; its records file is not kept in the trail.
 */
@Component
class AuditWriter implements DecisionRecorder {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Pseudonymiser pseudonymiser;
    private final JsonMapper json;

    AuditWriter(JdbcTemplate jdbc, TransactionTemplate transactions, Pseudonymiser pseudonymiser, JsonMapper json) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.pseudonymiser = pseudonymiser;
        this.json = json;
    }

    @Override
    public void record(EvaluationRequest request, String caller, EvaluationResult result) {
        try {
            transactions.executeWithoutResult(status -> {
                insertEvaluation(result.evaluationId(), result.evaluatedAt(), caller, request.campaign(), request.file(), result.policyVersion(),
                        result.decision().name(), result.summary(), json.writeValueAsString(pseudonymiser.pseudonymise(request)),
                        json.writeValueAsString(result));
                insertCodes(result.evaluationId(), result);
                insertRecords(result.evaluationId(), 0, request.records(), result.records());
            });
        } catch (DataAccessException | TransactionException e) {
            throw new AuditUnavailableException(result.evaluationId(), e);
        }
    }

    @Override
    public Recording open(String evaluationId, String caller, Campaign campaign, RentedFile file, PolicyVersionRef policy) {
        EvaluationRequest header = new EvaluationRequest(campaign, file, List.of());
        insertEvaluation(evaluationId, Instant.now(), caller, campaign, file, policy, "RUNNING", new Summary(0, 0, 0, java.util.Map.of()),
                json.writeValueAsString(pseudonymiser.pseudonymise(header)), "{}");
        return new Streamed(evaluationId);
    }

    @Override
    public void discard(String evaluationId) {
        deleteEvaluation(evaluationId);
    }

    /** A bulk job's evaluation: record rows as they come, in input order; one per job, on the job's thread. */
    private final class Streamed implements Recording {
        private final String evaluationId;
        private long seq;

        private Streamed(String evaluationId) {
            this.evaluationId = evaluationId;
        }

        @Override
        public void records(List<ProspectRecord> records, List<RecordVerdict> verdicts) {
            insertRecords(evaluationId, seq, records, verdicts);
            seq += verdicts.size();
        }

        @Override
        public void complete(EvaluationResult outcome) {
            transactions.executeWithoutResult(status -> {
                completeEvaluation(evaluationId, outcome);
                insertCodes(evaluationId, outcome);
            });
        }

        @Override
        public void discard() {
            deleteEvaluation(evaluationId);
        }
    }

    // ---------------------------------------------------------------- the SQL, all of it

    private void insertEvaluation(String id, Instant at, String caller, Campaign campaign, RentedFile file, PolicyVersionRef policy, String decision,
                                  Summary summary, String requestJson, String resultJson) {
        jdbc.update("""
                insert into evaluation (id, evaluated_at, caller, campaign_id, file_id, policy_version_id, policy_hash, decision,
                                        total_records, contactable, excluded, request_json, result_json)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                id, Timestamp.from(at), caller, campaign.id(), file.id(), policy.id(), policy.hash(), decision, summary.total(),
                summary.contactable(), summary.excluded(), requestJson, resultJson);
    }

    /** Every finding code and exclusion reason of an answer, for searching. */
    private void insertCodes(String id, EvaluationResult result) {
        Set<String> codes = new LinkedHashSet<>();
        result.findings().stream().map(Finding::code).forEach(codes::add);
        codes.addAll(result.summary().excludedBy().keySet());
        jdbc.batchUpdate("insert into evaluation_code (evaluation_id, code) values (?, ?)",
                codes.stream().map(code -> new Object[] {id, code}).toList());
    }

    /** One row per record from {@code firstSeq} on: verdict and keyed hashes (RecordRows). */
    private void insertRecords(String id, long firstSeq, List<ProspectRecord> records, List<RecordVerdict> verdicts) {
        List<Object[]> rows = new ArrayList<>(verdicts.size());
        for (int i = 0; i < verdicts.size(); i++) {
            rows.add(RecordRows.row(pseudonymiser, id, firstSeq + i, records.get(i), verdicts.get(i)));
        }
        RecordRows.insert(jdbc, rows);
    }

    /** A streamed evaluation's outcome: it becomes part of the searchable trail. */
    private void completeEvaluation(String id, EvaluationResult outcome) {
        jdbc.update("""
                update evaluation set decision = ?, total_records = ?, contactable = ?, excluded = ?, result_json = ?, evaluated_at = ?
                where id = ?""", outcome.decision().name(), outcome.summary().total(), outcome.summary().contactable(),
                outcome.summary().excluded(), json.writeValueAsString(outcome), Timestamp.from(outcome.evaluatedAt()), id);
    }

    private void deleteEvaluation(String id) {
        jdbc.update("delete from evaluation_code where evaluation_id = ?", id);
        jdbc.update("delete from evaluation_record where evaluation_id = ?", id);
        jdbc.update("delete from evaluation where id = ?", id);
    }
}
