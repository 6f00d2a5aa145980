package io.listguard.audit;

import io.listguard.domain.Campaign;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.PolicyText;
import io.listguard.domain.ProspectRecord;
import io.listguard.domain.RentedFile;
import io.listguard.evaluation.DecisionRecorder;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.Finding;
import io.listguard.evaluation.PolicyVersionRef;
import io.listguard.evaluation.RecordVerdict;
import io.listguard.evaluation.Summary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one writer of the audit trail, for requests and bulk jobs alike ({@link DecisionRecorder}), over
 * {@link AuditStore} (every statement, compact rows, group commit, COPY). A request is written whole before its
 * answer leaves, committed with those of concurrent requests (one transaction, one writer): the answer with its full trace, the request
 * pseudonymised, one row per record with the keyed hashes of its contact points, and every code for searching; if
 * the write fails the caller gets an error ({@link AuditUnavailableException}), not an unaudited answer. A bulk
 * job's evaluation is opened (decision RUNNING) when the job starts, gets its record rows batch by batch as
 * verdicts come, and is completed with its decision, summary and codes, or deleted if the job fails, so that
 * nothing incomplete is ever reported as an evaluation; its records file is not kept in the trail.
 */
@Component
class AuditWriter implements DecisionRecorder {

    /** Record rows per statement of a bulk job (a COPY on PostgreSQL), written while the job evaluates on. */
    private static final int BULK_BATCH = 5_000;

    private final AuditStore store;
    private final Pseudonymiser pseudonymiser;
    private final JsonMapper json;
    /** The recordings of running jobs, so that a failed job's pending rows are waited for before its trail is deleted. */
    private final Map<String, Streamed> streams = new ConcurrentHashMap<>();

    AuditWriter(AuditStore store, Pseudonymiser pseudonymiser, JsonMapper json) {
        this.store = store;
        this.pseudonymiser = pseudonymiser;
        this.json = json;
    }

    @Override
    public void record(EvaluationRequest request, String caller, EvaluationResult result) {
        try {
            // an evaluation run outside the service (issue 17) has no verdicts here: its records never reached the service
            List<RecordVerdict> verdicts = result.records() == null ? List.of() : result.records();
            store.write(new AuditStore.EvaluationRows(
                    row(result.evaluationId(), result.evaluatedAt(), caller, request.campaign(), request.file(), result.policyVersion(),
                            result.decision().name(), result.summary(), json.writeValueAsString(pseudonymiser.pseudonymise(request)),
                            stored(result), ranOutside(result)),
                    codes(result), recordRows(0, request.records(), verdicts)));
        } catch (RuntimeException e) {
            throw new AuditUnavailableException(result.evaluationId(), e);
        }
    }

    @Override
    public Recording open(String evaluationId, String caller, Campaign campaign, RentedFile file, PolicyVersionRef policy) {
        EvaluationRequest header = new EvaluationRequest(campaign, file, List.of());
        store.insertEvaluation(row(evaluationId, Instant.now(), caller, campaign, file, policy, "RUNNING", new Summary(0, 0, 0, Map.of()),
                json.writeValueAsString(pseudonymiser.pseudonymise(header)), "{}"));
        Streamed streamed = new Streamed(evaluationId, store.openRecords(evaluationId, BULK_BATCH), 0);
        streams.put(evaluationId, streamed);
        return streamed;
    }

    /**
     * The recording of a job's evaluation opened earlier, resumed after its first {@code keptRecords} rows (seq from 0,
     * so the next row is {@code keptRecords}); those after them are deleted ({@link AuditStore#keepRecords}).
     */
    @Override
    public Recording resume(String evaluationId, long keptRecords) {
        Streamed previous = streams.remove(evaluationId);
        if (previous != null) { // the same service resumes its own job: its stream's last rows land before the delete
            previous.rows.close();
        }
        store.keepRecords(evaluationId, keptRecords);
        Streamed streamed = new Streamed(evaluationId, store.openRecords(evaluationId, BULK_BATCH, keptRecords), keptRecords);
        streams.put(evaluationId, streamed);
        return streamed;
    }

