package io.listguard.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Filters of an auditor's search; null means any. {@code code} matches a finding code or an exclusion reason. */
public record AuditQuery(String campaignId, String fileId, String decision, String code, Instant from, Instant to) {

    /** The WHERE clause and its parameters. */
    String where(List<Object> params) {
        List<String> conditions = new ArrayList<>();
        conditions.add("e.decision <> 'RUNNING'"); // a bulk job's evaluation is listed once complete
        if (campaignId != null) {
            conditions.add("e.campaign_id = ?");
            params.add(campaignId);
        }
        if (fileId != null) {
            conditions.add("e.file_id = ?");
            params.add(fileId);
        }
        if (decision != null) {
            conditions.add("e.decision = ?");
            params.add(decision);
        }
        if (code != null) {
            conditions.add("exists (select 1 from evaluation_code c where c.evaluation_id = e.id and c.code = ?)");
            params.add(code);
        }
        if (from != null) {
            conditions.add("e.evaluated_at >= ?");
            params.add(java.sql.Timestamp.from(from));
        }
        if (to != null) {
            conditions.add("e.evaluated_at < ?");
            params.add(java.sql.Timestamp.from(to));
        }
        return " where " + String.join(" and ", conditions);
    }
}
