package io.listguard.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.BundledPolicy;
import io.listguard.domain.Audience;
import io.listguard.domain.Channel;
import io.listguard.domain.Decision;
import io.listguard.domain.Messages;
import io.listguard.domain.ProspectRecord;
import io.listguard.policy.PolicyProblem;
import io.listguard.policy.PolicySource;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The scenario workbook: its cases become the same scenarios as JSON files; each bad cell is refused at its cell
 * with its text and a coded message in French and English; a wrong expectation fails its case, named by its rows.
 */
class ScenarioWorkbookTest {

    /** Rows of the bundled workbook's cases (sheet Cases). */
    static final int R1_01 = 5;
    static final int R6_01 = 13;
    static final int R6_01_R2 = 14;

    private static ScenarioWorkbook.Read read(ScenarioWorkbookCopy copy) {
        return ScenarioWorkbook.read(copy.source());
    }

    private static Scenario scenario(ScenarioWorkbook.Read read, String caseId) {
        return read.scenarios().stream().filter(s -> s.origin().caseId().equals(caseId)).findFirst().orElseThrow();
    }

    private static PolicyProblem only(ScenarioWorkbook.Read read) {
        assertThat(read.valid()).isFalse();
        assertThat(read.scenarios()).isEmpty();
        assertThat(read.problems()).hasSize(1);
        return read.problems().get(0);
    }

