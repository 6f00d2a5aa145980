package io.listguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.policy.WorkingCopy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
        assertThat(output()).contains("ERROR    policies/consent-regime.xlsx, sheet Régime, cell C14: C14 (Canal(aux)): 'EMAL' is not a channel")
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
}
