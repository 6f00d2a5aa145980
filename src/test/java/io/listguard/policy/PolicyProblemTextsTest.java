package io.listguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: every problem the template lock, the workbook guard, the compiler and the overlap analysis report on
 * broken copies of the bundled workbooks has a message code, and reads in French for a French reader and in
 * English for an English one, with every argument filled in.
 */
class PolicyProblemTextsTest {

    @TempDir
    Path tmp;

    private static final PolicySet BUNDLED = PolicySet.fromDirectories(Path.of("rules"), Path.of("policies"));

    @Test
    void everyProblemOfBrokenWorkbooksHasACodeAndReadsInFrenchAndInEnglish() throws Exception {
        List<PolicyProblem> problems = new ArrayList<>();

        // values: one of each kind of mistake, in several workbooks
        WorkingCopy values = new WorkingCopy(tmp.resolve("values"))
                .set("consent-regime.xlsx", "Régime", "C14", "EMAL")
                .set("consent-regime.xlsx", "Régime", "D17", "31/02/2026")
                .set("consent-regime.xlsx", "Régime", "D18", "2026-13-01")
                .set("consent-regime.xlsx", "Régime", "E16", "demain")
                .set("consent-regime.xlsx", "Régime", "B15", "CONSUMER) || (")
                .set("consent-regime.xlsx", "Régime", "L14", "no consent")
                .set("consent-regime.xlsx", "Régime", "H15", "")
                .set("record-rules.xlsx", "Enregistrements", "R14", "peut-être")
                .set("record-rules.xlsx", "Enregistrements", "V14", "ture")
                .set("record-rules.xlsx", "Enregistrements", "L16", "=SI(1;2;3)")
                .set("record-rules.xlsx", "Enregistrements", "M17", "4,5")
                .set("record-rules.xlsx", "Enregistrements", "R15", "")
                .set("record-rules.xlsx", "Enregistrements", "T16", "x".repeat(2000))
                .set("record-rules.xlsx", "Enregistrements", "T17", "two\nlines")
                .set("list-quality.xlsx", "Prix", "I14", "cheap \" quote")
                .set("list-quality.xlsx", "Prix", "D15", "beaucoup")
                .set("campaign-obligations.xlsx", "Interdictions sectorielles", "D14", "ENERGY_RENOVATION, SOLAR_PANELS")
                .set("campaign-obligations.xlsx", "Appels", "G16", "13h-14h")
                .set("campaign-obligations.xlsx", "Appels", "F15", "SATURDAY, SUNDAI")
                .set("campaign-obligations.xlsx", "Opposition", "G14", "BLOKING");
        TemplateLock lock = new TemplateLock(BUNDLED);
        List<PolicyProblem> valueProblems = lock.check(values.policySet());
        assertThat(valueProblems).hasSizeGreaterThanOrEqualTo(18);
        problems.addAll(valueProblems);

        // headers, tables, columns, files
        WorkingCopy headers = new WorkingCopy(tmp.resolve("headers"))
                .set("record-rules.xlsx", "Enregistrements", "H12", "optedOut != YesNo.$param")
                .set("campaign-obligations.xlsx", "Opposition", "C7", "records")
                .insertRowBefore("record-rules.xlsx", "Enregistrements", 16)
                .deleteColumn("consent-regime.xlsx", "Régime", "F")
                .insertColumnBefore("list-quality.xlsx", "Prix", "F", "CONDITION", "Extra");
        Files.copy(headers.policies.resolve("record-rules.xlsx"), headers.policies.resolve("my-rules.xlsx"));
        Files.writeString(headers.rules.resolve("backdoor.drl"), "package io.listguard.rules;\n", StandardCharsets.UTF_8);
        Files.writeString(headers.policies.resolve("notes.xlsx"), "not a spreadsheet");
        List<PolicyProblem> headerProblems = lock.check(headers.policySet());
        assertThat(headerProblems).extracting(PolicyProblem::code).contains("policy.lock.headerCell", "policy.lock.ruleSetCell",
                "policy.lock.rowAfterBlank", "policy.lock.columnMissing", "policy.lock.columnExtra", "policy.lock.unknownWorkbook",
                "policy.lock.drlNotReleased");
        problems.addAll(headerProblems);

        // the workbook guard's limits
        WorkbookGuard strict = new WorkbookGuard(new WorkbookGuard.Limits(50L * 1024 * 1024, 100, 1024 * 1024, 1_000, 10, 5, 1));
        problems.addAll(strict.check(BUNDLED.source("policies/record-rules.xlsx").orElseThrow()));
        problems.addAll(new WorkbookGuard().check(new PolicySource("policies/record-rules.xlsx", "PK not a zip".getBytes(StandardCharsets.UTF_8))));

        // the compiler: Drools' own error on a rule file, kept as an argument
        WorkingCopy drl = new WorkingCopy(tmp.resolve("drl"));
        Files.writeString(drl.rules.resolve("broken.drl"), """
                package io.listguard.rules;
                import io.listguard.rules.*;
                rule "Broken"
                when
                    $p : Prospect( nosuchfield == 3 )
                then
                end
                """, StandardCharsets.UTF_8);
        try {
            new PolicyCompiler().compile(drl.policySet(), "broken");
            throw new AssertionError("a broken rule file compiled");
        } catch (PolicyCompilationException e) {
            assertThat(e.problems()).extracting(PolicyProblem::code).contains("policy.compile.droolsFile");
            problems.addAll(e.problems());
        }

        // overlaps and gaps
        SingleHitAnalysis analysis = new SingleHitAnalysis(LocalDate.of(2020, 1, 1));
        problems.addAll(analysis.analyse(new WorkingCopy(tmp.resolve("overlap")).set("consent-regime.xlsx", "Régime", "P23", "true").policySet()));
        problems.addAll(analysis.analyse(new WorkingCopy(tmp.resolve("gap")).set("consent-regime.xlsx", "Régime", "G17", "PRESS").policySet()));
        assertThat(problems).extracting(PolicyProblem::code).contains("policy.analysis.overlap", "policy.analysis.gaps",
                "policy.workbook.rows", "policy.workbook.columns", "policy.workbook.merged");

        assertThat(problems).allSatisfy(p -> {
            String fr = p.message(Locale.FRENCH);
            String en = p.message(Locale.ENGLISH);
            assertThat(p.code()).as(p.toString()).isNotNull();
            assertThat(fr).as(p.code()).isNotEqualTo(en).doesNotContainPattern("\\{\\d").doesNotContain("⟦");
            assertThat(en).as(p.code()).doesNotContainPattern("\\{\\d").doesNotContain("⟦");
            assertThat(p.message()).as("the stored message is the English text").isEqualTo(en);
            assertThat(p.describe()).isEqualTo(p.describe(Locale.ENGLISH));
            if (p.sheet() != null) {
                assertThat(p.describe(Locale.FRENCH)).contains(", feuille " + p.sheet());
                assertThat(p.describe(Locale.ENGLISH)).contains(", sheet " + p.sheet());
            }
            if (p.cell() != null) {
                assertThat(p.describe(Locale.FRENCH)).contains(", cellule " + p.cell() + " : ");
                assertThat(p.describe(Locale.ENGLISH)).contains(", cell " + p.cell() + ": ");
            }
        });
    }

