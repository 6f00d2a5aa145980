package io.listguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.policy.WorkingCopy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar listguard.jar policies validate FILE}: the service's checks, before any upload. */
class PoliciesValidateCommandTest {

    @TempDir
    Path tmp;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aWorkbookWithATypoIsReportedAtItsCellWithExitCodeOne() {
        WorkingCopy copy = new WorkingCopy(tmp).set("consent-regime.xlsx", "Régime", "C14", "EMAL");

        int code = run("policies", "validate", copy.policies.resolve("consent-regime.xlsx").toString());

        assertThat(code).isEqualTo(1);
        assertThat(output()).contains("ERROR    policies/consent-regime.xlsx, sheet Régime, cell C14: C14 (Canal(aux)): “EMAL” is not a channel")
                .contains("[cell text: EMAL]").contains("REJECTED");
    }

    @Test
    void aValidWorkbookPassesWithItsScenariosAndCoverage() {
        WorkingCopy copy = new WorkingCopy(tmp).set("list-quality.xlsx", "Prix", "D14", "120");

        int code = run("policies", "validate", copy.policies.resolve("list-quality.xlsx").toString());

        assertThat(code).as(output()).isZero();
        assertThat(output()).contains("1 file(s) checked with the bundled policies").contains("Scenarios: ")
                .contains(" 0 failed").contains("enabled rows exercised").contains("VALID");
    }

    @Test
    void jsonOutputCarriesTheSameReport() {
        WorkingCopy copy = new WorkingCopy(tmp).set("record-rules.xlsx", "Enregistrements", "V14", "ture");

        int code = run("policies", "validate", "--json", copy.policies.resolve("record-rules.xlsx").toString());

        assertThat(code).isEqualTo(1);
        assertThat(output()).contains("\"valid\" : false").contains("\"cell\" : \"V14\"").contains("\"cellText\" : \"ture\"");
    }

