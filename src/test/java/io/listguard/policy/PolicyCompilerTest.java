package io.listguard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mistake in a policy file must be reported with its file, sheet and cell, in words a compliance officer
 * understands, and every mistake at once. Each test breaks a copy of the bundled policies.
 */
class PolicyCompilerTest {

    @TempDir
    Path tmp;
    WorkingCopy copy;
    Path rules;
    Path policies;

    @BeforeEach
    void copyBundledPolicies() {
        copy = new WorkingCopy(tmp);
        rules = copy.rules;
        policies = copy.policies;
    }

    private void setCell(String workbook, String sheet, String address, String value) {
        copy.set(workbook, sheet, address, value);
    }

    private CompiledPolicy compile() {
        return new PolicyCompiler().compile(PolicySet.fromDirectories(rules, policies), "test");
    }

    private List<PolicyProblem> problems() {
        try {
            compile();
        } catch (PolicyCompilationException e) {
            return e.problems();
        }
        throw new AssertionError("the policies compiled although they were broken");
    }

    @Test
    void bundledPoliciesCompileWithAnOriginForEveryRule() {
        CompiledPolicy policy = compile();
        assertThat(policy.origins()).hasSizeGreaterThan(60);
        RuleOrigin r1 = policy.origins().values().stream()
                .filter(o -> "Régime".equals(o.sheet()) && Integer.valueOf(14).equals(o.row())).findFirst().orElseThrow();
        assertThat(r1.source()).isEqualTo("policies/consent-regime.xlsx");
        assertThat(r1.cell()).isEqualTo("B14");
        assertThat(r1.meta("ruleId")).isEqualTo("R1");
        assertThat(r1.meta("legalRef")).contains("L34-5");
        assertThat(policy.files()).extracting(CompiledPolicy.FileSummary::name)
                .containsExactly("policies/campaign-obligations.xlsx", "policies/consent-regime.xlsx", "policies/list-quality.xlsx",
                        "policies/record-rules.xlsx", "rules/decision.drl", "rules/evidence.drl", "rules/regime.drl", "rules/suppression.drl");
        assertThat(policy.hash()).startsWith("sha256:").hasSize(71);
        assertThat(policy.origins().values()).filteredOn(o -> !o.enabled()).extracting(o -> o.meta("ruleId"))
                .containsExactlyInAnyOrder("R13", "R13", "R7", "Q-PRICE", "Q-PRICE", "R6");
    }

    @Test
    void theDecisionTableReaderSeesHeadersLabelsAndRowsWithTheirAddresses() throws IOException {
        List<DecisionTable> tables = DecisionTableReader.read(new PolicySource("policies/consent-regime.xlsx",
                Files.readAllBytes(policies.resolve("consent-regime.xlsx"))));
        assertThat(tables).singleElement().satisfies(t -> {
            assertThat(t.sheet()).isEqualTo("Régime");
            assertThat(t.tableName()).isEqualTo("ConsentRegime");
            assertThat(t.columns().get(0).label()).isEqualTo("Public");
            assertThat(t.columns().get(0).objectType().text()).isEqualTo("$c : Campaign");
            assertThat(t.columns().get(1).objectType().text()).as("merged object-type cell").isEqualTo("$c : Campaign");
            assertThat(t.columns().get(1).template().address()).isEqualTo("C12");
            assertThat(t.rows()).hasSize(13);
            assertThat(t.rows().get(0).number()).isEqualTo(14);
            assertThat(t.rows().get(0).cell(t.columns().get(0))).contains("CONSUMER");
            assertThat(t.rows().get(9).enabled(t.columns())).isFalse();
        });
    }

