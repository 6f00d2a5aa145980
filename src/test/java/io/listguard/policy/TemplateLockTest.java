package io.listguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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

    private static String fr(PolicyProblem p) {
        return p.message(Locale.FRENCH);
    }

    private static String en(PolicyProblem p) {
        return p.message(Locale.ENGLISH);
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
            assertThat(p.code()).isEqualTo("policy.value.channel");
            assertThat(en(p)).startsWith("C14 (Canal(aux)): “EMAL” is not a channel; write one of EMAIL, SMS, PHONE, AUTOMATED_CALL, POSTAL");
            assertThat(fr(p)).startsWith("C14 (Canal(aux)) : « EMAL » n’est pas un canal ; écrivez l’une de ces valeurs : EMAIL, SMS, PHONE, AUTOMATED_CALL, POSTAL");
            assertThat(p.message()).isEqualTo(en(p));
        });
    }

    @Test
    void anUnparsableDateIsReportedAtItsCell() {
        copy.set("consent-regime.xlsx", "Régime", "D17", "11 août 2026");
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.cell()).isEqualTo("D17");
            assertThat(en(p)).contains("“11 août 2026” is not a date; write it DD/MM/YYYY (e.g. 11/08/2026) or YYYY-MM-DD (2026-08-11)");
            assertThat(fr(p)).contains("« 11 août 2026 » n’est pas une date ; écrivez-la JJ/MM/AAAA (par exemple 11/08/2026) ou AAAA-MM-JJ (2026-08-11)");
        });
    }

    @Test
    void anImpossibleDateSaysThatDayDoesNotExistInBothWritings() {
        copy.set("consent-regime.xlsx", "Régime", "D17", "31/02/2026");
        copy.set("consent-regime.xlsx", "Régime", "D18", "2026-02-31");
        assertThat(problems()).extracting(PolicyProblem::cell).containsExactlyInAnyOrder("D17", "D18");
        assertThat(problems()).allSatisfy(p -> {
            assertThat(p.code()).isEqualTo("policy.value.dateMissing");
            assertThat(fr(p)).contains("le 31 février 2026 n’existe pas").doesNotContain("n’est pas une date");
            assertThat(en(p)).contains("31 February 2026 does not exist").doesNotContain("is not a date");
        });
        copy.set("consent-regime.xlsx", "Régime", "D17", "2026-13-01");
        copy.set("consent-regime.xlsx", "Régime", "D18", "2026-09-01");
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(fr(p)).contains("il n’y a pas de mois 13");
            assertThat(en(p)).contains("there is no month 13");
        });
    }

    @Test
    void datesNumbersAndYesNoAreAcceptedAsPeopleTypeThem() {
        copy.set("consent-regime.xlsx", "Régime", "D17", "11/08/2026");       // a French text date
        copy.setDate("consent-regime.xlsx", "Régime", "D18", java.time.LocalDate.of(2026, 8, 11), "dd/mm/yyyy"); // a real Excel date
        copy.set("record-rules.xlsx", "Enregistrements", "R14", "Oui");               // YES in French, any case
        copy.set("record-rules.xlsx", "Enregistrements", "V14", "VRAI");              // true in French
        copy.setBoolean("record-rules.xlsx", "Enregistrements", "V15", true);         // a real Excel boolean
        assertThat(problems()).isEmpty();
    }

    @Test
    void frenchDayNamesAreAcceptedWholeOrShortAndReadAsTheDays() throws Exception {
        copy.set("campaign-obligations.xlsx", "Appels", "F15", "samedi, Dim.");
        copy.set("campaign-obligations.xlsx", "Appels", "F16", "LUNDI,mar, Mercredi");
        assertThat(problems()).isEmpty();

        java.util.Map<Integer, String> typed = new java.util.HashMap<>();
        for (DecisionTable table : Workbooks.tables(new PolicySource("policies/campaign-obligations.xlsx", copy.bytes("campaign-obligations.xlsx")))) {
            if (!SheetNames.canonical(table.sheet()).equals(SheetNames.canonical("Appels"))) {
                continue;
            }
            table.rows().stream().filter(r -> r.number() == 15 || r.number() == 16).forEach(r -> table.columns().stream()
                    .filter(c -> c.letter().equals("F")).forEach(c -> typed.put(r.number(), r.cells().get(c.index()))));
        }
        assertThat(typed).containsEntry(15, "SATURDAY,SUNDAY").containsEntry(16, "MONDAY,TUESDAY,WEDNESDAY");
    }

    @Test
    void aDayThatIsNoDaySaysWhatToTypeInBothLanguages() {
        copy.set("campaign-obligations.xlsx", "Appels", "F15", "samedi, LUNDY");
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.cell()).isEqualTo("F15");
            assertThat(fr(p)).contains("« LUNDY » n’est pas un jour ; écrivez un ou plusieurs jours séparés par des virgules, en toutes lettres "
                    + "ou en abrégé (lundi, mar, SAMEDI…), ou l’un de ces noms : MONDAY, TUESDAY");
            assertThat(en(p)).contains("“LUNDY” is not a day; write one or more days separated by commas, in French whole or short "
                    + "(lundi, mar, SAMEDI…) or as one of these names: MONDAY, TUESDAY");
        });
    }

    @Test
    void aYesNoCellThatIsNeitherSaysWhatToType() {
        copy.set("record-rules.xlsx", "Enregistrements", "R14", "peut-être");
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.cell()).isEqualTo("R14");
            assertThat(fr(p)).isEqualTo("R14 (Exclure l’enregistrement) : « peut-être » n’est ni oui ni non ; écrivez OUI ou NON (YES ou NO sont aussi acceptés)");
            assertThat(en(p)).isEqualTo("R14 (Exclure l’enregistrement): “peut-être” is neither yes nor no; write YES or NO (OUI and NON are accepted too)");
        });
    }

    @Test
    void aDeletedColumnIsNamedByItsLabelAndLetter() {
        copy.deleteColumn("consent-regime.xlsx", "Régime", "F");
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("policy.lock.columnMissing");
            assertThat(fr(p)).startsWith("la colonne « Catégories d’offres » (F) du modèle manque dans la table");
            assertThat(en(p)).startsWith("the template’s column “Catégories d’offres” (F) is missing from table");
            assertThat(en(p)).doesNotContain("columns where the template has");
        });
    }

    @Test
    void anInsertedColumnIsNamedByItsLabelAndLetter() {
        copy.insertColumnBefore("consent-regime.xlsx", "Régime", "F", "CONDITION", "My column");
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("policy.lock.columnExtra");
            assertThat(fr(p)).startsWith("la colonne « My column » (F) n’existe pas dans le modèle de la table");
            assertThat(en(p)).startsWith("the column “My column” (F) is not in the template of table");
        });
    }

    @Test
    void aFormulaTypedAsTextIsCalledAFormula() {
        copy.set("record-rules.xlsx", "Enregistrements", "L16", "=SI(A1>2;3;4)");
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("policy.value.formula");
            assertThat(fr(p)).contains("cette cellule contient une formule (« =SI(A1>2;3;4) »)").contains("jamais une formule");
            assertThat(en(p)).contains("this cell holds a formula (“=SI(A1>2;3;4)”)").contains("never a formula");
        });
    }

    @Test
    void aBrokenHeaderIsRejectedAtTheHeaderCell() {
        copy.set("record-rules.xlsx", "Enregistrements", "H12", "optedOut != YesNo.$param");
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.sheet()).isEqualTo("Enregistrements");
            assertThat(p.cell()).isEqualTo("H12");
            assertThat(en(p)).contains("fixed column header of table RecordRules")
                    .contains("expected “optedOut == YesNo.$param”").contains("found “optedOut != YesNo.$param”");
            assertThat(fr(p)).contains("l’en-tête des colonnes de la table RecordRules")
                    .contains("il faut « optedOut == YesNo.$param », elle contient « optedOut != YesNo.$param »");
        });
    }

    @Test
    void aChangedRuleSetHeaderIsRejected() {
        copy.set("campaign-obligations.xlsx", "Opposition", "C7", "records");
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.cell()).isEqualTo("C7");
            assertThat(en(p)).contains("fixed RuleSet header").contains("expected “campaign”");
            assertThat(fr(p)).contains("l’en-tête RuleSet").contains("il faut « campaign »");
        });
    }

    @Test
    void codeInjectionInAValueCellIsRejected() {
        copy.set("consent-regime.xlsx", "Régime", "B15", "CONSUMER) || true || (");
        copy.set("record-rules.xlsx", "Enregistrements", "L16", "3); System.exit(0");
        copy.set("list-quality.xlsx", "Prix", "I14", "cheap\"); out.decide(null, null); (\"");
        assertThat(problems()).extracting(PolicyProblem::cell).containsExactlyInAnyOrder("B15", "L16", "I14");
        assertThat(problems()).filteredOn(p -> p.cell().equals("B15")).singleElement().satisfies(p -> {
            assertThat(fr(p)).contains("contient des caractères de code (« ) » « | » « ( »)");
            assertThat(en(p)).contains("contains code characters (« ) » « | » « ( »)");
        });
        assertThat(problems()).filteredOn(p -> p.cell().equals("L16")).singleElement()
                .satisfies(p -> assertThat(en(p)).contains("contains code characters (« ) » « ; » « ( »)"));
        assertThat(problems()).filteredOn(p -> p.cell().equals("I14"))
                .allSatisfy(p -> assertThat(en(p)).contains("contains a straight double quote"));
    }

    @Test
    void aMisspeltEnabledCellIsAnErrorNotASilentlyDisabledRow() {
        copy.set("record-rules.xlsx", "Enregistrements", "V14", "ture");
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.cell()).isEqualTo("V14");
            assertThat(en(p)).contains("“ture” does not say whether the row is enabled; write TRUE or FALSE");
            assertThat(fr(p)).contains("« ture » ne dit pas si la ligne est active ; écrivez VRAI ou FAUX");
        });
    }

    @Test
    void rowsBelowABlankRowWouldBeIgnoredAndAreReported() {
        copy.insertRowBefore("record-rules.xlsx", "Enregistrements", 16);
        assertThat(problems()).extracting(TemplateLockTest::en)
                .contains("row 17 comes after a blank row and would be ignored: the table ends at its first blank row. Delete the blank row above");
        assertThat(problems()).extracting(TemplateLockTest::fr)
                .contains("la ligne 17 vient après une ligne vide et serait ignorée : la table s’arrête à sa première ligne vide. Supprimez la ligne vide au-dessus");
    }

    @Test
    void aRowWithoutItsActionOrWithoutAConditionOnTheRecordIsReported() {
        copy.set("record-rules.xlsx", "Enregistrements", "R14", "");
        copy.set("consent-regime.xlsx", "Régime", "H15", "");
        assertThat(problems()).extracting(TemplateLockTest::en)
                .anySatisfy(m -> assertThat(m).contains("R14 (Exclure l’enregistrement): this row says nothing here; write YES or NO"))
                .anySatisfy(m -> assertThat(m).contains("row 15 has no condition on the record").contains("Type(s) d’enregistrement"));
        assertThat(problems()).extracting(TemplateLockTest::fr)
                .anySatisfy(m -> assertThat(m).contains("R14 (Exclure l’enregistrement) : cette ligne ne dit rien ici ; écrivez OUI ou NON"))
                .anySatisfy(m -> assertThat(m).contains("la ligne 15 n’a aucune condition sur l’enregistrement").contains("Type(s) d’enregistrement"));
    }

    @Test
    void codesAndOfferCategoriesAreChecked() {
        copy.set("consent-regime.xlsx", "Régime", "L14", "no consent");
        copy.set("campaign-obligations.xlsx", "Interdictions sectorielles", "D14", "ENERGY_RENOVATION, SOLAR_PANELS");
        assertThat(problems()).extracting(TemplateLockTest::en)
                .anySatisfy(m -> assertThat(m).contains("“no consent” is not a code"))
                .anySatisfy(m -> assertThat(m).contains("“SOLAR_PANELS” is not an offer category defined in the offers sheet"));
        assertThat(problems()).extracting(TemplateLockTest::fr)
                .anySatisfy(m -> assertThat(m).contains("« no consent » n’est pas un code"))
                .anySatisfy(m -> assertThat(m).contains("« SOLAR_PANELS » n’est pas une catégorie d’offre définie dans la feuille des offres"));
    }

    @Test
    void aWorkbookThatIsNotPartOfTheTemplateIsRejected() throws Exception {
        Files.copy(copy.policies.resolve("record-rules.xlsx"), copy.policies.resolve("my-rules.xlsx"));
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo("policies/my-rules.xlsx");
            assertThat(en(p)).contains("is not one of the policy workbooks");
            assertThat(fr(p)).contains("« my-rules.xlsx » n’est pas l’un des classeurs de la politique");
        });
    }

    @Test
    void drlIsCodeThatComesWithTheReleaseAndCannotBeUploaded() throws Exception {
        Files.writeString(copy.rules.resolve("backdoor.drl"), "package io.listguard.rules;\nrule \"x\" when then System.out.println(1); end\n");
        Files.writeString(copy.rules.resolve("decision.drl"), Files.readString(copy.rules.resolve("decision.drl")).replace("-1000", "-999"));
        assertThat(problems()).extracting(PolicyProblem::source).containsExactlyInAnyOrder("rules/backdoor.drl", "rules/decision.drl");
        assertThat(problems()).extracting(PolicyProblem::message).allSatisfy(m -> assertThat(m).contains("DRL files are code"));
        assertThat(problems()).extracting(TemplateLockTest::fr).allSatisfy(m -> assertThat(m).contains("les fichiers DRL sont du code"));
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
