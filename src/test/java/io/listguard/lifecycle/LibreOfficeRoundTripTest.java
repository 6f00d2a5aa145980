package io.listguard.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.listguard.evaluation.Evaluator;
import io.listguard.policy.BundledPolicies;
import io.listguard.policy.DecisionTable;
import io.listguard.policy.DecisionTableReader;
import io.listguard.policy.PolicyCompiler;
import io.listguard.policy.PolicyProblem;
import io.listguard.policy.PolicySet;
import io.listguard.policy.PolicySource;
import io.listguard.policy.SingleHitAnalysis;
import io.listguard.policy.TemplateLock;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, "the bundled workbooks round-trip through LibreOffice and still validate": compliance staff edit the
 * workbooks in LibreOffice as often as in Excel. Each bundled workbook (policies and scenarios) is opened and saved
 * again as .xlsx by LibreOffice Calc ({@code soffice --headless --convert-to xlsx}), then the converted set goes
 * through the checks of an upload (template lock, compilation, analysis, scenarios) and must pass them, every
 * decision table reading exactly as before. Skipped where LibreOffice is missing, unless
 * {@code LISTGUARD_LIBREOFFICE_TESTS=required} (as {@code .ci/run} sets it), where it fails instead.
 */
class LibreOfficeRoundTripTest {

    private static final List<Path> SOFFICE = List.of(Path.of("/usr/bin/soffice"), Path.of("/usr/bin/libreoffice"),
            Path.of("/usr/lib/libreoffice/program/soffice"));

    @TempDir
    Path dir;

    @Test
    void theBundledWorkbooksSavedByLibreOfficeStillValidate() throws Exception {
        Path soffice = soffice();
        PolicySet bundled = BundledPolicies.load();
        List<PolicySource> workbooks = bundled.sources().stream().filter(s -> s.fileName().endsWith(".xlsx")).toList();
        assertThat(workbooks).extracting(PolicySource::fileName).contains("consent-regime.xlsx", "record-rules.xlsx",
                "campaign-obligations.xlsx", "list-quality.xlsx", "scenarios.xlsx");
        Path in = Files.createDirectories(dir.resolve("in"));
        Path out = Files.createDirectories(dir.resolve("out"));
        List<String> command = new ArrayList<>(List.of(soffice.toString(),
                "-env:UserInstallation=" + dir.resolve("profile").toUri(), // a private profile: parallel runs do not share a lock
                "--headless", "--norestore", "--convert-to", "xlsx", "--outdir", out.toString()));
        for (PolicySource workbook : workbooks) {
            Path file = in.resolve(workbook.fileName());
            Files.write(file, workbook.content());
            command.add(file.toString());
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("soffice.log").toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("LibreOffice did not convert the workbooks within 5 minutes: " + Files.readString(dir.resolve("soffice.log")));
        }
        assertThat(process.exitValue()).as(Files.readString(dir.resolve("soffice.log"))).isZero();

        List<PolicySource> converted = new ArrayList<>();
        for (PolicySource workbook : workbooks) {
            Path file = out.resolve(workbook.fileName());
            assertThat(file).as("LibreOffice's copy of " + workbook.name() + ": " + Files.readString(dir.resolve("soffice.log"))).exists();
            byte[] bytes = Files.readAllBytes(file);
            assertThat(Arrays.equals(bytes, workbook.content())).as(workbook.name() + " was rewritten by LibreOffice").isFalse();
            converted.add(new PolicySource(workbook.name(), bytes));
        }

        // every header and data cell of every decision table reads as it did before LibreOffice saved it
        for (PolicySource copy : converted) {
            if (copy.kind() != PolicySource.Kind.DECISION_TABLE) {
                continue;
            }
            List<DecisionTable> before = DecisionTableReader.read(bundled.source(copy.name()).orElseThrow());
            List<DecisionTable> after = DecisionTableReader.read(copy);
            assertThat(after).as(copy.name()).hasSameSizeAs(before);
            for (int i = 0; i < before.size(); i++) {
                DecisionTable b = before.get(i);
                DecisionTable a = after.get(i);
                assertThat(a.sheet()).isEqualTo(b.sheet());
                assertThat(a.ruleSet()).as(copy.name() + " " + b.sheet() + " RuleSet").isEqualTo(b.ruleSet());
                assertThat(a.columns()).as(copy.name() + " " + b.sheet() + " header rows").isEqualTo(b.columns());
                assertThat(a.rows()).as(copy.name() + " " + b.sheet() + " rule rows").isEqualTo(b.rows());
            }
        }

        // the checks of an upload, as the service and `policies validate` run them
        PolicySet candidate = bundled.with(converted);
        PolicyValidation validation = new PolicyValidation(new PolicyCompiler(getClass().getClassLoader()), new TemplateLock(bundled),
                new SingleHitAnalysis(LocalDate.of(2020, 1, 1)), Evaluator.DEFAULT_BATCH_SIZE);
        ValidationReport report = validation.check(candidate, "libreoffice", true).report();
        assertThat(report.errors()).extracting(PolicyProblem::describe).isEmpty();
        assertThat(report.scenarios()).isNotNull();
        assertThat(report.scenarios().failureMessages()).isEmpty();
        assertThat(report.scenarios().total()).isPositive();
        assertThat(report.valid()).isTrue();
    }

    /** LibreOffice's soffice, or the test is skipped (or fails, when LibreOffice tests are required). */
    private static Path soffice() {
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(s -> !s.isBlank()).map(s -> Path.of(s, "soffice"));
        Path found = Stream.concat(SOFFICE.stream(), onPath).filter(Files::isExecutable).findFirst().orElse(null);
        if (found != null) {
            return found;
        }
        if ("required".equals(System.getenv("LISTGUARD_LIBREOFFICE_TESTS"))) {
            fail("LibreOffice tests are required (LISTGUARD_LIBREOFFICE_TESTS=required) but soffice is missing"
                    + " (Debian package libreoffice-calc-nogui)");
        }
        Assumptions.abort("LibreOffice round trip skipped: soffice is missing. .ci/run installs it"
                + " (apt-get install libreoffice-calc-nogui) and sets LISTGUARD_LIBREOFFICE_TESTS=required");
        return null;
    }
}
