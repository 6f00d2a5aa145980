package io.listguard.scenario;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.listguard.domain.CodedText;
import io.listguard.domain.Decision;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.Messages;
import java.util.List;
import java.util.Locale;

/**
 * How one scenario fared.
 *
 * @param file      the scenario's file name
 * @param name      its title
 * @param passed    true when every expectation held
 * @param failures  each failed expectation in plain words, e.g. "decision: expected REJECTED, got APPROVED";
 *                  or why the evaluation could not run
 * @param decision  the decision the policies took (null when the evaluation could not run)
 * @param findings  the finding codes the policies raised, in order, without repetition (null likewise)
 * @param origin    for a case of a scenario workbook, its sheet and rows (null for a JSON scenario)
 * @param inputs    for a failed scenario, what it gave the policies: the campaign, the file and the records
 *                  (fictitious data, as scenarios hold); null when it passed
 * @param fired     for a failed scenario, the rules that fired, in firing order, once each: the workbook rows and
 *                  DRL rules of the trace; null when it passed or could not run
 * @param failureTexts the failures by message code, to render in a reader's language ({@link #failures(Locale)});
 *                  {@code failures} holds their English texts
 */
public record ScenarioResult(String file, String name, boolean passed, List<String> failures, Decision decision, List<String> findings,
                             Scenario.Origin origin, EvaluationRequest inputs, List<FiredRule> fired, @JsonIgnore List<CodedText> failureTexts)
        implements io.listguard.domain.LanguageTexts {

    public ScenarioResult {
        failures = failures == null ? List.of() : List.copyOf(failures);
        findings = findings == null ? null : List.copyOf(findings);
        fired = fired == null ? null : List.copyOf(fired);
        failureTexts = failureTexts == null ? failures.stream().map(f -> CodedText.of(VERBATIM, f)).toList() : List.copyOf(failureTexts);
    }

    /** A code whose text is its one argument: a failure known only by its text. */
    static final String VERBATIM = "scenario.verbatim";

    public ScenarioResult(String file, String name, boolean passed, List<String> failures, Decision decision, List<String> findings,
                          Scenario.Origin origin, EvaluationRequest inputs, List<FiredRule> fired) {
        this(file, name, passed, failures, decision, findings, origin, inputs, fired, null);
    }

    public ScenarioResult(String file, String name, boolean passed, List<String> failures, Decision decision, List<String> findings) {
        this(file, name, passed, failures, decision, findings, null, null, null);
    }

    /** A result whose failures have message codes: {@code failures} are their English texts. */
    static ScenarioResult coded(String file, String name, boolean passed, List<CodedText> failures, Decision decision, List<String> findings,
                                Scenario.Origin origin, EvaluationRequest inputs, List<FiredRule> fired) {
        return new ScenarioResult(file, name, passed, failures.stream().map(CodedText::english).toList(), decision, findings, origin, inputs, fired,
                failures);
    }

    /**
     * Equal when everything but {@code failureTexts} is: they are not part of the JSON form, and a result read back
     * from JSON knows its failures only by their English texts.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof ScenarioResult r && passed == r.passed && java.util.Objects.equals(file, r.file) && java.util.Objects.equals(name, r.name)
                && failures.equals(r.failures) && decision == r.decision && java.util.Objects.equals(findings, r.findings)
                && java.util.Objects.equals(origin, r.origin) && java.util.Objects.equals(inputs, r.inputs) && java.util.Objects.equals(fired, r.fired);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(file, name, passed, failures, decision, findings, origin, inputs, fired);
    }

    /** The API writes {@code failures} in the caller's language. */
    @Override
    public Object inLanguage(String property, Locale locale) {
        return property.equals("failures") ? failures(locale) : null;
    }

    /** Each failed expectation in a language. */
    public List<String> failures(Locale locale) {
        return failureTexts.stream().map(t -> t.render(locale)).toList();
    }

    /** "file" for a JSON scenario, "file, sheet Cases, case R6-01 (rows 12-13)" for a case of a workbook. */
    public String label() {
        return label(Messages.ENGLISH);
    }

    /** The same in a language: "file, feuille Cases, cas R6-01 (lignes 12-13)". */
    public String label(Locale locale) {
        return origin == null ? file : file + ", " + origin.describe(locale);
    }

    /**
     * A rule that fired in the scenario: a workbook row (source, sheet, row) or a DRL rule (source, line), the
     * legal rule id it cites, the codes it produced and the facts it matched (by id: record ids, the campaign...).
     */
    public record FiredRule(String rule, String ruleId, String source, String sheet, Integer row, Integer line, List<String> codes,
                            List<String> facts) {

        public FiredRule {
            codes = codes == null ? List.of() : List.copyOf(codes);
            facts = facts == null ? List.of() : List.copyOf(facts);
        }

        /** "policies/record-rules.xlsx, sheet Records, row 15 (R5)" or "rules/decision.drl, rule \"...\", line 12". */
        public String location() {
            return location(Messages.ENGLISH);
        }

        /** The same in a language. */
        public String location(Locale locale) {
            return new CoverageEntry(source, sheet, row, line, rule, ruleId, List.of()).location(locale);
        }
    }
}
