package io.listguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The consent regime must decide each case with one row: overlaps and gaps are reported with the rows' addresses. */
class SingleHitAnalysisTest {

    @TempDir
    Path tmp;
    WorkingCopy copy;
    final SingleHitAnalysis analysis = new SingleHitAnalysis(LocalDate.of(2020, 1, 1));

    @BeforeEach
    void setUp() {
        copy = new WorkingCopy(tmp);
    }

    private List<PolicyProblem> warnings() {
        return analysis.analyse(copy.policySet());
    }

    @Test
    void theBundledRegimeHasNeitherOverlapsNorGapsSince2020() {
        assertThat(warnings()).isEmpty();
    }

    @Test
    void enablingTheUnconfirmedR13RowsOverlapsTheDefaultRowForBusinessSms() {
        copy.set("consent-regime.xlsx", "Régime", "P23", "true");
        assertThat(warnings()).singleElement().satisfies(w -> {
            assertThat(w.sheet()).isEqualTo("Régime");
            assertThat(w.cell()).isEqualTo("B23");
            assertThat(w.message()).startsWith("rows 23 and 25 overlap")
                    .contains("Canal(aux) AUTOMATED_CALL, SMS")
                    .contains("Offre liée au métier de la personne YES")
                    .contains("OPT_OUT / - against CONSENT_REQUIRED / NO_CONSENT");
            assertThat(w.message(java.util.Locale.FRENCH)).startsWith("les lignes 23 et 25 se recoupent (")
                    .contains("Canal(aux) AUTOMATED_CALL, SMS")
                    .contains("décident différemment : OPT_OUT / - contre CONSENT_REQUIRED / NO_CONSENT").doesNotContain("⟦");
        });
    }

    @Test
    void switchingOffARowLeavesAGapThatIsNamed() {
        copy.set("consent-regime.xlsx", "Régime", "P25", "false");
        assertThat(warnings()).singleElement().satisfies(w -> {
            assertThat(w.cell()).isEqualTo("B9");
            assertThat(w.message(java.util.Locale.FRENCH)).startsWith("aucune ligne active ne couvre 8 cas ;").doesNotContain("⟦");
            assertThat(w.message()).startsWith("no enabled row covers 8 case(s)")
                    .contains("Public BUSINESS, Canal(aux) SMS, Type(s) d’enregistrement PERSON, Offre liée au métier de la personne YES, Contrat en cours lié à l’offre YES");
        });
    }

    @Test
    void aGapInTimeIsReportedWithItsPeriod() {
        copy.set("consent-regime.xlsx", "Régime", "D17", "2026-09-01");
        copy.set("consent-regime.xlsx", "Régime", "D18", "2026-09-01");
        assertThat(warnings()).singleElement().satisfies(w ->
        {
            assertThat(w.message()).contains("Public CONSUMER, Canal(aux) PHONE").contains("2026-08-11 to 2026-08-31");
            assertThat(w.message(java.util.Locale.FRENCH)).contains("Public CONSUMER, Canal(aux) PHONE").contains("du 2026-08-11 au 2026-08-31");
        });
    }
}
