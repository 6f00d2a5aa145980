package io.listguard.lifecycle;

import io.listguard.evaluation.Evaluator;
import io.listguard.policy.CompiledPolicy;
import io.listguard.policy.PolicyCompilationException;
import io.listguard.policy.PolicyCompiler;
import io.listguard.policy.PolicyProblem;
import io.listguard.policy.PolicySet;
import io.listguard.policy.SingleHitAnalysis;
import io.listguard.policy.TemplateLock;
import io.listguard.scenario.Scenario;
import io.listguard.scenario.ScenarioFiles;
import io.listguard.scenario.ScenarioReport;
import io.listguard.scenario.ScenarioRunner;
import java.util.ArrayList;
import java.util.List;

/**
 * Every check a candidate policy set goes through, in order: the template lock (headers fixed, typed values, no
 * code in cells), the scenario files' syntax, compilation into its own KieBase, overlap and gap analysis, and the
 * scenarios. Plain Java: the service and the CLI ({@code policies validate}) run exactly the same checks.
 */
public final class PolicyValidation {

    /** The outcome: the report, and the compiled policy when it compiled. */
    public record Checked(ValidationReport report, CompiledPolicy policy) {
    }

    private final PolicyCompiler compiler;
    private final TemplateLock templateLock;
    private final SingleHitAnalysis analysis;
    private final int batchSize;

    public PolicyValidation(PolicyCompiler compiler, TemplateLock templateLock, SingleHitAnalysis analysis, int batchSize) {
        this.compiler = compiler;
        this.templateLock = templateLock;
        this.analysis = analysis;
        this.batchSize = batchSize;
    }

    /**
     * @param versionId    the id the compiled policy will answer with
     * @param lockTemplate false for versions already accepted once (their headers were checked then)
     */
    public Checked check(PolicySet candidate, String versionId, boolean lockTemplate) {
        List<PolicyProblem> errors = new ArrayList<>(lockTemplate ? templateLock.check(candidate) : List.of());
        // JSON scenario files and scenario workbooks alike; a bad cell of a workbook is an error at its cell
        ScenarioFiles.Loaded loaded = ScenarioFiles.load(candidate.scenarios());
        errors.addAll(loaded.problems());
        List<Scenario> scenarios = loaded.scenarios();
        if (!errors.isEmpty()) {
            return new Checked(new ValidationReport(false, candidate.hash(), errors, List.of(), null), null);
        }
        CompiledPolicy policy;
        try {
            policy = compiler.compile(candidate, versionId);
        } catch (PolicyCompilationException e) {
            return new Checked(new ValidationReport(false, candidate.hash(), e.problems(), List.of(), null), null);
        }
        List<PolicyProblem> warnings = analysis.analyse(candidate);
        ScenarioReport report = ScenarioRunner.run(new Evaluator(policy, batchSize), scenarios);
        return new Checked(new ValidationReport(report.allPassed(), candidate.hash(), List.of(), warnings, report), policy);
    }

    /** One sentence on why a report forbids activation, in English (logs, exception messages). */
    public static String rejection(ValidationReport report) {
        return rejection(report, io.listguard.domain.Messages.ENGLISH);
    }

    /**
     * One sentence on why a report forbids activation, in a language: "1 erreur dans les fichiers de la politique ;
     * la première : policies/record-rules.xlsx, feuille Enregistrements, cellule B14 : ...".
     */
    public static String rejection(ValidationReport report, java.util.Locale locale) {
        if (!report.errors().isEmpty()) {
            return io.listguard.domain.Messages.text(locale, "policy.rejected.errors", report.errors().size(),
                    report.errors().get(0).describe(locale));
        }
        return io.listguard.domain.Messages.text(locale, "policy.rejected.scenarios", report.scenarios().failed(),
                report.scenarios().failureMessages().get(0));
    }
}