    @Test
    void aMistypedEnumeratedValueIsReportedAtItsCellWithTheAllowedValues() throws IOException {
        setCell("consent-regime.xlsx", "Régime", "B14", "CONSUMR");
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo("policies/consent-regime.xlsx");
            assertThat(p.sheet()).isEqualTo("Régime");
            assertThat(p.cell()).isEqualTo("B14");
            assertThat(p.message(Locale.ENGLISH)).contains("“CONSUMR” is not an audience").contains("CONSUMER, BUSINESS");
            assertThat(p.message(Locale.FRENCH)).contains("« CONSUMR » n’est pas un public").contains("CONSUMER, BUSINESS");
        });
    }

    @Test
    void anImpossibleDateIsReportedAtItsCellBeforeAnyCampaignReachesIt() throws IOException {
        setCell("consent-regime.xlsx", "Régime", "D17", "2026-13-01");
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.sheet()).isEqualTo("Régime");
            assertThat(p.cell()).isEqualTo("D17");
            assertThat(p.message(Locale.ENGLISH)).contains("“2026-13-01” is not a date: there is no month 13").contains("DD/MM/YYYY");
            assertThat(p.message(Locale.FRENCH)).contains("« 2026-13-01 » n’est pas une date : il n’y a pas de mois 13").contains("JJ/MM/AAAA");
        });
    }

    @Test
    void aBadHourRangeAndABadDayAreBothReported() throws IOException {
        setCell("campaign-obligations.xlsx", "Appels", "G16", "13h-14h");
        setCell("campaign-obligations.xlsx", "Appels", "F15", "SATURDAY, SUNDAI");
        assertThat(problems()).extracting(PolicyProblem::cell).containsExactlyInAnyOrder("G16", "F15");
        assertThat(problems()).extracting(PolicyProblem::message)
                .anySatisfy(m -> assertThat(m).contains("“13h-14h” is not an hour range"))
                .anySatisfy(m -> assertThat(m).contains("“SUNDAI” is not a day"));
        assertThat(problems()).extracting(p -> p.message(Locale.FRENCH))
                .anySatisfy(m -> assertThat(m).contains("« 13h-14h » n’est pas une plage horaire ; écrivez-la HH:MM-HH:MM"))
                .anySatisfy(m -> assertThat(m).contains("« SUNDAI » n’est pas un jour"));
    }

    @Test
    void aSeverityOutsideTheListIsReportedAtItsCell() throws IOException {
        setCell("campaign-obligations.xlsx", "Opposition", "G14", "BLOKING");
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.cell()).isEqualTo("G14");
            assertThat(p.message()).contains("“BLOKING” is not a severity").contains("BLOCKING, WARNING, INFO");
            assertThat(p.message(Locale.FRENCH)).contains("« BLOKING » n’est pas une gravité").contains("BLOCKING, WARNING, INFO");
        });
    }

    @Test
    void aCodeThatIsNotACodeIsReportedAtItsCell() throws IOException {
        setCell("record-rules.xlsx", "Enregistrements", "Q14", "opted out");
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.cell()).isEqualTo("Q14");
            assertThat(p.message()).contains("“opted out” is not a code");
            assertThat(p.message(Locale.FRENCH)).contains("« opted out » n’est pas un code");
        });
    }

    @Test
    void aRowThatExcludesWithoutACodeIsReported() throws IOException {
        setCell("record-rules.xlsx", "Enregistrements", "Q14", "");
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.sheet()).isEqualTo("Enregistrements");
            assertThat(p.message()).contains("row 14 has no code");
            assertThat(p.message(Locale.FRENCH)).contains("la ligne 14 n’a pas de code");
        });
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() throws IOException {
        setCell("consent-regime.xlsx", "Régime", "B14", "CONSUMR");
        setCell("record-rules.xlsx", "Enregistrements", "C15", "FONE");
        assertThat(problems()).extracting(p -> p.source() + "!" + p.sheet() + "!" + p.cell())
                .containsExactlyInAnyOrder("policies/consent-regime.xlsx!Régime!B14", "policies/record-rules.xlsx!Enregistrements!C15");
    }

    @Test
    void aFileThatIsNotAWorkbookIsNamed() throws IOException {
        Files.writeString(policies.resolve("notes.xlsx"), "not a spreadsheet");
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo("policies/notes.xlsx");
            assertThat(p.message()).contains("cannot be opened as an Excel workbook");
            assertThat(p.message(Locale.FRENCH)).contains("ne peut pas être ouvert comme un classeur Excel");
        });
    }

    @Test
    void aBrokenDrlRuleIsReportedWithItsFileAndLine() throws IOException {
        Files.writeString(rules.resolve("broken.drl"), """
                package io.listguard.rules;
                import io.listguard.rules.*;
                rule "Broken"
                when
                    $p : Prospect( nosuchfield == 3 )
                then
                end
                """, StandardCharsets.UTF_8);
        assertThat(problems()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.source()).isEqualTo("rules/broken.drl");
            assertThat(p.code()).isEqualTo("policy.compile.droolsFile");
            assertThat(p.message(Locale.FRENCH)).startsWith("Drools ne peut pas compiler ce fichier : ").contains("nosuchfield");
            assertThat(p.message(Locale.ENGLISH)).startsWith("Drools cannot compile this file: ").contains("nosuchfield");
        });
    }

    /**
     * Cells as people type them in Excel or LibreOffice (a French date, a real Excel date, a decimal comma, OUI, VRAI,
     * a real boolean) compile to exactly the rules of the same values written the way Drools reads them.
     */
    @Test
    void valuesAsPeopleTypeThemCompileToTheSameRulesAsTheirIsoAndYesForms() {
        WorkingCopy typed = new WorkingCopy(tmp.resolve("typed"));
        typed.set("consent-regime.xlsx", "Régime", "D17", "11/08/2026");
        typed.setDate("consent-regime.xlsx", "Régime", "D18", java.time.LocalDate.of(2026, 8, 11), "dd/mm/yyyy");
        typed.set("consent-regime.xlsx", "Régime", "E16", "10/8/2026");
        typed.set("list-quality.xlsx", "Prix", "D14", "150,5");
        typed.set("record-rules.xlsx", "Enregistrements", "H14", "Oui");
        typed.set("record-rules.xlsx", "Enregistrements", "K20", "oui");
        typed.set("record-rules.xlsx", "Enregistrements", "J15", "NON");
        typed.set("record-rules.xlsx", "Enregistrements", "V14", "VRAI");
        typed.setBoolean("record-rules.xlsx", "Enregistrements", "V15", true);
        typed.set("consent-regime.xlsx", "Régime", "P14", "Vrai");

        WorkingCopy iso = new WorkingCopy(tmp.resolve("iso"));
        iso.set("consent-regime.xlsx", "Régime", "D17", "2026-08-11");
        iso.set("consent-regime.xlsx", "Régime", "D18", "2026-08-11");
        iso.set("consent-regime.xlsx", "Régime", "E16", "2026-08-10");
        iso.set("list-quality.xlsx", "Prix", "D14", "150.5");
        iso.set("record-rules.xlsx", "Enregistrements", "H14", "YES");
        iso.set("record-rules.xlsx", "Enregistrements", "K20", "YES");
        iso.set("record-rules.xlsx", "Enregistrements", "J15", "NO");
        iso.set("record-rules.xlsx", "Enregistrements", "V14", "true");
        iso.set("record-rules.xlsx", "Enregistrements", "V15", "true");
        iso.set("consent-regime.xlsx", "Régime", "P14", "true");

        CompiledPolicy fromTyped = new PolicyCompiler().compile(typed.policySet(), "typed");
        CompiledPolicy fromIso = new PolicyCompiler().compile(iso.policySet(), "iso");
        assertThat(fromTyped.generatedDrl()).isEqualTo(fromIso.generatedDrl());
        assertThat(fromTyped.generatedDrl().get("policies/list-quality.xlsx#Prix")).contains("pricePerThousand < 150.5");
        assertThat(fromTyped.origins().keySet()).isEqualTo(fromIso.origins().keySet());
        // the lock checks the same normalised values: both are clean
        TemplateLock lock = new TemplateLock(PolicySet.fromDirectories(Path.of("rules"), Path.of("policies")));
        assertThat(lock.check(typed.policySet())).isEmpty();
        // the diff shows what the person typed (a text date stays 11/08/2026, OUI stays OUI); a real Excel date reads as its ISO date
        PolicyDiff.Result diff = PolicyDiff.compare(iso.policySet(), typed.policySet());
        assertThat(diff.files().stream().flatMap(f -> f.tables().stream()).flatMap(t -> t.rows().stream())
                .flatMap(r -> r.changes().stream()).map(c -> c.addressB() + "=" + c.newText()).toList())
                .contains("D17=11/08/2026", "H14=Oui", "D14=150,5").doesNotContain("D18=2026-08-11");
    }

    @Test
    void aDecimalCommaThatIsNotANumberSaysHowToWriteOne() {
        setCell("list-quality.xlsx", "Prix", "D14", "150,5,2");
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.cell()).isEqualTo("D14");
            assertThat(p.message(Locale.FRENCH)).isEqualTo("D14 (Prix pour mille en dessous de) : « 150,5,2 » n’est pas un nombre ; écrivez par exemple 150 ou 7,5");
            assertThat(p.message(Locale.ENGLISH)).isEqualTo("D14 (Prix pour mille en dessous de): “150,5,2” is not a number; write e.g. 150 or 7.5 (a decimal comma, 7,5, is accepted too)");
        });
    }
}
