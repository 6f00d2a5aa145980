package io.listguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compliance staff edit values, not code: header rows are fixed by the bundled template and every cell must hold
 * a value of its column's type. Each problem is reported at its cell, with its text, all at once.
 */
class TemplateLockTest {

    @TempDir
    Path tmp;
    WorkingCopy copy;
    TemplateLock lock;

    @BeforeEach
    void setUp() {
        copy = new WorkingCopy(tmp);
        lock = new TemplateLock(PolicySet.fromDirectories(Path.of("rules"), Path.of("policies")));
    }

    private List<PolicyProblem> problems() {
        return lock.check(copy.policySet());
    }

    @Test
    void theBundledPoliciesFollowTheirTemplate() {
        assertThat(problems()).isEmpty();
    }

    @Test
    void aTypoInAChannelCellNamesTheCellItsTextAndTheChannels() {
        copy.set("consent-regime.xlsx", "Régime", "C14", "EMAIL, EMAL, SMS");
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo("policies/consent-regime.xlsx");
            assertThat(p.sheet()).isEqualTo("Régime");
            assertThat(p.cell()).isEqualTo("C14");
            assertThat(p.cellText()).isEqualTo("EMAIL, EMAL, SMS");
            assertThat(p.message()).startsWith("C14 (Canal(aux)): 'EMAL' is not a channel; expected one or more of EMAIL, SMS, PHONE, AUTOMATED_CALL, POSTAL");
        });
    }

    @Test
    void anUnparsableDateIsReportedAtItsCell() {
        copy.set("consent-regime.xlsx", "Régime", "D17", "11/08/2026");
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.cell()).isEqualTo("D17");
            assertThat(p.message()).contains("'11/08/2026' is not a date; write it YYYY-MM-DD");
        });
    }

    @Test
    void aBrokenHeaderIsRejectedAtTheHeaderCell() {
        copy.set("record-rules.xlsx", "Enregistrements", "H12", "optedOut != YesNo.$param");
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.sheet()).isEqualTo("Enregistrements");
            assertThat(p.cell()).isEqualTo("H12");
            assertThat(p.message()).contains("fixed column header of table RecordRules")
                    .contains("expected 'optedOut == YesNo.$param'").contains("found 'optedOut != YesNo.$param'");
        });
    }

    @Test
    void aChangedRuleSetHeaderIsRejected() {
        copy.set("campaign-obligations.xlsx", "Opposition", "C7", "records");
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.cell()).isEqualTo("C7");
            assertThat(p.message()).contains("fixed RuleSet header").contains("expected 'campaign'");
        });
    }

    @Test
    void codeInjectionInAValueCellIsRejected() {
        copy.set("consent-regime.xlsx", "Régime", "B15", "CONSUMER) || true || (");
        copy.set("record-rules.xlsx", "Enregistrements", "L16", "3); System.exit(0");
        copy.set("list-quality.xlsx", "Prix", "I14", "cheap\"); out.decide(null, null); (\"");
        assertThat(problems()).extracting(PolicyProblem::cell).containsExactlyInAnyOrder("B15", "L16", "I14");
        assertThat(problems()).filteredOn(p -> !p.cell().equals("I14"))
                .allSatisfy(p -> assertThat(p.message()).contains("quotes, parentheses, semicolons and operators are not accepted"));
        assertThat(problems()).filteredOn(p -> p.cell().equals("I14"))
                .allSatisfy(p -> assertThat(p.message()).contains("contains a double quote"));
    }

    @Test
    void aMisspeltEnabledCellIsAnErrorNotASilentlyDisabledRow() {
        copy.set("record-rules.xlsx", "Enregistrements", "V14", "ture");
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.cell()).isEqualTo("V14");
            assertThat(p.message()).contains("'ture' is not true or false");
        });
    }

    @Test
    void rowsBelowABlankRowWouldBeIgnoredAndAreReported() {
        copy.insertRowBefore("record-rules.xlsx", "Enregistrements", 16);
        assertThat(problems()).extracting(PolicyProblem::message)
                .contains("row 17 comes after a blank row and would be ignored: the table ends at its first blank row; delete the blank row above");
    }

    @Test
    void aRowWithoutItsActionOrWithoutAConditionOnTheRecordIsReported() {
        copy.set("record-rules.xlsx", "Enregistrements", "R14", "");
        copy.set("consent-regime.xlsx", "Régime", "H15", "");
        assertThat(problems()).extracting(PolicyProblem::message)
                .anySatisfy(m -> assertThat(m).contains("R14 (Exclure l’enregistrement): this row says nothing here; fill it in with YES or NO"))
                .anySatisfy(m -> assertThat(m).contains("row 15 has no condition on the record").contains("Type(s) d’enregistrement"));
    }

    @Test
    void codesAndOfferCategoriesAreChecked() {
        copy.set("consent-regime.xlsx", "Régime", "L14", "no consent");
        copy.set("campaign-obligations.xlsx", "Interdictions sectorielles", "D14", "ENERGY_RENOVATION, SOLAR_PANELS");
        assertThat(problems()).extracting(PolicyProblem::message)
                .anySatisfy(m -> assertThat(m).contains("'no consent' is not a code"))
                .anySatisfy(m -> assertThat(m).contains("'SOLAR_PANELS' is not an offer category defined in sheet Offres"));
    }

    @Test
    void aWorkbookThatIsNotPartOfTheTemplateIsRejected() throws Exception {
        Files.copy(copy.policies.resolve("record-rules.xlsx"), copy.policies.resolve("my-rules.xlsx"));
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo("policies/my-rules.xlsx");
            assertThat(p.message()).contains("is not one of the policy workbooks");
        });
    }

    @Test
    void drlIsCodeThatComesWithTheReleaseAndCannotBeUploaded() throws Exception {
        Files.writeString(copy.rules.resolve("backdoor.drl"), "package io.listguard.rules;\nrule \"x\" when then System.out.println(1); end\n");
        Files.writeString(copy.rules.resolve("decision.drl"), Files.readString(copy.rules.resolve("decision.drl")).replace("-1000", "-999"));
        assertThat(problems()).extracting(PolicyProblem::source).containsExactlyInAnyOrder("rules/backdoor.drl", "rules/decision.drl");
        assertThat(problems()).extracting(PolicyProblem::message).allSatisfy(m -> assertThat(m).contains("DRL files are code"));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        copy.set("consent-regime.xlsx", "Régime", "C14", "EMAL");
        copy.set("consent-regime.xlsx", "Régime", "D17", "2026-13-01");
        copy.set("campaign-obligations.xlsx", "Opposition", "G14", "BLOKING");
        copy.set("record-rules.xlsx", "Enregistrements", "V14", "ture");
        assertThat(problems()).extracting(PolicyProblem::cell).containsExactlyInAnyOrder("C14", "D17", "G14", "V14");
    }
}
