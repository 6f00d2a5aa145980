package io.listguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.BundledPolicy;
import io.listguard.scenario.ScenarioWorkbookCopy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A reviewer reads what changed in the scenario workbook: its case rows as lines, numbered as in sheet Cases. */
class ScenarioWorkbookDiffTest {

    private static PolicyDiff.FileDiff scenarioWorkbook(PolicyDiff.Result result) {
        return result.files().stream().filter(f -> f.name().equals(ScenarioWorkbookCopy.NAME)).findFirst().orElseThrow();
    }

    @Test
    void aChangedExpectationShowsAsItsRowRemovedAndAdded() {
        PolicySet bundled = BundledPolicy.policySet();
        PolicySet changed = bundled.with(List.of(new ScenarioWorkbookCopy().text(14, "expect.reasons", "NONE").source()));

        PolicyDiff.FileDiff diff = scenarioWorkbook(PolicyDiff.compare(bundled, changed));

        assertThat(diff.status()).isEqualTo(PolicyDiff.Status.CHANGED);
        assertThat(diff.problem()).isNull();
        assertThat(diff.lines()).hasSize(2).allSatisfy(l -> assertThat(l.line()).isEqualTo(14));
        assertThat(diff.lines().get(0).status()).isEqualTo(PolicyDiff.Status.REMOVED);
        assertThat(diff.lines().get(0).text()).startsWith("R6-01 | ").endsWith(" | NO_CONSENT");
        assertThat(diff.lines().get(1).status()).isEqualTo(PolicyDiff.Status.ADDED);
        assertThat(diff.lines().get(1).text()).startsWith("R6-01 | ").endsWith(" | NONE");
        assertThat(scenarioWorkbook(PolicyDiff.compare(bundled, bundled)).lines()).isEmpty();
    }
}
