package io.listguard.audit;

import io.listguard.domain.ProspectRecord;
import io.listguard.evaluation.EvaluationListener;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.Finding;
import io.listguard.evaluation.RecordVerdict;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes every evaluation to the audit trail before its answer leaves: the answer with its full trace, the
 * request pseudonymised, one row per record with the keyed hashes of its contact points, and every code for
 * searching. Runs first among the listeners; it returns once the record is committed (with those of concurrent
 * requests: {@link AuditStore#write}); if the write fails the caller gets an error, not an unaudited answer.
 */
@Component
@Order(0)
class AuditRecorder implements EvaluationListener {

    private final AuditStore store;
    private final Pseudonymiser pseudonymiser;
    private final JsonMapper json;

    AuditRecorder(AuditStore store, Pseudonymiser pseudonymiser, JsonMapper json) {
        this.store = store;
        this.pseudonymiser = pseudonymiser;
        this.json = json;
    }

    @Override
    public void evaluated(Evaluated evaluation) {
        EvaluationResult result = evaluation.result();
        try {
            store.write(rows(evaluation, result));
        } catch (RuntimeException e) {
            throw new AuditUnavailableException(result.evaluationId(), e);
        }
    }

    private AuditStore.EvaluationRows rows(Evaluated evaluation, EvaluationResult result) {
        String requestJson = json.writeValueAsString(pseudonymiser.pseudonymise(evaluation.request()));
        String resultJson = json.writeValueAsString(result);
        AuditStore.EvaluationRow row = new AuditStore.EvaluationRow(result.evaluationId(), result.evaluatedAt(), evaluation.caller(),
                evaluation.request().campaign().id(), evaluation.request().file().id(), result.policyVersion().id(),
                result.policyVersion().hash(), result.decision().name(), result.summary().total(), result.summary().contactable(),
                result.summary().excluded(), requestJson, resultJson);
        Set<String> codes = new LinkedHashSet<>();
        result.findings().stream().map(Finding::code).forEach(codes::add);
        codes.addAll(result.summary().excludedBy().keySet());
        List<ProspectRecord> records = evaluation.request().records();
        List<RecordVerdict> verdicts = result.records();
        List<AuditStore.RecordRow> recordRows = new ArrayList<>(verdicts.size());
        for (int i = 0; i < verdicts.size(); i++) {
            recordRows.add(RecordRows.row(pseudonymiser, i, records.get(i), verdicts.get(i)));
        }
        return new AuditStore.EvaluationRows(row, codes, recordRows);
    }
}
