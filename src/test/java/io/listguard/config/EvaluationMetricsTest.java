package io.listguard.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.BundledPolicy;
import io.listguard.evaluation.EvaluationListener;
import io.listguard.policy.CompiledPolicy;
import io.listguard.policy.RuleOrigin;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule firings' series: one increment per rule per batch, tagged by legal rule id, and no more than 500 series. */
class EvaluationMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EvaluationMetrics metrics = new EvaluationMetrics(registry);
    private final CompiledPolicy policy = BundledPolicy.evaluator().policy();

    @Test
    void aBatchCountsEachDecidingRuleOnceWithItsRuleId() {
        RuleOrigin row = policy.origins().values().stream().filter(o -> o.fromSpreadsheet() && o.meta("ruleId") != null).findFirst().orElseThrow();
        String source = row.shortName();
        metrics.batchDecided(new EvaluationListener.Batch(EvaluationListener.Kind.FILE, policy,
                List.of(List.of(source), List.of(source, "regime.drl:Other"), List.of())));

        Counter counter = registry.find("listguard.rules.fired").tag("source", source).counter();
        assertThat(counter.getId().getTag("rule")).isEqualTo(row.meta("ruleId").trim());
        assertThat(counter.count()).isEqualTo(2.0);
        // a name the policy does not know is its own rule tag
        assertThat(registry.find("listguard.rules.fired").tag("source", "regime.drl:Other").counter().getId().getTag("rule"))
                .isEqualTo("regime.drl:Other");
    }

    @Test
    void seriesAreCappedAndTheRestIsCountedUnderOther() {
        List<List<String>> records = new ArrayList<>();
        for (int i = 0; i < EvaluationMetrics.MAX_RULE_SERIES + 100; i++) {
            records.add(List.of("generated.drl:rule " + i));
        }
        metrics.batchDecided(new EvaluationListener.Batch(EvaluationListener.Kind.REQUEST, policy, records));

        // 500 named series, and the one named other
        assertThat(registry.find("listguard.rules.fired").counters()).hasSize(EvaluationMetrics.MAX_RULE_SERIES + 1);
        double total = registry.find("listguard.rules.fired").counters().stream().mapToDouble(Counter::count).sum();
        assertThat(total).isEqualTo(EvaluationMetrics.MAX_RULE_SERIES + 100);
        assertThat(registry.find("listguard.rules.fired").tag("rule", "other").tag("source", "other").counter().count()).isEqualTo(100.0);
    }
}
