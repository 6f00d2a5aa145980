package io.listguard.audit;

import io.listguard.domain.ProspectRecord;
import io.listguard.evaluation.EvaluationListener;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.Finding;
import io.listguard.evaluation.RecordVerdict;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes every evaluation to the audit trail before its answer leaves: the answer with its full trace, the
 * request pseudonymised, one row per record with the keyed hashes of its contact points, and every code for
 * searching. Runs first among the listeners; if the write fails the caller gets an error, not an unaudited answer.
 */
@Component
@Order(0)
class AuditRecorder implements EvaluationListener {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Pseudonymiser pseudonymiser;
    private final JsonMapper json;

    AuditRecorder(JdbcTemplate jdbc, TransactionTemplate transactions, Pseudonymiser pseudonymiser, JsonMapper json) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.pseudonymiser = pseudonymiser;
        this.json = json;
    }

    @Override
    public void evaluated(Evaluated evaluation) {
        EvaluationResult result = evaluation.result();
        try {
            transactions.executeWithoutResult(status -> write(evaluation, result));
        } catch (DataAccessException | org.springframework.transaction.TransactionException e) {
            throw new AuditUnavailableException(result.evaluationId(), e);
        }
    }

    private void write(Evaluated evaluation, EvaluationResult result) {
        String requestJson = json.writeValueAsString(pseudonymiser.pseudonymise(evaluation.request()));
        String resultJson = json.writeValueAsString(result);
        jdbc.update("""
                insert into evaluation (id, evaluated_at, caller, campaign_id, file_id, policy_version_id, policy_hash, decision,
                                        total_records, contactable, excluded, request_json, result_json)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                result.evaluationId(), Timestamp.from(result.evaluatedAt()), evaluation.caller(),
                evaluation.request().campaign().id(), evaluation.request().file().id(), result.policyVersion().id(),
                result.policyVersion().hash(), result.decision().name(), result.summary().total(), result.summary().contactable(),
                result.summary().excluded(), requestJson, resultJson);
        Set<String> codes = new LinkedHashSet<>();
        result.findings().stream().map(Finding::code).forEach(codes::add);
        codes.addAll(result.summary().excludedBy().keySet());
        jdbc.batchUpdate("insert into evaluation_code (evaluation_id, code) values (?, ?)", codes.stream()
                .map(code -> new Object[] {result.evaluationId(), code}).toList());
        writeRecords(result.evaluationId(), evaluation.request().records(), result.records());
    }

    private void writeRecords(String evaluationId, List<ProspectRecord> records, List<RecordVerdict> verdicts) {
        List<Object[]> rows = new ArrayList<>(verdicts.size());
        for (int i = 0; i < verdicts.size(); i++) {
            rows.add(RecordRows.row(pseudonymiser, evaluationId, i, records.get(i), verdicts.get(i)));
        }
        RecordRows.insert(jdbc, rows);
    }
}