    @Test
    @DisplayName("The bundled workbook gives one scenario per case: campaign, file, records, calling plan and expectations")
    void readsTheBundledWorkbook() {
        ScenarioWorkbook.Read read = read(new ScenarioWorkbookCopy());

        assertThat(read.problems()).isEmpty();
        assertThat(read.scenarios()).extracting(s -> s.origin().caseId()).containsExactly("R1-01", "R1-02", "R5-01", "R6-01", "R4-01", "R10-01");
        Scenario r6 = scenario(read, "R6-01");
        assertThat(r6.file()).isEqualTo(ScenarioWorkbookCopy.NAME);
        assertThat(r6.origin()).isEqualTo(new Scenario.Origin("Cases", "R6-01", 13, 15));
        assertThat(r6.label()).isEqualTo("policies/scenarios/scenarios.xlsx, sheet Cases, case R6-01 (rows 13-15)");
        assertThat(r6.name()).startsWith("R6");
        var campaign = r6.given().campaign();
        assertThat(campaign.audience()).isEqualTo(Audience.CONSUMER);
        assertThat(campaign.channel()).isEqualTo(Channel.PHONE);
        assertThat(campaign.startDate()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(campaign.sender().identifiedAndNamed()).isTrue();
        assertThat(campaign.calling().windows()).hasSize(2);
        assertThat(campaign.calling().windows().get(1).from()).isEqualTo(LocalTime.of(14, 0));
        assertThat(campaign.calling().windows().get(0).days()).containsExactly(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
        assertThat(campaign.calling().includesPublicHolidays()).isFalse();
        assertThat(campaign.calling().maxAttemptsPer30Days()).isEqualTo(4);
        assertThat(r6.given().file().bloctelScrubbedOn()).isEqualTo(LocalDate.of(2026, 5, 1));
        assertThat(r6.given().file().provider().certifications()).containsExactly("SNCD");
        assertThat(r6.given().records()).extracting(ProspectRecord::id).containsExactly("r-1", "r-2", "r-3");
        ProspectRecord r3 = r6.given().records().get(2);
        assertThat(r3.bloctelRegistered()).isTrue();
        assertThat(r3.consents()).singleElement().satisfies(c -> {
            assertThat(c.channel()).isEqualTo(Channel.PHONE);
            assertThat(c.givenOn()).isEqualTo(LocalDate.of(2026, 10, 14));
            assertThat(c.proofRef()).isNotBlank();
            assertThat(c.renterNamed()).isTrue();
        });
        assertThat(r6.given().records().get(1).consents()).isEmpty();
        assertThat(r6.expect().decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
        assertThat(r6.expect().findings()).isEmpty(); // NONE: no finding at all
        assertThat(r6.expect().records()).containsEntry("r-1", List.of()).containsEntry("r-2", List.of("NO_CONSENT")).containsEntry("r-3", List.of());
    }

    @Test
    @DisplayName("Dates may be real date cells, YES/NO real booleans or OUI/NON; a blank expectation is not checked")
    void realDateAndBooleanCells() {
        ScenarioWorkbook.Read read = read(new ScenarioWorkbookCopy()
                .date(R6_01, "campaign.start", LocalDate.of(2026, 12, 2))
                .bool(R6_01, "campaign.holidays", true)
                .text(R6_01_R2, "record.optedOut", "oui")
                .text(R6_01, "expect.findings", ""));

        assertThat(read.problems()).isEmpty();
        Scenario r6 = scenario(read, "R6-01");
        assertThat(r6.given().campaign().startDate()).isEqualTo(LocalDate.of(2026, 12, 2));
        assertThat(r6.given().campaign().calling().includesPublicHolidays()).isTrue();
        assertThat(r6.given().records().get(1).optedOut()).isTrue();
        assertThat(r6.expect().findings()).isNull();
    }

    @Test
    @DisplayName("An unknown value of a drop-down is refused at its cell, with its text, in French and English")
    void unknownChoice() {
        PolicyProblem p = only(read(new ScenarioWorkbookCopy().text(R6_01, "campaign.channel", "MAIL")));

        assertThat(p.source()).isEqualTo("policies/scenarios/scenarios.xlsx");
        assertThat(p.sheet()).isEqualTo("Cases");
        assertThat(p.cell()).isEqualTo(ScenarioWorkbookCopy.address(R6_01, "campaign.channel")).isEqualTo("F13");
        assertThat(p.cellText()).isEqualTo("MAIL");
        assertThat(p.code()).isEqualTo("scenarios.choice");
        assertThat(p.message()).isEqualTo("F13 (Canal / Channel): ’MAIL’ is not one of EMAIL, SMS, PHONE, AUTOMATED_CALL, POSTAL");
        assertThat(p.message(Messages.FRENCH)).isEqualTo("F13 (Canal / Channel) : « MAIL » n’est pas une des valeurs EMAIL, SMS, PHONE, AUTOMATED_CALL, POSTAL");
        assertThat(p.describe()).startsWith("policies/scenarios/scenarios.xlsx, sheet Cases, cell F13: ");
    }

    @Test
    @DisplayName("A list with one unknown item (consent channels 'EMAIL, FAX') is refused at its cell")
    void unknownItemOfAList() {
        PolicyProblem p = only(read(new ScenarioWorkbookCopy().text(R6_01, "record.consentChannels", "PHONE, FAX")));

        assertThat(p.cell()).isEqualTo(ScenarioWorkbookCopy.address(R6_01, "record.consentChannels"));
        assertThat(p.cellText()).isEqualTo("PHONE, FAX");
        assertThat(p.message()).contains("’PHONE, FAX’ is not one of EMAIL, SMS");
    }

    @Test
    @DisplayName("A date that is not YYYY-MM-DD is refused at its cell")
    void badDate() {
        PolicyProblem p = only(read(new ScenarioWorkbookCopy().text(R6_01_R2, "record.lastActivity", "05/09/2026")));

        assertThat(p.cell()).isEqualTo(ScenarioWorkbookCopy.address(R6_01_R2, "record.lastActivity"));
        assertThat(p.cellText()).isEqualTo("05/09/2026");
        assertThat(p.code()).isEqualTo("scenarios.date");
        assertThat(p.message()).contains("’05/09/2026’ is not a date; write it YYYY-MM-DD");
        assertThat(p.message(Messages.FRENCH)).contains("« 05/09/2026 » n’est pas une date ; écrivez-la AAAA-MM-JJ");
    }

    @Test
    @DisplayName("A yes/no cell holding something else is refused at its cell")
    void badBoolean() {
        PolicyProblem p = only(read(new ScenarioWorkbookCopy().text(R6_01_R2, "record.bloctel", "peut-être")));

        assertThat(p.cell()).isEqualTo(ScenarioWorkbookCopy.address(R6_01_R2, "record.bloctel"));
        assertThat(p.cellText()).isEqualTo("peut-être");
        assertThat(p.code()).isEqualTo("scenarios.yesNo");
        assertThat(p.message(Messages.FRENCH)).contains("n’est ni OUI ni NON");
    }

    @Test
    @DisplayName("A required cell left blank on a case's first row is refused at that cell")
    void missingRequiredCell() {
        PolicyProblem p = only(read(new ScenarioWorkbookCopy().text(R1_01, "campaign.offer", "")));

        assertThat(p.cell()).isEqualTo(ScenarioWorkbookCopy.address(R1_01, "campaign.offer"));
        assertThat(p.cellText()).isNull();
        assertThat(p.code()).isEqualTo("scenarios.requiredCase");
        assertThat(p.message()).isEqualTo(ScenarioWorkbookCopy.address(R1_01, "campaign.offer")
                + " (Catégorie d’offre / Offer category): this cell is required on the first row of each case");
    }

    @Test
    @DisplayName("A record's kind is required on a row describing a record")
    void missingKindOfARecord() {
        PolicyProblem p = only(read(new ScenarioWorkbookCopy().text(R6_01_R2, "record.kind", "")));

        assertThat(p.cell()).isEqualTo(ScenarioWorkbookCopy.address(R6_01_R2, "record.kind"));
        assertThat(p.code()).isEqualTo("scenarios.requiredRecord");
    }

    @Test
    @DisplayName("A formula is refused at its cell, in any sheet, even where its value would be right")
    void formulaIsRefused() {
        ScenarioWorkbook.Read read = read(new ScenarioWorkbookCopy()
                .formula("Cases", ScenarioWorkbookCopy.address(R6_01, "campaign.end"), "DATE(2026,12,18)")
                .formula("Guide", "F1", "1+1"));

        assertThat(read.scenarios()).isEmpty();
        // the policy workbooks' guard: a formula never computed shows nothing but computes a value (WORKBOOK_FORMULA_STALE)
        assertThat(read.problems()).extracting(PolicyProblem::sheet, PolicyProblem::cell, PolicyProblem::cellText, PolicyProblem::code)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("Cases", ScenarioWorkbookCopy.address(R6_01, "campaign.end"), "=DATE(2026,12,18)", "WORKBOOK_FORMULA_STALE"),
                        org.assertj.core.groups.Tuple.tuple("Guide", "F1", "=1+1", "WORKBOOK_FORMULA_STALE"));
        assertThat(read.problems().get(0).message()).contains("holds a formula").contains("values only");
    }

    @Test
    @DisplayName("Every bad cell of a workbook is reported at once")
    void everyBadCellAtOnce() {
        ScenarioWorkbook.Read read = read(new ScenarioWorkbookCopy()
                .text(R6_01, "campaign.audience", "PARTICULIER")
                .text(R6_01, "file.price", "450,5")
                .text(R6_01_R2, "record.calls", "trois")
                .text(R6_01_R2, "expect.reasons", "no consent"));

        assertThat(read.problems()).extracting(PolicyProblem::cell).containsExactly(
                ScenarioWorkbookCopy.address(R6_01, "campaign.audience"), ScenarioWorkbookCopy.address(R6_01, "file.price"),
                ScenarioWorkbookCopy.address(R6_01_R2, "record.calls"), ScenarioWorkbookCopy.address(R6_01_R2, "expect.reasons"));
        assertThat(read.problems()).extracting(PolicyProblem::code).containsExactly("scenarios.choice", "scenarios.number", "scenarios.whole", "scenarios.codes");
    }

    @Test
    @DisplayName("A case's own columns go on its first row: a different value on a later row is refused")
    void caseColumnsOnTheFirstRowOnly() {
        PolicyProblem p = only(read(new ScenarioWorkbookCopy().text(R6_01_R2, "campaign.channel", "SMS")));

        assertThat(p.cell()).isEqualTo(ScenarioWorkbookCopy.address(R6_01_R2, "campaign.channel"));
        assertThat(p.code()).isEqualTo("scenarios.notRepeated");
        assertThat(p.message()).contains("differs from the first row of case R6-01 (row 13)");
        // the same value repeated is harmless
        assertThat(read(new ScenarioWorkbookCopy().text(R6_01_R2, "campaign.channel", "PHONE")).problems()).isEmpty();
    }

    @Test
    @DisplayName("A case that expects nothing, or whose rows are split, or that repeats a record id, is refused")
    void caseLevelProblems() {
        ScenarioWorkbookCopy nothing = new ScenarioWorkbookCopy().text(R6_01, "expect.decision", "").text(R6_01, "expect.findings", "");
        for (int row = R6_01; row <= R6_01 + 2; row++) {
            nothing.text(row, "expect.reasons", "");
        }
        PolicyProblem p = only(read(nothing));
        assertThat(p.code()).isEqualTo("scenarios.noExpectation");
        assertThat(p.cell()).isEqualTo("A13");

        PolicyProblem split = only(read(new ScenarioWorkbookCopy().text(R6_01 + 2, "case", "R1-01")));
        assertThat(split.code()).isEqualTo("scenarios.caseSplit");
        assertThat(split.cell()).isEqualTo("A15");
        assertThat(split.message()).contains("the rows of case ’R1-01’ must follow each other");
        assertThat(only(read(new ScenarioWorkbookCopy().text(R6_01_R2, "record.id", "r-1"))).message()).contains("record ’r-1’ appears twice in case R6-01");
    }

    @Test
    @DisplayName("A file that is not a workbook, or has no sheet Cases, is refused as a whole")
    void notAScenarioWorkbook() {
        ScenarioWorkbook.Read garbage = ScenarioWorkbook.read(new PolicySource(ScenarioWorkbookCopy.NAME, "not a workbook".getBytes(StandardCharsets.UTF_8)));
        assertThat(garbage.valid()).isFalse();
        assertThat(garbage.problems().get(0).message()).contains("cannot be opened as an Excel workbook");

        ScenarioWorkbook.Read renamed = read(new ScenarioWorkbookCopy().text("Cases", "A1", "x")); // still has its sheet
        assertThat(renamed.valid()).isTrue();
    }

    @Test
    @DisplayName("A wrong expected value fails its case with a clear message naming the workbook, the case and its rows; its inputs and fired rows are shown")
    void aWrongExpectationFailsItsCase() {
        ScenarioWorkbook.Read read = read(new ScenarioWorkbookCopy().text(R6_01_R2, "expect.reasons", "NONE"));

        ScenarioReport report = ScenarioRunner.run(BundledPolicy.evaluator(), read.scenarios());

        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.failureMessages()).containsExactly(
                "policies/scenarios/scenarios.xlsx, sheet Cases, case R6-01 (rows 13-15): record r-2: expected [] (contactable), got [NO_CONSENT]");
        ScenarioResult failed = report.scenarios().stream().filter(s -> !s.passed()).findFirst().orElseThrow();
        assertThat(failed.origin().caseId()).isEqualTo("R6-01");
        assertThat(failed.inputs().campaign().id()).isEqualTo("CMP-WB-TEL-12");
        assertThat(failed.inputs().records()).extracting(ProspectRecord::id).containsExactly("r-1", "r-2", "r-3");
        // the workbook row that required consent (R6) and the rule that excluded r-2 fired, with the records they matched
        assertThat(failed.fired()).anySatisfy(f -> {
            assertThat(f.source()).isEqualTo("policies/consent-regime.xlsx");
            assertThat(f.sheet()).isEqualTo("Régime");
            assertThat(f.row()).isNotNull();
            assertThat(f.ruleId()).isEqualTo("R6");
            assertThat(f.facts()).contains("record:r-2");
        });
        assertThat(failed.fired()).anySatisfy(f -> {
            assertThat(f.codes()).containsExactly("NO_CONSENT");
            assertThat(f.facts()).containsExactly("record:r-2");
        });
        assertThat(failed.fired()).extracting(ScenarioResult.FiredRule::rule).doesNotHaveDuplicates();
        // the cases that pass carry no inputs nor trace
        assertThat(report.scenarios()).filteredOn(ScenarioResult::passed).allSatisfy(s -> {
            assertThat(s.inputs()).isNull();
            assertThat(s.fired()).isNull();
        });
    }

    @Test
    @DisplayName("Coverage counts the workbook's cases: the rows they exercise name the case")
    void coverageCountsTheWorkbook() {
        ScenarioReport report = ScenarioRunner.run(BundledPolicy.evaluator(), read(new ScenarioWorkbookCopy()).scenarios());

        assertThat(report.allPassed()).as("%s", report.failureMessages()).isTrue();
        RuleCoverage c = report.coverage();
        assertThat(c.exercisedRows()).isPositive().isLessThan(c.enabledRows());
        String r5 = "policies/scenarios/scenarios.xlsx, sheet Cases, case R5-01 (rows 10-12)";
        assertThat(c.exercised()).filteredOn(e -> "R5".equals(e.ruleId()) && e.sheet() != null)
                .isNotEmpty().allSatisfy(e -> assertThat(e.exercisedBy()).contains(r5));
        // a row only the telephone cases could exercise, and no case of the workbook does: the R21a Saturday calls
        assertThat(c.uncoveredRows()).anySatisfy(e -> {
            assertThat(e.sheet()).isEqualTo("Appels");
            assertThat(e.row()).isEqualTo(15);
        });
    }
}
