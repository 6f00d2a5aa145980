package io.listguard.scenario;

import io.listguard.domain.CodedText;
import io.listguard.domain.Violation;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.Evaluator;
import io.listguard.evaluation.Finding;
import io.listguard.evaluation.InvalidRequestException;
import io.listguard.evaluation.RecordVerdict;
import io.listguard.evaluation.TraceEntry;
import io.listguard.evaluation.UnknownOfferCategoryException;
import io.listguard.policy.CompiledPolicy;
import io.listguard.policy.DecisionTable;
import io.listguard.policy.DecisionTableReader;
import io.listguard.policy.PolicySource;
import io.listguard.policy.RuleOrigin;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs scenarios against one evaluator and reports, in plain words, each expectation that did not hold, and which
 * rules of the evaluator's policy the scenarios exercised. A scenario whose evaluation cannot run (an offer category
 * the policy does not define, an invalid request) fails with the reason; it never stops the other scenarios.
 */
public final class ScenarioRunner {

    /** The ruleflow group of reference-data sheets, fired once when a policy loads (see the architecture). */
    static final String CATALOGUE_GROUP = "catalogue";
    /** Used when the workbooks cannot be read back: the one catalogue sheet the bundled policies have. */
    static final String CATALOGUE_SHEET = "Offres";

    private ScenarioRunner() {
    }

    public static ScenarioReport run(Evaluator evaluator, List<Scenario> scenarios) {
        List<ScenarioResult> results = new ArrayList<>(scenarios.size());
        Map<String, Set<String>> firedBy = new LinkedHashMap<>(); // rule name -> scenario files
        for (Scenario scenario : scenarios) {
            results.add(runOne(evaluator, scenario, firedBy));
        }
        int passed = (int) results.stream().filter(ScenarioResult::passed).count();
        return new ScenarioReport(evaluator.versionRef(), results.size(), passed, results.size() - passed, results,
                coverage(evaluator.policy(), firedBy));
    }

    private static ScenarioResult runOne(Evaluator evaluator, Scenario scenario, Map<String, Set<String>> firedBy) {
        String label = scenario.label();
        EvaluationResult result;
        try {
            result = evaluator.evaluate(scenario.given());
        } catch (InvalidRequestException e) {
            List<CodedText> failures = new ArrayList<>();
            for (Violation v : e.violations()) {
                failures.add(CodedText.of("scenario.failure.invalid", v.path(), text(v)));
            }
            return failed(scenario, failures, null);
        } catch (UnknownOfferCategoryException e) {
            return failed(scenario, List.of(CodedText.of("scenario.failure.unknownOffer", e.offerCategory(), String.join(", ", e.known()))), null);
        } catch (RuntimeException e) {
            return failed(scenario, List.of(CodedText.of("scenario.failure.error", e.toString())), null);
        }
        if (result.trace() != null) {
            for (TraceEntry entry : result.trace()) {
                firedBy.computeIfAbsent(entry.rule(), k -> new LinkedHashSet<>()).add(label);
            }
        }
        List<String> findingCodes = new ArrayList<>(new LinkedHashSet<>(result.findings().stream().map(Finding::code).toList()));
        List<CodedText> failures = compare(scenario.expect(), result, findingCodes);
        boolean passed = failures.isEmpty();
        return ScenarioResult.coded(scenario.file(), scenario.name(), passed, failures, result.decision(), findingCodes, scenario.origin(),
                passed ? null : scenario.given(), passed ? null : fired(result.trace()));
    }

    /** A scenario that could not run: its inputs are shown with the reason, and nothing fired. */
    private static ScenarioResult failed(Scenario scenario, List<CodedText> failures, List<ScenarioResult.FiredRule> fired) {
        return ScenarioResult.coded(scenario.file(), scenario.name(), false, failures, null, null, scenario.origin(), scenario.given(), fired);
    }

    /** A violation as a coded text: its code when it has one, its message as written otherwise. */
    static CodedText text(Violation v) {
        return v.code() == null ? CodedText.of(ScenarioResult.VERBATIM, v.message()) : new CodedText(v.code(), v.args());
    }

    /** The rules of a trace, once each in the order they first fired, with every code they produced and fact they matched. */
    static List<ScenarioResult.FiredRule> fired(List<TraceEntry> trace) {
        if (trace == null) {
            return List.of();
        }
        Map<String, TraceEntry> first = new LinkedHashMap<>();
        Map<String, Set<String>> codes = new LinkedHashMap<>();
        Map<String, Set<String>> facts = new LinkedHashMap<>();
        for (TraceEntry entry : trace) {
            first.putIfAbsent(entry.rule(), entry);
            Set<String> c = codes.computeIfAbsent(entry.rule(), k -> new LinkedHashSet<>());
            if (entry.code() != null) {
                c.add(entry.code());
            }
            if (entry.facts() != null) {
                facts.computeIfAbsent(entry.rule(), k -> new LinkedHashSet<>()).addAll(entry.facts());
            }
        }
        List<ScenarioResult.FiredRule> rules = new ArrayList<>(first.size());
        first.forEach((rule, e) -> rules.add(new ScenarioResult.FiredRule(rule, e.ruleId(), e.source(), e.sheet(), e.row(), e.line(),
                List.copyOf(codes.get(rule)), List.copyOf(facts.getOrDefault(rule, Set.of())))));
        return rules;
    }

    // ------------------------------------------------------------------ expectations