    @Override
    public void discard(String evaluationId) {
        Streamed streamed = streams.remove(evaluationId);
        if (streamed != null) {
            streamed.rows.close();
        }
        store.deleteEvaluation(evaluationId);
    }

    /** A bulk job's evaluation: record rows as they come, in input order; one per job, on the job's thread. */
    private final class Streamed implements Recording {
        private final String evaluationId;
        private final AuditStore.RecordStream rows;
        private long seq;

        private Streamed(String evaluationId, AuditStore.RecordStream rows, long firstSeq) {
            this.evaluationId = evaluationId;
            this.rows = rows;
            this.seq = firstSeq;
        }

        @Override
        public void records(List<ProspectRecord> records, List<RecordVerdict> verdicts) {
            for (int i = 0; i < verdicts.size(); i++) {
                rows.add(RecordRows.row(pseudonymiser, seq++, records.get(i), verdicts.get(i)));
            }
        }

        @Override
        public void flush() {
            rows.flush();
        }

        @Override
        public void complete(EvaluationResult outcome) {
            rows.finish();
            streams.remove(evaluationId);
            store.complete(evaluationId, codes(outcome), outcome.decision().name(), outcome.summary().total(), outcome.summary().contactable(),
                    outcome.summary().excluded(), stored(outcome), outcome.evaluatedAt(), rows.recordsDigest());
        }

        @Override
        public void discard() {
            AuditWriter.this.discard(evaluationId);
        }
    }

    /**
     * The answer as the trail keeps it: its policy texts (findings' messages, legal references) in English and French,
     * so that an auditor reads a past evaluation in either language whatever the caller's was.
     */
    private String stored(EvaluationResult result) {
        return json.writer().withAttribute(PolicyText.RENDERING, PolicyText.Rendering.STORED).writeValueAsString(result);
    }

    private static AuditStore.EvaluationRow row(String id, Instant at, String caller, Campaign campaign, RentedFile file, PolicyVersionRef policy,
                                                String decision, Summary summary, String requestJson, String resultJson) {
        return row(id, at, caller, campaign, file, policy, decision, summary, requestJson, resultJson, null);
    }

    private static AuditStore.EvaluationRow row(String id, Instant at, String caller, Campaign campaign, RentedFile file, PolicyVersionRef policy,
                                                String decision, Summary summary, String requestJson, String resultJson, String ranOutside) {
        return new AuditStore.EvaluationRow(id, at, caller, campaign.id(), file.id(), policy.id(), policy.hash(), decision, summary.total(),
                summary.contactable(), summary.excluded(), requestJson, resultJson, ranOutside);
    }

    /** The run of an evaluation made outside the service, as lists show it ("spark, application_…"); null for the service's own. */
    static String ranOutside(EvaluationResult result) {
        if (result.ranOutside() == null || result.ranOutside().job() == null) {
            return null;
        }
        String label = result.ranOutside().job().engine() + ", " + result.ranOutside().job().applicationId();
        return label.length() > 300 ? label.substring(0, 300) : label;
    }

    /** Every finding code and exclusion reason of an answer, for searching. */
    private static Set<String> codes(EvaluationResult result) {
        Set<String> codes = new LinkedHashSet<>();
        result.findings().stream().map(Finding::code).forEach(codes::add);
        codes.addAll(result.summary().excludedBy().keySet());
        return codes;
    }

    private List<AuditStore.RecordRow> recordRows(long firstSeq, List<ProspectRecord> records, List<RecordVerdict> verdicts) {
        List<AuditStore.RecordRow> rows = new ArrayList<>(verdicts.size());
        for (int i = 0; i < verdicts.size(); i++) {
            rows.add(RecordRows.row(pseudonymiser, firstSeq + i, records.get(i), verdicts.get(i)));
        }
        return rows;
    }
}
