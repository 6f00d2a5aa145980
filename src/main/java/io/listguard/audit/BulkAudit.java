package io.listguard.audit;

import io.listguard.bulk.BulkEvaluation;
import io.listguard.bulk.BulkHeader;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.ProspectRecord;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.Finding;
import io.listguard.evaluation.PolicyVersionRef;
import io.listguard.evaluation.RecordVerdict;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail of a bulk job: an evaluation (with the job's id) opened when the job starts, one row per record
 * written as verdicts come (batched), completed with the decision and summary, or deleted if the job fails, so
 * that nothing incomplete is ever reported as an evaluation. The records file itself is not kept in the trail.
 */
@Component
public class BulkAudit {

    private static final int BATCH = 1_000;

    private final JdbcTemplate jdbc;
    private final Pseudonymiser pseudonymiser;
    private final JsonMapper json;

    BulkAudit(JdbcTemplate jdbc, Pseudonymiser pseudonymiser, JsonMapper json) {
        this.jdbc = jdbc;
        this.pseudonymiser = pseudonymiser;
        this.json = json;
    }

    /** Opens the job's evaluation; its rows are not searchable as a decision until {@link Writer#complete}. */
    public Writer open(String jobId, String caller, BulkHeader header, PolicyVersionRef policy) {
        jdbc.update("""
                insert into evaluation (id, evaluated_at, caller, campaign_id, file_id, policy_version_id, policy_hash, decision,
                                        total_records, contactable, excluded, request_json, result_json)
                values (?, ?, ?, ?, ?, ?, ?, 'RUNNING', 0, 0, 0, ?, '{}')""",
                jobId, Timestamp.from(Instant.now()), caller, header.campaign().id(), header.file().id(), policy.id(), policy.hash(),
                json.writeValueAsString(new EvaluationRequest(header.campaign(), header.file(), List.of())));
        return new Writer(jobId);
    }

    /** Deletes what a failed job wrote. */
    public void discard(String jobId) {
        jdbc.update("delete from evaluation_code where evaluation_id = ?", jobId);
        jdbc.update("delete from evaluation_record where evaluation_id = ?", jobId);
        jdbc.update("delete from evaluation where id = ?", jobId);
    }

    /** Writes record rows in batches as verdicts come, in input order. One per job, on the job's thread. */
    public final class Writer implements BulkEvaluation.RecordObserver {
        private final String jobId;
        private final List<Object[]> rows = new ArrayList<>(BATCH);
        private long seq;

        private Writer(String jobId) {
            this.jobId = jobId;
        }

        @Override
        public void observe(ProspectRecord record, RecordVerdict verdict) {
            rows.add(RecordRows.row(pseudonymiser, jobId, seq++, record, verdict));
            if (rows.size() == BATCH) {
                flush();
            }
        }

        private void flush() {
            RecordRows.insert(jdbc, rows);
            rows.clear();
        }

        /** Records the outcome: decision, summary, findings; the evaluation becomes part of the searchable trail. */
        public void complete(BulkEvaluation.Result result) {
            flush();
            EvaluationResult stored = new EvaluationResult(jobId, result.finishedAt(), result.policyVersion(), result.decision(),
                    result.findings(), result.summary(), null, result.trace());
            jdbc.update("""
                    update evaluation set decision = ?, total_records = ?, contactable = ?, excluded = ?, result_json = ?, evaluated_at = ?
                    where id = ?""", result.decision().name(), result.summary().total(), result.summary().contactable(),
                    result.summary().excluded(), json.writeValueAsString(stored), Timestamp.from(result.finishedAt()), jobId);
            Set<String> codes = new LinkedHashSet<>();
            result.findings().stream().map(Finding::code).forEach(codes::add);
            codes.addAll(result.summary().excludedBy().keySet());
            jdbc.batchUpdate("insert into evaluation_code (evaluation_id, code) values (?, ?)",
                    codes.stream().map(code -> new Object[] {jobId, code}).toList());
        }
    }
}
