package io.listguard.audit;

import io.listguard.bulk.BulkEvaluation;
import io.listguard.bulk.BulkHeader;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.ProspectRecord;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.Finding;
import io.listguard.evaluation.PolicyVersionRef;
import io.listguard.evaluation.RecordVerdict;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail of a bulk job: an evaluation (with the job's id) opened when the job starts, one row per record
 * written as verdicts come (batched), completed with the decision and summary, or deleted if the job fails, so
 * that nothing incomplete is ever reported as an evaluation. The records file itself is not kept in the trail.
 */
@Component
public class BulkAudit {

    private static final int BATCH = 5_000;

    /** The writers of running jobs, so that a failed job's pending rows are waited for before its trail is deleted. */
    private final java.util.Map<String, Writer> writers = new java.util.concurrent.ConcurrentHashMap<>();

    private final AuditStore store;
    private final Pseudonymiser pseudonymiser;
    private final JsonMapper json;

    BulkAudit(AuditStore store, Pseudonymiser pseudonymiser, JsonMapper json) {
        this.store = store;
        this.pseudonymiser = pseudonymiser;
        this.json = json;
    }

    /** Opens the job's evaluation; its rows are not searchable as a decision until {@link Writer#complete}. */
    public Writer open(String jobId, String caller, BulkHeader header, PolicyVersionRef policy) {
        store.insertEvaluation(new AuditStore.EvaluationRow(jobId, Instant.now(), caller, header.campaign().id(), header.file().id(),
                policy.id(), policy.hash(), "RUNNING", 0, 0, 0,
                json.writeValueAsString(new EvaluationRequest(header.campaign(), header.file(), List.of())), "{}"));
        Writer writer = new Writer(jobId);
        writers.put(jobId, writer);
        return writer;
    }

    /** Deletes what a failed job wrote. */
    public void discard(String jobId) {
        Writer writer = writers.remove(jobId);
        if (writer != null) {
            writer.rows.close();
        }
        store.deleteEvaluation(jobId);
    }

    /** Writes record rows in batches as verdicts come, in input order. One per job, on the job's thread. */
    public final class Writer implements BulkEvaluation.RecordObserver {
        private final String jobId;
        private final AuditStore.RecordStream rows;
        private long seq;

        private Writer(String jobId) {
            this.jobId = jobId;
            this.rows = store.openRecords(jobId, BATCH);
        }

        @Override
        public void observe(ProspectRecord record, RecordVerdict verdict) {
            rows.add(RecordRows.row(pseudonymiser, seq++, record, verdict));
        }

        /** Records the outcome: decision, summary, findings; the evaluation becomes part of the searchable trail. */
        public void complete(BulkEvaluation.Result result) {
            rows.finish();
            writers.remove(jobId);
            EvaluationResult stored = new EvaluationResult(jobId, result.finishedAt(), result.policyVersion(), result.decision(),
                    result.findings(), result.summary(), null, result.trace());
            Set<String> codes = new LinkedHashSet<>();
            result.findings().stream().map(Finding::code).forEach(codes::add);
            codes.addAll(result.summary().excludedBy().keySet());
            store.insertCodes(jobId, codes);
            store.completeEvaluation(jobId, result.decision().name(), result.summary().total(), result.summary().contactable(),
                    result.summary().excluded(), json.writeValueAsString(stored), result.finishedAt());
        }
    }
}
