package io.listguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.BundledPolicy;
import io.listguard.domain.Channel;
import io.listguard.domain.Consent;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.Severity;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.Finding;
import io.listguard.evaluation.RecordVerdict;
import io.listguard.evaluation.TraceEntry;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Shared helpers of the policy tests: run a request through the bundled policies, then read verdicts, findings and
 * the trace, and tie each outcome to the policy row (workbook, sheet, row, rule id of the legal reference) that
 * produced it.
 */
abstract class PolicyTestSupport {

    static final String CONSENT_REGIME = "policies/consent-regime.xlsx";
    static final String RECORD_RULES = "policies/record-rules.xlsx";
    static final String CAMPAIGN_OBLIGATIONS = "policies/campaign-obligations.xlsx";
    static final String LIST_QUALITY = "policies/list-quality.xlsx";

    static EvaluationResult evaluate(EvaluationRequest request) {
        return BundledPolicy.evaluator().evaluate(request);
    }

    /** A consent on a channel; {@code proof} null or blank means no individual proof (R14). */
    static Consent consent(Channel channel, String givenOn, String proof, Boolean renterNamed, Boolean parental) {
        return new Consent(channel, LocalDate.parse(givenOn), proof, renterNamed, parental);
    }

    static RecordVerdict verdict(EvaluationResult result, String id) {
        return result.records().stream().filter(v -> v.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no verdict for record " + id + " in " + result.records()));
    }

    static List<String> reasons(EvaluationResult result, String id) {
        return verdict(result, id).reasons();
    }

    static List<String> findingCodes(EvaluationResult result) {
        return result.findings().stream().map(Finding::code).toList();
    }

    /** The rule id (R1...R22, Q-...) a policy row declares in its "Rule" column; null for DRL rules. */
    static String ruleIdOf(String ruleName) {
        return BundledPolicy.evaluator().policy().origin(ruleName).map(o -> o.meta("ruleId")).orElse(null);
    }

    /**
     * Asserts that exactly one finding carries {@code code}, with this severity, a non-blank legal reference, and
     * that it was raised by a row of {@code source}/{@code sheet} whose rule id is {@code ruleId}.
     */
    static Finding assertFinding(EvaluationResult result, String code, Severity severity, String source, String sheet,
                                 String ruleId) {
        List<Finding> matching = result.findings().stream().filter(f -> f.code().equals(code)).toList();
        assertThat(matching).as("findings with code %s in %s", code, result.findings()).hasSize(1);
        Finding finding = matching.get(0);
        assertThat(finding.severity()).as("severity of %s", code).isEqualTo(severity);
        assertThat(finding.legalRef().en()).as("legalRef of %s", code).isNotBlank();
        assertThat(finding.message().en()).as("message of %s", code).isNotBlank();
        assertThat(finding.rule().source()).as("source of %s", code).isEqualTo(source);
        assertThat(finding.rule().sheet()).as("sheet of %s", code).isEqualTo(sheet);
        assertThat(finding.rule().row()).as("row of %s", code).isNotNull();
        assertThat(ruleIdOf(finding.rule().name())).as("rule id of the row raising %s", code).isEqualTo(ruleId);
        return finding;
    }

    /** Trace entries of rows of {@code sheet} that matched {@code fact} (e.g. "record:r-1"), in firing order. */
    static List<TraceEntry> fired(EvaluationResult result, String sheet, String fact) {
        return result.trace().stream()
                .filter(e -> Objects.equals(e.sheet(), sheet))
                .filter(e -> e.facts().contains(fact))
                .toList();
    }

    /** Rule ids of the consent-regime rows that assigned a legal basis to a record. */
    static List<String> regimeRuleIds(EvaluationResult result, String recordId) {
        return fired(result, "Régime", "record:" + recordId).stream().map(e -> ruleIdOf(e.rule())).toList();
    }

    /** Spreadsheet rows of the consent-regime table that assigned a legal basis to a record. */
    static List<Integer> regimeRows(EvaluationResult result, String recordId) {
        return fired(result, "Régime", "record:" + recordId).stream().map(TraceEntry::row).toList();
    }

    /** Rule ids of the rows of {@code sheet} that excluded a record for {@code code}. */
    static List<String> exclusionRuleIds(EvaluationResult result, String sheet, String recordId, String code) {
        return fired(result, sheet, "record:" + recordId).stream()
                .filter(e -> e.code() != null && List.of(e.code().split(",")).contains(code))
                .map(e -> ruleIdOf(e.rule()))
                .toList();
    }
}