    @Test
    void theRefusalSentenceReadsInTheReadersLanguage() {
        WorkingCopy copy = new WorkingCopy(tmp).set("record-rules.xlsx", "Enregistrements", "C14", "EMIAL");
        List<PolicyProblem> errors = new TemplateLock(BUNDLED).check(copy.policySet());
        var report = new io.listguard.lifecycle.ValidationReport(false, "h", errors, List.of(), null);
        var refused = new io.listguard.lifecycle.PolicyRejectedException(report);
        assertThat(refused.message(Locale.FRENCH)).isEqualTo("1 erreur(s) dans les fichiers de la politique ; la première : "
                + "policies/record-rules.xlsx, feuille Enregistrements, cellule C14 : C14 (Canal(aux)) : « EMIAL » n’est pas un canal ; "
                + "écrivez l’une de ces valeurs : EMAIL, SMS, PHONE, AUTOMATED_CALL, POSTAL (plusieurs, séparées par des virgules, si la colonne le permet)");
        assertThat(refused.message(Locale.ENGLISH)).startsWith("1 error(s) in the policy files; the first: "
                + "policies/record-rules.xlsx, sheet Enregistrements, cell C14: C14 (Canal(aux)): “EMIAL” is not a channel; write one of EMAIL");
        assertThat(refused.getMessage()).isEqualTo(refused.message(Locale.ENGLISH));
        assertThat(new io.listguard.lifecycle.PolicyRejectedException("v7", report).message(Locale.FRENCH))
                .startsWith("la version v7 ne peut pas être activée : 1 erreur(s)");
    }
}
