package io.listguard.audit;

import java.time.Instant;
import java.util.List;

/**
 * An evaluation as the audit trail lists it: who asked, about which campaign and file, under which policy, with what
 * result; {@code ranOutside} names the run ("spark, application_…") of an evaluation run outside the service (issue 17),
 * null for the service's own.
 */
public record StoredEvaluation(String id, Instant evaluatedAt, String caller, String campaignId, String fileId,
                               String policyVersionId, String policyHash, String decision, int total, int contactable, int excluded,
                               List<String> codes, String ranOutside) {
}
