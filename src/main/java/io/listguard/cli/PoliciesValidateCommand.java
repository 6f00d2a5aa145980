package io.listguard.cli;

import io.listguard.policy.BundledPolicies;
import io.listguard.lifecycle.PolicyValidation;
import io.listguard.lifecycle.ValidationReport;
import io.listguard.policy.PolicyCompiler;
import io.listguard.policy.PolicyProblem;
import io.listguard.policy.PolicySet;
import io.listguard.policy.PolicySource;
import io.listguard.policy.SingleHitAnalysis;
import io.listguard.policy.TemplateLock;
import io.listguard.evaluation.Evaluator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code policies validate FILE...}: checks edited workbooks (or DRL, or scenario files) before they are
 * uploaded, exactly as the service's validation does: the files replace those of the same name in the bundled
 * policies (or in {@code --rules-dir}/{@code --policies-dir}), then template lock, compilation, overlap and gap
 * analysis, and the scenarios. Prints the report; exit code 1 when the files would be rejected.
 */
final class PoliciesValidateCommand {

    private final PrintStream out;
    private final PrintStream err;
    private final CliTexts t;

    PoliciesValidateCommand(PrintStream out, PrintStream err, CliTexts texts) {
        this.out = out;
        this.err = err;
        this.t = texts;
    }

    int run(String[] args) {
        Path rulesDir = null;
        Path policiesDir = null;
        boolean json = false;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if ((args[i].equals("--rules-dir") || args[i].equals("--policies-dir")) && i + 1 >= args.length) {
                err.println(t.text("cli.option.needsValue", args[i]));
                return 2;
            }
            switch (args[i]) {
                case "--rules-dir" -> rulesDir = Path.of(args[++i]);
                case "--policies-dir" -> policiesDir = Path.of(args[++i]);
                case "--json" -> json = true;
                default -> files.add(Path.of(args[i]));
            }
        }
        if ((rulesDir == null) != (policiesDir == null)) {
            err.println(t.text("cli.validate.bothDirs"));
            return 2;
        }
        if (files.isEmpty()) {
            err.println(t.text("cli.usage.validate"));
            return 2;
        }
        List<PolicySource> uploads = new ArrayList<>();
        for (Path file : files) {
            try {
                uploads.add(new PolicySource(PolicySource.canonicalName(file.getFileName().toString()), Files.readAllBytes(file)));
            } catch (IOException | IllegalArgumentException e) {
                err.println(t.text("cli.validate.cannotRead", file, t.describe(e)));
                return 2;
            }
        }
        PolicySet bundled = BundledPolicies.load();
        PolicySet base = rulesDir == null ? bundled : PolicySet.fromDirectories(rulesDir, policiesDir);
        PolicySet candidate = base.with(uploads);
        PolicyValidation validation = new PolicyValidation(new PolicyCompiler(PoliciesValidateCommand.class.getClassLoader()),
                new TemplateLock(bundled), new SingleHitAnalysis(LocalDate.of(2020, 1, 1)), Evaluator.DEFAULT_BATCH_SIZE);
        ValidationReport report = validation.check(candidate, "candidate-" + candidate.contentId(), true).report();
        if (json) {
            out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        } else {
            print(files.size(), rulesDir == null ? t.text("cli.validate.bundled") : t.text("cli.validate.dirs", rulesDir, policiesDir), report);
        }
        return report.valid() ? 0 : 1;
    }

    private void print(int fileCount, String base, ValidationReport report) {
        out.println(t.text("cli.validate.checked", t.count(fileCount), base));
        for (PolicyProblem error : report.errors()) {
            out.println(t.text("cli.validate.error", located(error)));
        }
        for (PolicyProblem warning : report.warnings()) {
            out.println(t.text("cli.validate.warning", located(warning)));
        }
        if (report.scenarios() != null) {
            var scenarios = report.scenarios();
            out.println(t.text("cli.validate.scenarios", t.count(scenarios.passed()), t.count(scenarios.failed())));
            scenarios.failureMessages(t.locale()).forEach(f -> out.println(t.text("cli.validate.failed", f)));
            var coverage = scenarios.coverage();
            out.println(t.text("cli.validate.coverage", t.count(coverage.exercisedRows()), t.count(coverage.enabledRows())));
            coverage.uncoveredRows().forEach(c -> out.println(t.text("cli.validate.untested", c.location(t.locale()))));
        }
        out.println(t.text(report.valid() ? "cli.validate.valid" : "cli.validate.rejected"));
    }

    /** The problem where it is, in the command's language, with the cell's text when there is one. */
    private String located(PolicyProblem p) {
        String where = p.describe(t.locale());
        return p.cellText() == null ? where : t.text("cli.validate.cellText", where, p.cellText());
    }
}