    static List<CodedText> compare(Scenario.Expectations expect, EvaluationResult result, List<String> findingCodes) {
        List<CodedText> failures = new ArrayList<>();
        if (expect == null) {
            return failures;
        }
        if (expect.decision() != null && expect.decision() != result.decision()) {
            failures.add(CodedText.of("scenario.failure.decision", expect.decision(), result.decision()));
        }
        if (expect.findings() != null) {
            Set<String> expected = new LinkedHashSet<>(expect.findings());
            List<String> missing = expected.stream().filter(c -> !findingCodes.contains(c)).toList();
            List<String> unexpected = findingCodes.stream().filter(c -> !expected.contains(c)).toList();
            if (!missing.isEmpty() && !unexpected.isEmpty()) {
                failures.add(CodedText.of("scenario.failure.findings", String.join(", ", missing), String.join(", ", unexpected)));
            } else if (!missing.isEmpty()) {
                failures.add(CodedText.of("scenario.failure.findingsMissing", String.join(", ", missing)));
            } else if (!unexpected.isEmpty()) {
                failures.add(CodedText.of("scenario.failure.findingsUnexpected", String.join(", ", unexpected)));
            }
        }
        if (expect.records() != null) {
            Map<String, RecordVerdict> verdicts = new LinkedHashMap<>();
            for (RecordVerdict v : result.records() == null ? List.<RecordVerdict>of() : result.records()) {
                verdicts.put(v.id(), v);
            }
            expect.records().forEach((id, reasons) -> {
                RecordVerdict verdict = verdicts.get(id);
                List<String> expected = reasons == null ? List.of() : reasons;
                if (verdict == null) {
                    failures.add(CodedText.of("scenario.failure.noRecord", id, reasons(expected)));
                } else if (!new HashSet<>(expected).equals(new HashSet<>(verdict.reasons()))) {
                    failures.add(CodedText.of("scenario.failure.record", id, reasons(expected), reasons(verdict.reasons())));
                }
            });
        }
        return failures;
    }

    /** The reason codes as written, or "[] (contactable)" in the reader's language. */
    private static Object reasons(List<String> reasons) {
        return reasons.isEmpty() ? CodedText.of("scenario.contactable") : "[" + String.join(", ", reasons) + "]";
    }

    // ------------------------------------------------------------------ coverage

    static RuleCoverage coverage(CompiledPolicy policy, Map<String, Set<String>> firedBy) {
        Set<String> catalogueSheets = catalogueSheets(policy);
        List<RuleOrigin> origins = policy.origins().values().stream()
                .filter(o -> !(o.fromSpreadsheet() && catalogueSheets.contains(o.source() + "#" + o.sheet())))
                .sorted(Comparator.comparing(RuleOrigin::source)
                        .thenComparing(o -> o.sheet() == null ? "" : o.sheet())
                        .thenComparing(o -> o.row() == null ? 0 : o.row())
                        .thenComparing(o -> o.line() == null ? 0 : o.line())
                        .thenComparing(RuleOrigin::ruleName))
                .toList();
        int enabledRows = 0;
        int exercisedRows = 0;
        int enabledDrl = 0;
        int exercisedDrl = 0;
        List<CoverageEntry> exercised = new ArrayList<>();
        List<CoverageEntry> uncoveredRows = new ArrayList<>();
        List<CoverageEntry> uncoveredDrl = new ArrayList<>();
        List<CoverageEntry> disabled = new ArrayList<>();
        for (RuleOrigin o : origins) {
            Set<String> by = firedBy.getOrDefault(o.ruleName(), Set.of());
            CoverageEntry entry = new CoverageEntry(o.source(), o.sheet(), o.row(), o.line(), o.ruleName(), o.meta("ruleId"), List.copyOf(by));
            if (!o.enabled()) {
                disabled.add(entry);
                continue;
            }
            boolean fired = !by.isEmpty();
            if (o.fromSpreadsheet()) {
                enabledRows++;
                exercisedRows += fired ? 1 : 0;
            } else {
                enabledDrl++;
                exercisedDrl += fired ? 1 : 0;
            }
            if (fired) {
                exercised.add(entry);
            } else if (o.fromSpreadsheet()) {
                uncoveredRows.add(entry);
            } else {
                uncoveredDrl.add(entry);
            }
        }
        return new RuleCoverage(enabledRows, exercisedRows, enabledDrl, exercisedDrl, exercised, uncoveredRows, uncoveredDrl, disabled);
    }

    /**
     * "source#sheet" of every sheet whose RuleSet header puts it in the catalogue ruleflow group, read from the
     * workbooks themselves; the sheet "Offers" of every workbook if they cannot be read.
     */
    private static Set<String> catalogueSheets(CompiledPolicy policy) {
        Set<String> sheets = new HashSet<>();
        for (PolicySource source : policy.policySet().sources()) {
            if (!source.name().toLowerCase(Locale.ROOT).endsWith(".xlsx")) {
                continue;
            }
            try {
                for (DecisionTable table : DecisionTableReader.read(source)) {
                    if (inCatalogueGroup(table.ruleSet())) {
                        sheets.add(source.name() + "#" + table.sheet());
                    }
                }
            } catch (IOException | RuntimeException e) {
                sheets.add(source.name() + "#" + CATALOGUE_SHEET);
            }
        }
        return sheets;
    }

    private static boolean inCatalogueGroup(List<DecisionTable.HeaderCell> ruleSet) {
        for (int i = 0; i + 1 < ruleSet.size(); i++) {
            String key = ruleSet.get(i).text().trim();
            if (key.equalsIgnoreCase("RULEFLOW-GROUP") && Objects.equals(ruleSet.get(i + 1).text().trim(), CATALOGUE_GROUP)) {
                return true;
            }
        }
        return false;
    }
}
