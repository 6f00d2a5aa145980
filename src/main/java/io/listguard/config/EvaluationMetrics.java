package io.listguard.config;

import io.listguard.evaluation.EvaluationListener;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.Finding;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Prometheus-ready metrics of evaluations, requests and bulk jobs alike: how many by decision, findings by code,
 * exclusions by reason, records evaluated, and latency (of requests; a job's duration apart). Tags hold codes only, never personal data or ids (bounded cardinality).
 */
@Component
class EvaluationMetrics implements EvaluationListener {

    private final MeterRegistry registry;

    EvaluationMetrics(MeterRegistry registry) {
        this.registry = registry;
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
}