    @Test
    void badUsageIsExitCodeTwo() {
        assertThat(run("policies", "frobnicate")).isEqualTo(2);
        assertThat(run("policies", "validate", tmp.resolve("missing.xlsx").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage").contains("cannot read");
    }

    @Test
    void aScenarioWorkbookIsCheckedCellByCellAndItsCasesRun() throws Exception {
        Path failing = java.nio.file.Files.write(tmp.resolve("scenarios.xlsx"),
                new io.listguard.scenario.ScenarioWorkbookCopy().text(14, "expect.reasons", "NONE").bytes());
        assertThat(run("policies", "validate", failing.toString())).isEqualTo(1);
        assertThat(output()).contains("FAILED   policies/scenarios/scenarios.xlsx, sheet Cases, case R6-01 (rows 13-15): record r-2: "
                + "expected [] (contactable), got [NO_CONSENT]").contains("REJECTED");

        out.reset();
        Path badCell = java.nio.file.Files.write(tmp.resolve("mes-scenarios.xlsx"),
                new io.listguard.scenario.ScenarioWorkbookCopy().text(13, "campaign.channel", "TELEPHONE").bytes());
        assertThat(run("policies", "validate", badCell.toString())).isEqualTo(1);
        assertThat(output()).contains("ERROR    policies/scenarios/mes-scenarios.xlsx, sheet Cases, cell F13: F13 (Canal / Channel): "
                + "’TELEPHONE’ is not one of EMAIL, SMS, PHONE, AUTOMATED_CALL, POSTAL").contains("[cell text: TELEPHONE]");
    }

    // ------------------------------------------------------------------ issue 16: French first

    /** Words of the English report that a French reader must not see (the file names, codes and cell texts aside). */
    private static final java.util.List<String> ENGLISH_WORDS = java.util.List.of("ERROR ", "WARNING ", "file(s) checked", "bundled policies",
            ", sheet ", ", cell ", "[cell text", "Scenarios:", "passed", "failed", "Coverage:", "enabled rows", "UNTESTED", "VALID:", "REJECTED");

    @Test
    void withLangFrABrokenWorkbookIsReportedInFrench() {
        WorkingCopy copy = new WorkingCopy(tmp).set("consent-regime.xlsx", "Régime", "C14", "EMAL");

        int code = run("--lang", "fr", "policies", "validate", copy.policies.resolve("consent-regime.xlsx").toString());

        assertThat(code).isEqualTo(1);
        assertThat(output()).contains("1 fichier(s) vérifié(s) avec les politiques livrées")
                .containsPattern("ERREUR   policies/consent-regime\\.xlsx, feuille [^,]+, cellule C14 : ")
                .contains("[texte de la cellule : EMAL]")
                .contains("REFUSÉ : corrigez les problèmes ci-dessus ; rien ne serait activé");
        ENGLISH_WORDS.forEach(english -> assertThat(output()).as("French output without “%s”", english).doesNotContain(english));
    }

    @Test
    void withLangFrAValidWorkbookPassesInFrenchWithItsScenariosAndCoverage() {
        WorkingCopy copy = new WorkingCopy(tmp).set("list-quality.xlsx", "Prix", "D14", "120");

        int code = run("policies", "validate", "--lang", "fr", copy.policies.resolve("list-quality.xlsx").toString());

        assertThat(code).as(output()).isZero();
        assertThat(output()).contains("1 fichier(s) vérifié(s) avec les politiques livrées").containsPattern("Scénarios : \\d+ réussi\\(s\\), 0 en échec")
                .containsPattern("Couverture : \\d+ ligne\\(s\\) active\\(s\\) sur \\d+ exercée\\(s\\) par un scénario")
                .contains("VALIDE : ces fichiers peuvent être envoyés");
        ENGLISH_WORDS.forEach(english -> assertThat(output()).as("French output without “%s”", english).doesNotContain(english));
    }

    @Test
    void withLangEnTheReportIsEnglishWhateverTheLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.FRANCE);
        try {
            WorkingCopy copy = new WorkingCopy(tmp).set("consent-regime.xlsx", "Régime", "C14", "EMAL");

            assertThat(run("--lang", "en", "policies", "validate", copy.policies.resolve("consent-regime.xlsx").toString())).isEqualTo(1);

            assertThat(output()).contains("1 file(s) checked with the bundled policies").containsPattern("ERROR    policies/consent-regime\\.xlsx, sheet [^,]+, cell C14: ")
                    .contains("[cell text: EMAL]").contains("REJECTED: fix the problems above").doesNotContain("ERREUR").doesNotContain("REFUSÉ");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void withoutLangAFrenchLocaleSpeaksFrenchAndAnyOtherEnglish() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.FRANCE);
            assertThat(run("policies", "frobnicate")).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("utilisation : java -jar listguard.jar").doesNotContain("usage:");

            err.reset();
            Locale.setDefault(Locale.GERMANY);
            assertThat(run("policies", "frobnicate")).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: java -jar listguard.jar").doesNotContain("utilisation");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void anUnknownLanguageIsBadUsage() {
        assertThat(run("--lang", "de", "policies", "validate", "x.xlsx")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--lang de");
        assertThat(Cli.handles(new String[] {"--lang", "fr", "policies", "validate"})).isTrue();
        assertThat(Cli.handles(new String[] {"--server.port=8081"})).isFalse();
    }

    @Test
    void aFailedScenarioIsReportedInFrench() throws Exception {
        Path failing = java.nio.file.Files.write(tmp.resolve("scenarios.xlsx"),
                new io.listguard.scenario.ScenarioWorkbookCopy().text(14, "expect.reasons", "NONE").bytes());

        assertThat(run("--lang", "fr", "policies", "validate", failing.toString())).isEqualTo(1);

        assertThat(output()).contains("ÉCHEC    policies/scenarios/scenarios.xlsx, feuille Cases, cas R6-01 (lignes 13 à 15) : enregistrement r-2 : "
                + "attendu [] (contactable), obtenu [NO_CONSENT]").containsPattern("Scénarios : \\d+ réussi\\(s\\), 1 en échec").contains("REFUSÉ");
        ENGLISH_WORDS.forEach(english -> assertThat(output()).as("French output without “%s”", english).doesNotContain(english));
    }

    @Test
    void countsAreGroupedByLanguage() {
        assertThat(new CliTexts(Locale.ENGLISH).count(12_000)).isEqualTo("12,000");
        String french = new CliTexts(Locale.FRENCH).count(12_000);
        assertThat(french).startsWith("12").endsWith("000").hasSize(6).doesNotContain(",").doesNotContain(".");
        assertThat(Character.isSpaceChar(french.charAt(2))).as("a (narrow) no-break space groups the thousands").isTrue();
        assertThat(new CliTexts(Locale.FRENCH).text("cli.validate.scenarios", new CliTexts(Locale.FRENCH).count(1234), "0"))
                .isEqualTo("Scénarios : 1" + french.charAt(2) + "234 réussi(s), 0 en échec");
    }
}
