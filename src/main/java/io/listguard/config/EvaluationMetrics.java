package io.listguard.config;

import io.listguard.evaluation.EvaluationListener;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.Finding;
import io.listguard.policy.CompiledPolicy;
import io.listguard.policy.RuleOrigin;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Prometheus-ready metrics of evaluations, requests and bulk jobs alike: how many by decision, findings by code,
 * exclusions by reason, records evaluated, and latency (of requests; a job's duration apart); for bulk jobs, their
 * records by outcome and their rate; the rules that decided, by rule and source row (docs/operations.md, "Metrics,
 * logs and build information"). Tags hold codes and rule names only, never personal data or ids (bounded
 * cardinality: at most {@link #MAX_RULE_SERIES} rule series, the rest counted under {@code other}).
 */
@Component
class EvaluationMetrics implements EvaluationListener {

    /** The most (rule, source) series of {@code listguard.rules.fired}; beyond, counted under rule and source {@code other}. */
    static final int MAX_RULE_SERIES = 500;
    /** Compiled policies whose rule tags are kept (the active one, and those bulk jobs still run under). */
    private static final int POLICIES_KEPT = 8;
    static final String OTHER = "other";

    private final MeterRegistry registry;
    /** Per policy (its hash): a deciding rule's short name to its {@code rule} tag. */
    private final Map<String, Map<String, String>> ruleTags = new ConcurrentHashMap<>();
    /** (rule, source) to its counter: at most {@link #MAX_RULE_SERIES}. */
    private final Map<String, Counter> fired = new ConcurrentHashMap<>();
    private final Counter firedOther;

    EvaluationMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.firedOther = firedCounter(OTHER, OTHER);
    }

    /**
     * Once per batch: its records' deciding rules counted here, then each rule's counter incremented once by its count
     * (a batch of 1,000 records names a handful of rules). Nothing per rule firing, nothing in the engine.
     */
    @Override
    public void batchDecided(Batch batch) {
        Map<String, long[]> counts = new HashMap<>();
        for (List<String> rules : batch.decidingRules()) {
            for (int i = 0, n = rules.size(); i < n; i++) {
                counts.computeIfAbsent(rules.get(i), k -> new long[1])[0]++;
            }
        }
        if (counts.isEmpty()) {
            return;
        }
        Map<String, String> tags = ruleTags(batch.policy());
        counts.forEach((source, n) -> {
            String rule = tags.getOrDefault(source, source);
            String key = rule + '\u0000' + source;
            Counter counter = fired.get(key);
            if (counter == null) {
                counter = fired.size() >= MAX_RULE_SERIES ? firedOther : fired.computeIfAbsent(key, k -> firedCounter(rule, source));
            }
            counter.increment(n[0]);
        });
    }

    private Counter firedCounter(String rule, String source) {
        return Counter.builder("listguard.rules.fired").description("Records decided by each rule (its legal rule id or name, and its source row)")
                .tag("rule", rule).tag("source", source).register(registry);
    }

    /**
     * The {@code rule} tag of each rule of a policy by its short name ("record-rules.xlsx:Records:14"): the legal rule
     * id its row names (R1...R22, Q-...), else its exclusion code, else its name. Read once per compiled policy.
     */
    private Map<String, String> ruleTags(CompiledPolicy policy) {
        Map<String, String> tags = ruleTags.get(policy.hash());
        if (tags != null) {
            return tags;
        }
        Map<String, String> built = new HashMap<>();
        for (RuleOrigin origin : policy.origins().values()) {
            String id = origin.meta("ruleId");
            String tag = id != null && !id.isBlank() ? id.trim()
                    : origin.meta("code") != null && !origin.meta("code").isBlank() ? origin.meta("code").trim() : origin.ruleName();
            built.putIfAbsent(origin.shortName(), tag);
        }
        if (ruleTags.size() >= POLICIES_KEPT) {
            ruleTags.clear();
        }
        ruleTags.put(policy.hash(), Map.copyOf(built));
        return built;
    }

    @Override
    public void evaluated(Evaluated evaluation) {
        EvaluationResult result = evaluation.result();
        long elapsedNanos = evaluation.elapsedNanos();
        String decision = result.decision().name();
        Counter.builder("listguard.evaluations").description("Evaluations by decision")
                .tag("decision", decision).register(registry).increment();
        if (evaluation.kind() == EvaluationListener.Kind.FILE) {
            // minutes, not milliseconds: a job's time would drown the latency histogram of requests
            Timer.builder("listguard.bulk.duration").description("Time to evaluate a bulk job's file")
                    .tag("decision", decision).register(registry).record(elapsedNanos, TimeUnit.NANOSECONDS);
            long contactable = result.summary().contactable();
            long excluded = result.summary().excluded();
            long rejected = evaluation.rejectedLines();
            bulkRecords("contactable").increment(contactable);
            bulkRecords("excluded").increment(excluded);
            bulkRecords("rejected").increment(rejected);
            if (elapsedNanos > 0) {
                DistributionSummary.builder("listguard.bulk.throughput").description("Lines per second of each bulk job (evaluated and rejected)")
                        .baseUnit("lines.per.second").register(registry).record((contactable + excluded + rejected) * 1e9 / elapsedNanos);
            }
        } else {
            Timer.builder("listguard.evaluation.duration").description("Time to evaluate a request")
                    .tag("decision", decision).publishPercentileHistogram().register(registry)
                    .record(elapsedNanos, TimeUnit.NANOSECONDS);
        }
        Counter.builder("listguard.records.evaluated").description("Records evaluated")
                .register(registry).increment(result.summary().total());
        for (Finding finding : result.findings()) {
            Counter.builder("listguard.findings").description("Findings by code")
                    .tag("code", finding.code()).tag("severity", finding.severity().name())
                    .register(registry).increment();
        }
        result.summary().excludedBy().forEach((reason, count) ->
                Counter.builder("listguard.record.exclusions").description("Record exclusions by reason")
                        .tag("reason", reason).register(registry).increment(count));
    }

    private Counter bulkRecords(String outcome) {
        return Counter.builder("listguard.bulk.records").description("Lines of bulk jobs by outcome: contactable, excluded, rejected")
                .tag("outcome", outcome).register(registry);
    }
}
