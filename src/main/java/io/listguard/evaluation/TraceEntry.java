package io.listguard.evaluation;

import io.listguard.domain.PolicyText;
import java.util.List;

/**
 * One rule firing, in firing order: which rule (and where it is written), its legal reference (English and French), the code it
 * produced, and the facts it matched, named by id only (never an email, phone or address).
 */
public record TraceEntry(int seq, String stage, String rule, String ruleId, String source, String sheet, Integer row, Integer line,
                         PolicyText legalRef, String confidence, String code, List<String> facts) {
}
